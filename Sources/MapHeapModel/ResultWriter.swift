import Foundation
#if canImport(Glibc)
import Glibc
private let _systemWrite = Glibc.write
private let _systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let _systemWrite = Darwin.write
private let _systemRead = Darwin.read
#endif

/// Writes a result directory one workload at a time, every row whole or not at all.
///
/// `init` creates the directory and (re)writes `summary.csv`, `curve.csv` and `growth.csv` with
/// their headers only. Each `append` encodes one workload's rows into one chunk per file and writes
/// it with `write(2)` on a descriptor opened with `O_APPEND`, then `fsync`s it. Curve and growth
/// rows go first and the summary row last, so a workload that has a summary row has all its other
/// rows on disk too. A write that fails part way (a full disk) is undone in every file: each is cut
/// back to its length before the append. Only a process killed in the middle of a `write(2)` can
/// leave a torn last row, and the reader (`ResultSet.read`) drops such a tail, saying so (a whole
/// last row that merely lacks its line break is read).
public struct ResultWriter: Sendable {
    /// The result directory.
    public let directory: String

    /// The path of `summary.csv` in the directory.
    public var summaryPath: String { path(SummaryRow.csvFileName) }
    /// The path of `curve.csv` in the directory.
    public var curvePath: String { path(CurveRow.csvFileName) }
    /// The path of `growth.csv` in the directory.
    public var growthPath: String { path(GrowthRow.csvFileName) }
    /// The path of `latency.csv` in the directory.
    public var latencyPath: String { path(LatencyRow.csvFileName) }

    /// Creates `directory` (and its parents) if needed and writes the three files with headers only,
    /// replacing any result files already there. Throws a `CSVError` naming the path on failure.
    public init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CSVError(file: directory, line: nil, message: "cannot create the result directory: \(error)")
        }
        try ResultWriter.write(SummaryRow.csvHeader, to: summaryPath, truncate: true)
        try ResultWriter.write(CurveRow.csvHeader, to: curvePath, truncate: true)
        try ResultWriter.write(GrowthRow.csvHeader, to: growthPath, truncate: true)
        try ResultWriter.write(LatencyRow.csvHeader, to: latencyPath, truncate: true)
    }

    /// Appends one workload's rows: its curve points, its growths, its latency rows (as given: the run
    /// merges their histogram buckets into `LatencyBins` first unless `--every-bucket`), then its summary row.
    ///
    /// All or nothing: when any write fails (a full disk), every file is cut back to the length it
    /// had before, so no file ends in a torn row and no curve rows stand without their summary row.
    public func append(summary: SummaryRow, curve: [CurveRow], growth: [GrowthRow],
                       latency: [LatencyRow] = []) throws {
        try ResultWriter.append([
            (curvePath, curve.map(\.csvRecord).joined()),
            (growthPath, growth.map(\.csvRecord).joined()),
            (latencyPath, latency.map(\.csvRecord).joined()),
            (summaryPath, summary.csvRecord),
        ])
    }

    private func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Writes `text` to `path` (appending unless `truncate`), in one chunk, and syncs it to disk. An
    /// append that fails is undone (the file is cut back to its earlier length).
    static func write(_ text: String, to path: String, truncate: Bool) throws {
        if truncate {
            let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_TRUNC, 0o644)
            guard fd >= 0 else { throw failure(path, "cannot open for writing") }
            defer { close(fd) }
            try writeAll(fd, Array(text.utf8), path: path)
        } else {
            try append([(path, text)])
        }
    }

    /// Appends each text to its file, all or nothing (see `append(summary:curve:growth:)`).
    static func append(_ texts: [(path: String, text: String)]) throws {
        var opened: [(fd: Int32, length: off_t)] = []
        defer { for file in opened { close(file.fd) } }
        do {
            for (path, text) in texts where !text.isEmpty {
                let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
                guard fd >= 0 else { throw failure(path, "cannot open for appending") }
                let length = lseek(fd, 0, SEEK_END)
                opened.append((fd, length))
                guard length >= 0 else { throw failure(path, "cannot find the end") }
                try writeAll(fd, Array(text.utf8), path: path)
            }
        } catch {
            // Cutting back frees the space the torn tail took, so it works on a full disk too.
            for file in opened where file.length >= 0 {
                _ = ftruncate(file.fd, file.length)
                _ = fsync(file.fd)
            }
            throw error
        }
    }

    /// Writes `bytes` whole to `fd` and syncs; throws a `CSVError` naming `path` and the reason.
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        if let injected = _injectedWriteFailure(path, bytes: bytes.count) {
            // Half the bytes, then the failure: the torn write a full disk leaves.
            _ = bytes.withUnsafeBytes { _systemWrite(fd, $0.baseAddress, bytes.count / 2) }
            errno = injected
            throw failure(path, "cannot write")
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                _systemWrite(fd, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot write")
            }
            written += result
        }
        guard fsync(fd) == 0 else { throw failure(path, "cannot sync to disk") }
    }

    /// Writes `text` as the whole new content of `path`, atomically: into `.NAME.tmp-PID` beside it,
    /// synced, then renamed over `path`. On failure the temporary file is removed and `path` is as it was.
    public static func replace(_ path: String, with text: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(temporary, "cannot create") }
        do {
            try writeAll(fd, Array(text.utf8), path: path)
            close(fd)
            guard rename(temporary, path) == 0 else { throw failure(path, "cannot replace") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ path: String, _ what: String) -> CSVError {
        CSVError(file: path, line: nil, message: what + ": " + String(cString: strerror(errno)))
    }
}

/// Test hook: `MAPHEAP_TEST_FAIL_WRITE=PATH:N` makes the N-th write (from 1) to the file PATH fail
/// with ENOSPC after writing half its bytes, as a full disk does. Nil (no failure) otherwise.
private func _injectedWriteFailure(_ path: String, bytes: Int) -> Int32? {
    guard let spec = ProcessInfo.processInfo.environment["MAPHEAP_TEST_FAIL_WRITE"],
          let colon = spec.lastIndex(of: ":"), let target = Int(spec[spec.index(after: colon)...]),
          String(spec[..<colon]) == path else { return nil }
    let count = _injectedWrites.withLock { counts in
        counts[path, default: 0] += 1
        return counts[path, default: 0]
    }
    return count == target ? ENOSPC : nil
}

/// Writes seen per file name by the test hook above.
private let _injectedWrites = _Locked<[String: Int]>([:])

/// A value behind a lock.
final class _Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    /// Runs `body` on the value while holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension ResultSet {
    /// Writes the whole result set to `directory` (through a `ResultWriter`, workload by workload).
    ///
    /// Curve, growth and latency rows are grouped with their summary row by workload name; rows of
    /// workloads without a summary row are appended at the end.
    public func write(to directory: String) throws {
        let writer = try ResultWriter(directory: directory)
        var curveLeft = curve
        var growthLeft = growth
        var latencyLeft = latency
        for row in summary {
            let curveRows = curveLeft.filter { $0.workload == row.workload }
            let growthRows = growthLeft.filter { $0.workload == row.workload }
            let latencyRows = latencyLeft.filter { $0.workload == row.workload }
            curveLeft.removeAll { $0.workload == row.workload }
            growthLeft.removeAll { $0.workload == row.workload }
            latencyLeft.removeAll { $0.workload == row.workload }
            try writer.append(summary: row, curve: curveRows, growth: growthRows, latency: latencyRows)
        }
        if !curveLeft.isEmpty {
            try ResultWriter.write(curveLeft.map(\.csvRecord).joined(), to: writer.curvePath, truncate: false)
        }
        if !growthLeft.isEmpty {
            try ResultWriter.write(growthLeft.map(\.csvRecord).joined(), to: writer.growthPath, truncate: false)
        }
        if !latencyLeft.isEmpty {
            try ResultWriter.write(latencyLeft.map(\.csvRecord).joined(), to: writer.latencyPath, truncate: false)
        }
    }

    /// The `summary.csv` a result path names: DIR/summary.csv for a directory, else the path itself.
    public static func summaryPath(of path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return path
        }
        return (path as NSString).appendingPathComponent(SummaryRow.csvFileName)
    }

    /// Reads a result set from a result directory or from the path of a `summary.csv`.
    ///
    /// `summary.csv` is required; `curve.csv` and `growth.csv` are read from the same directory when
    /// present (empty otherwise), unless `curvesNeededBecause` gives a reason to require them: then
    /// a missing one is an error saying "missing; " and that reason. Throws a `CSVError`
    /// (`file:line: what is wrong`) on any problem. A file whose last row is torn (cut short by a write
    /// that did not finish: not merely without its line break) is read up to the whole rows before it,
    /// and `warn` receives one line saying so.
    public static func read(from path: String, curvesNeededBecause reason: String? = nil,
                            warn: (String) -> Void = _warnOnStandardError) throws -> ResultSet {
        let summary = try readSummary(from: path, warn: warn)
        let directory = (summaryPath(of: path) as NSString).deletingLastPathComponent
        let folder = (directory.isEmpty ? "." : directory) as NSString
        let curvePath = folder.appendingPathComponent(CurveRow.csvFileName)
        let growthPath = folder.appendingPathComponent(GrowthRow.csvFileName)
        let optional = reason.map { "missing; " + $0 } ?? ""
        let curve: [CurveRow] = try readRows(at: curvePath, missing: optional, warn: warn).rows
        let growth: [GrowthRow] = try readRows(at: growthPath, missing: optional, warn: warn).rows
        // latency.csv is optional: runs before it existed, and runs that did not time inserts.
        let latency: [LatencyRow] = try readRows(at: folder.appendingPathComponent(LatencyRow.csvFileName),
                                                 missing: "", warn: warn).rows
        return ResultSet(summary: summary, curve: curve, growth: growth, latency: latency)
    }

    /// Reads only the summary rows of a result directory or a `summary.csv` (what `compare` needs).
    ///
    /// Besides the checks of every row, refuses a workload that has two rows (`file:line`, naming the
    /// other line): a result set holds one row per workload. A torn last row is dropped as in `read`,
    /// or refused when `torn` says so.
    public static func readSummary(from path: String, torn: TornRowPolicy = .drop,
                                   warn: (String) -> Void = _warnOnStandardError) throws -> [SummaryRow] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CSVError(
                file: path, line: nil, message: "no such file or directory; pass a result directory or a summary.csv"
            )
        }
        let summaryPath = summaryPath(of: path)
        let (rows, lines): ([SummaryRow], [Int]) = try readRows(at: summaryPath, missing: nil, torn: torn,
                                                                warn: warn)
        var firstLine: [String: Int] = [:]
        for (row, line) in zip(rows, lines) {
            if let first = firstLine[row.workload] {
                throw CSVError(file: summaryPath, line: line,
                               message: "workload \"\(row.workload)\" has a second row (the first is on line "
                                   + "\(first)); a result set holds one row per workload")
            }
            firstLine[row.workload] = line
        }
        return rows
    }

    /// The rows of the CSV at `path` and the line each starts on. A missing file is an error with the
    /// usual message when `missing` is nil, no rows when it is empty, and an error with that message
    /// otherwise.
    ///
    /// The file is read a megabyte at a time and each row decoded as it ends, so reading costs the
    /// rows, not the file's size again. A last row without a line break is a row like any other when it
    /// is whole (all its fields, each of its type); only one really cut short (fewer fields, a field
    /// that does not decode, a quote never closed) is torn: `torn` says whether it is dropped with a
    /// line to `warn` or refused.
    private static func readRows<Row: CSVResultRow>(at path: String, missing: String?, torn: TornRowPolicy = .drop,
                                                    warn: (String) -> Void) throws -> (rows: [Row], lines: [Int]) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let fd = exists && !isDirectory.boolValue ? open(path, O_RDONLY | O_CLOEXEC) : -1
        guard fd >= 0 else {
            if !exists, let missing {
                if missing.isEmpty { return ([], []) }
                throw CSVError(file: path, line: nil, message: missing)
            }
            let message = exists
                ? (isDirectory.boolValue ? "is a directory, expected \(Row.csvFileName)" : "cannot be read")
                : "no such file; a result directory holds \(Row.csvFileName)"
            throw CSVError(file: path, line: nil, message: message)
        }
        defer { close(fd) }

        var parser = CSVStreamParser(file: path)
        var header: CSVRecord?
        var decoder: CSVRowDecoder<Row>?
        var rows: [Row] = []
        var lines: [Int] = []
        func take(_ record: CSVRecord) throws(CSVError) {
            guard let header else {
                header = record
                return
            }
            if decoder == nil { decoder = try CSVRowDecoder(header: header, firstRow: record, file: path) }
            rows.append(try decoder!.decode(record))
            lines.append(record.line)
        }
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        while true {
            let count = _systemRead(fd, buffer.baseAddress, chunkSize)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw CSVError(file: path, line: nil, message: "cannot be read: " + String(cString: strerror(errno)))
            }
            if count == 0 { break }
            try parser.feed(UnsafeBufferPointer(rebasing: buffer[..<count]), emit: take)
        }
        let end = parser.finish()
        if let tail = end.tail {
            if header == nil && !end.unclosedQuote {
                header = tail  // a header alone, without its line break
            } else if header != nil {
                if decoder == nil { decoder = try CSVRowDecoder(header: header!, firstRow: tail, file: path) }
                let fieldCount = decoder!.fieldCount
                do {
                    guard !end.unclosedQuote else {
                        throw CSVError(file: path, line: tail.line, message: "quoted field is never closed")
                    }
                    rows.append(try decoder!.decode(tail))
                    lines.append(tail.line)
                } catch where end.unclosedQuote || tail.fields.count <= fieldCount {
                    let what = end.unclosedQuote
                        ? "a quoted field never closed" : "\(tail.fields.count) of \(fieldCount) fields"
                    switch torn {
                    case .drop:
                        warn("\(path):\(tail.line): the last row is cut short (\(what), no line break: a write "
                            + "cut short); reading the \(rows.count) whole rows before it")
                    case .refuse(let fix):
                        throw CSVError(file: path, line: tail.line,
                                       message: "the last row is cut short (\(what), no line break: a write cut "
                                           + "short); " + fix)
                    }
                }
            }
        }
        guard let header else {
            throw CSVError(file: path, line: 1, message: "empty file; expected a header row starting with schema")
        }
        if decoder == nil { _ = try CSVRowDecoder<Row>(header: header, firstRow: nil, file: path) }
        return (rows, lines)
    }
}

/// What a reader does with a last row that is really cut short (not merely without its line break).
public enum TornRowPolicy: Equatable, Sendable {
    /// Drop it and say so (a run's own results, read while it may still be writing).
    case drop
    /// Refuse the file as bad input; the message ends with `fix` (a baseline handed to `compare`).
    case refuse(fix: String)
}

/// Writes one line to standard error (the default for readers' warnings).
@usableFromInline
package func _warnOnStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
