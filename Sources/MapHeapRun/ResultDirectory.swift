// A result directory as `mapheap run` treats it: locked while a run writes it, and cleared of an
// earlier run's results only, file by file, never a folder wholesale.
//
// mapheap deletes only files it wrote, and names them: an earlier run's result files are recognised
// by their first bytes (a CSV header starting `schema,`, the report's title, the chart's title; an empty
// file, which a full disk leaves, holds nothing to lose), and `sites/<workload>.folded` and
// `sites/<workload>.heap.pprof` by their content (folded stacks; gzip, pprof's format). A file of such a
// name with other contents is the user's: the run refuses to start (exit 2) rather than replace it.
//
// Nothing is written or removed through a symbolic link: one in a result file's place (dangling or not),
// at `.mapheap.lock` or at `sites`, is refused. Workload names read from earlier CSVs become paths only
// when they are valid workload names (`Suite.isValidName`), so no path built from a file leaves --out.
import Foundation

import MapHeapModel
import MapHeapReport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock file inside a result directory while a run writes it.
public let resultLockFileName = ".mapheap.lock"

/// An exclusive lock on a result directory, held while a run writes it and released when this
/// object goes away (or the process ends: the kernel drops a `flock` with its last descriptor).
///
/// The lock is `flock(2)` on `.mapheap.lock`, which holds the writer's process id. The file is
/// removed on release; a lock file left by a killed process is not held by anyone and is taken over.
public final class ResultDirectoryLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Locks `directory` (which must exist) or throws a one-line `RunInputError` (exit status 2)
    /// naming the process that holds it. `option` is how the user named the directory (`--out DIR`);
    /// `fix` ends the message.
    public init(directory: String, option: String,
                fix: String = "wait for it to finish or choose another directory") throws {
        let path = (directory as NSString).appendingPathComponent(resultLockFileName)
        self.path = path
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            if fd < 0 && errno == ELOOP {
                throw RunInputError(description: "\(option): \(path) is a symbolic link, and mapheap writes no "
                    + "file through one; remove it or choose another directory")
            }
            guard fd >= 0 else {
                throw RunInputError(description: "\(option): cannot create the lock file \(path): "
                    + String(cString: strerror(errno)) + "; choose another directory")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let reason = errno
                let holder = ResultDirectoryLock.holder(fd)
                close(fd)
                guard reason == EWOULDBLOCK else {
                    throw RunInputError(description: "\(option): cannot lock \(path): "
                        + String(cString: strerror(reason)) + "; choose a directory on a local file system")
                }
                throw RunInputError(description: "\(option): another mapheap run\(holder) is writing this "
                    + "directory; " + fix)
            }
            // The holder before us may have removed the file between our open and our flock: then
            // we hold a lock on a file nobody else can see, and must start again.
            var held = stat()
            var named = stat()
            if fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                let text = Array("\(getpid())\n".utf8)
                _ = ftruncate(fd, 0)
                _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
                descriptor = fd
                return
            }
            close(fd)
        }
    }

    deinit {
        unlink(path)
        close(descriptor)
    }

    /// " (pid N)" from the lock file, or "" when it holds no number.
    private static func holder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "" }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).map { " (pid \($0))" } ?? ""
    }
}

/// The files an earlier run left in a result directory, which a new run replaces.
public struct EarlierResults: Sendable {
    /// The directory.
    public var directory: String
    /// The files found, relative to `directory`, in the order they are listed to the user.
    public var files: [String]

    /// The result files of an earlier run in `directory`, and those of this run's workloads in `sites/`
    /// (`replacing`: with --alloc-sites, each may write `sites/<workload>.folded` or `.heap.pprof`).
    /// Throws a one-line `RunInputError` when a file of a result file's name was not written by mapheap
    /// (it would otherwise be replaced), is a symbolic link, or when an earlier CSV names a workload that
    /// is not a valid name.
    public static func find(in directory: String, option: String, replacing workloads: [String] = []) throws
        -> EarlierResults {
        var files: [String] = []
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func notOurs(_ name: String) -> RunInputError {
            RunInputError(description: "\(option): \(oneLine(path(name))) was not written by mapheap, and a run "
                + "would replace it; move it away or choose another directory")
        }
        /// Whether `name` is a regular file (nil: nothing there); a symbolic link or a folder is refused.
        func regularFile(_ name: String) throws -> Bool {
            var info = stat()
            guard lstat(path(name), &info) == 0 else { return false }
            if info.st_mode & S_IFMT == S_IFLNK {
                throw RunInputError(description: "\(option): \(oneLine(path(name))) is a symbolic link, and "
                    + "mapheap writes and removes no file through one; remove it or choose another directory")
            }
            guard info.st_mode & S_IFMT == S_IFREG else { throw notOurs(name) }
            return true
        }
        func add(_ name: String) {
            if !files.contains(name) { files.append(name) }
        }
        let csvNames = [SummaryRow.csvFileName, CurveRow.csvFileName, GrowthRow.csvFileName, LatencyRow.csvFileName,
                        SiteRow.csvFileName]
        let owned: [(String, (String) -> Bool)] = csvNames.map { ($0, { $0.hasPrefix("schema,") }) } + [
            (reportFileName, { $0.hasPrefix("mapheap report\n") }),
            (heapCurvesFileName, { $0.hasPrefix("<?xml") && $0.contains("mapheap") }),
            (reportHTMLFileName, {
                $0.hasPrefix("<!DOCTYPE html>") && $0.contains("<title>mapheap report</title>")
            }),
        ]
        for (name, isOurs) in owned where try regularFile(name) {
            // An empty file (a full disk's leftover) holds nothing to lose.
            let head = _head(of: path(name))
            guard head.isEmpty || isOurs(head) else { throw notOurs(name) }
            add(name)
        }
        _ = try regularFileOrFolder(path(sitesFoldedDirectoryName), option: option)
        // Folded stacks and pprof heap profiles: those the earlier sites.csv and summary.csv name, and those
        // this run would write. Each is ours only by its content.
        var named: [String] = []
        if files.contains(SiteRow.csvFileName) {
            named += try validNames(SitesWriter.read(from: directory)?.map(\.workload) ?? [],
                                    file: path(SiteRow.csvFileName), option: option)
        }
        if files.contains(SummaryRow.csvFileName),
           let rows = try? ResultSet.readSummary(from: directory, warn: { _ in }) {
            let profiled = rows.filter { $0.impl.kind.writesHeapProfile }
            named += try validNames(profiled.map(\.workload),
                                    file: path(SummaryRow.csvFileName), option: option)
        }
        for workload in named + workloads {
            let folded = sitesFoldedDirectoryName + "/" + workload + ".folded"
            if try regularFile(folded) {
                guard _isFoldedStacks(path(folded)) else { throw notOurs(folded) }
                add(folded)
            }
            let profile = goHeapProfileName(workload: workload)
            if try regularFile(profile) {
                guard _isGzip(path(profile)) else { throw notOurs(profile) }
                add(profile)
            }
        }
        return EarlierResults(directory: directory, files: files)
    }

    /// `names` (read from `file`), each refused unless it is a valid workload name, deduplicated in order.
    private static func validNames(_ names: [String], file: String, option: String) throws -> [String] {
        var seen = Set<String>()
        for name in names where seen.insert(name).inserted {
            guard Suite.isValidName(name) else {
                throw RunInputError(description: "\(option): \(oneLine(file)) names the workload "
                    + "\"\(oneLine(name))\", which is not a valid workload name; move the file away or choose "
                    + "another directory")
            }
        }
        return names.filter { seen.remove($0) != nil }
    }

    /// Refuses `path` when it is a symbolic link; whether something is there.
    private static func regularFileOrFolder(_ path: String, option: String) throws -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        guard info.st_mode & S_IFMT != S_IFLNK else {
            throw RunInputError(description: "\(option): \(oneLine(path)) is a symbolic link, and mapheap writes "
                + "and removes no file through one; remove it or choose another directory")
        }
        return true
    }

    /// Removes the files found (the CSVs are rewritten by `ResultWriter`, the rest removed here), and
    /// `sites/` if that leaves it empty.
    public func remove() {
        for name in files {
            unlink((directory as NSString).appendingPathComponent(name))
        }
        // rmdir removes only an empty directory: a user's files there keep it.
        if files.contains(where: { $0 == SiteRow.csvFileName || $0.hasPrefix(sitesFoldedDirectoryName + "/") }) {
            rmdir((directory as NSString).appendingPathComponent(sitesFoldedDirectoryName))
        }
    }

    /// "replacing the results of an earlier run in DIR: summary.csv, ...", or nil when there were none.
    public var notice: String? {
        files.isEmpty ? nil
            : "replacing the results of an earlier run in \(directory): " + files.joined(separator: ", ")
    }
}

/// The first bytes of a file, as text ("" when unreadable).
func _head(of path: String, bytes: Int = 4096) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: bytes)) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// Where a Go workload's pprof heap profile goes in a result directory (`mapheap run --alloc-sites`):
/// `sites/<workload>.heap.pprof`, beside the Swift workloads' folded stacks. `go tool pprof` opens it.
public func goHeapProfileName(workload: String) -> String {
    sitesFoldedDirectoryName + "/" + workload + ".heap.pprof"
}

/// Whether the file at `path` holds folded stacks as mapheap writes them (`SiteRow.folded`): lines of a
/// stack, a space and a byte count. An empty file is (no stack held anything at the peak). Up to 1 MiB
/// is read; a longer file's lines are checked as far as that.
func _isFoldedStacks(_ path: String) -> Bool {
    let limit = 1 << 20
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: limit)) ?? Data()
    var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    if data.count == limit || lines.last?.isEmpty == true {
        // A line cut at the limit is not judged; the last line's break leaves an empty piece.
        lines.removeLast()
    } else if !data.isEmpty {
        // mapheap ends every line with a line break.
        return false
    }
    return lines.allSatisfy { line in
        guard let space = line.lastIndex(of: UInt8(ascii: " ")), space > line.startIndex else { return false }
        let count = line[line.index(after: space)...]
        return !count.isEmpty && count.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

/// Whether the file at `path` starts with gzip's magic bytes (a pprof profile is gzip'd protobuf).
func _isGzip(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: 2)) == Data([0x1F, 0x8B])
}
