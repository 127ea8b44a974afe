import Foundation
#if canImport(Glibc)
import Glibc
private let _systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let _systemWrite = Darwin.write
#endif

/// Writes a result directory one workload at a time, so that a crash never leaves a half-written row.
///
/// `init` creates the directory and (re)writes `summary.csv`, `curve.csv` and `growth.csv` with
/// their headers only. Each `append` encodes one workload's rows into one chunk per file and writes
/// it with `write(2)` on a descriptor opened with `O_APPEND`, then `fsync`s it: a chunk is written
/// whole before the call returns. Curve and growth rows go first and the summary row last, so a
/// workload that has a summary row has all its other rows on disk too.
public struct ResultWriter: Sendable {
    /// The result directory.
    public let directory: String

    /// The path of `summary.csv` in the directory.
    public var summaryPath: String { path(SummaryRow.csvFileName) }
    /// The path of `curve.csv` in the directory.
    public var curvePath: String { path(CurveRow.csvFileName) }
    /// The path of `growth.csv` in the directory.
    public var growthPath: String { path(GrowthRow.csvFileName) }

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
    }

    /// Appends one workload's rows: its curve points, its growths, then its summary row.
    public func append(summary: SummaryRow, curve: [CurveRow], growth: [GrowthRow]) throws {
        if !curve.isEmpty {
            try ResultWriter.write(curve.map(\.csvRecord).joined(), to: curvePath, truncate: false)
        }
        if !growth.isEmpty {
            try ResultWriter.write(growth.map(\.csvRecord).joined(), to: growthPath, truncate: false)
        }
        try ResultWriter.write(summary.csvRecord, to: summaryPath, truncate: false)
    }

    private func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Writes `text` to `path` (appending unless `truncate`), in one chunk, and syncs it to disk.
    fileprivate static func write(_ text: String, to path: String, truncate: Bool) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot open for writing") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
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

    private static func failure(_ path: String, _ what: String) -> CSVError {
        CSVError(file: path, line: nil, message: what + ": " + String(cString: strerror(errno)))
    }
}

extension ResultSet {
    /// Writes the whole result set to `directory` (through a `ResultWriter`, workload by workload).
    ///
    /// Curve and growth rows are grouped with their summary row by workload name; rows of workloads
    /// without a summary row are appended at the end.
    public func write(to directory: String) throws {
        let writer = try ResultWriter(directory: directory)
        var curveLeft = curve
        var growthLeft = growth
        for row in summary {
            let curveRows = curveLeft.filter { $0.workload == row.workload }
            let growthRows = growthLeft.filter { $0.workload == row.workload }
            curveLeft.removeAll { $0.workload == row.workload }
            growthLeft.removeAll { $0.workload == row.workload }
            try writer.append(summary: row, curve: curveRows, growth: growthRows)
        }
        if !curveLeft.isEmpty {
            try ResultWriter.write(curveLeft.map(\.csvRecord).joined(), to: writer.curvePath, truncate: false)
        }
        if !growthLeft.isEmpty {
            try ResultWriter.write(growthLeft.map(\.csvRecord).joined(), to: writer.growthPath, truncate: false)
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
    /// (`file:line: what is wrong`) on any problem.
    public static func read(from path: String, curvesNeededBecause reason: String? = nil) throws -> ResultSet {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CSVError(
                file: path, line: nil, message: "no such file or directory; pass a result directory or a summary.csv"
            )
        }
        let summaryPath = summaryPath(of: path)
        let summary: [SummaryRow] = try readRows(at: summaryPath, missing: nil)
        let directory = (summaryPath as NSString).deletingLastPathComponent
        let folder = (directory.isEmpty ? "." : directory) as NSString
        let curvePath = folder.appendingPathComponent(CurveRow.csvFileName)
        let growthPath = folder.appendingPathComponent(GrowthRow.csvFileName)
        let optional = reason.map { "missing; " + $0 } ?? ""
        let curve: [CurveRow] = try readRows(at: curvePath, missing: optional)
        let growth: [GrowthRow] = try readRows(at: growthPath, missing: optional)
        return ResultSet(summary: summary, curve: curve, growth: growth)
    }

    /// The rows of the CSV at `path`. A missing file is an error with the usual message when
    /// `missing` is nil, no rows when it is empty, and an error with that message otherwise.
    private static func readRows<Row: CSVResultRow>(at path: String, missing: String?) throws -> [Row] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if !exists, let missing {
                if missing.isEmpty { return [] }
                throw CSVError(file: path, line: nil, message: missing)
            }
            let message = exists
                ? (isDirectory.boolValue ? "is a directory, expected \(Row.csvFileName)" : "cannot be read")
                : "no such file; a result directory holds \(Row.csvFileName)"
            throw CSVError(file: path, line: nil, message: message)
        }
        let records = try CSV.parse(bytes: [UInt8](data), file: path)
        return try Row.decodeCSV(records: records, file: path)
    }
}
