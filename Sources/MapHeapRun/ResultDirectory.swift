// A result directory as `mapheap run` treats it: locked while a run writes it, and cleared of an
// earlier run's results only, file by file, never a folder wholesale.
//
// mapheap deletes only files it wrote, and names them: an earlier run's result files are recognised
// by their first bytes (a CSV header starting `schema,`, the report's title, the chart's title), and
// `sites/<workload>.folded` only for the workloads the earlier `sites.csv` lists. A file of that name
// with other contents is the user's: the run refuses to start (exit 2) rather than replace it.
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
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
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

    /// The result files of an earlier run in `directory`. Throws a one-line `RunInputError` when a
    /// file of a result file's name was not written by mapheap (it would otherwise be replaced).
    public static func find(in directory: String, option: String) throws -> EarlierResults {
        var files: [String] = []
        let csvNames = [SummaryRow.csvFileName, CurveRow.csvFileName, GrowthRow.csvFileName, LatencyRow.csvFileName,
                        SiteRow.csvFileName]
        let owned: [(String, (String) -> Bool)] = csvNames.map { ($0, { $0.hasPrefix("schema,") }) } + [
            (reportFileName, { $0.hasPrefix("mapheap report\n") }),
            (heapCurvesFileName, { $0.hasPrefix("<?xml") && $0.contains("mapheap") }),
            (reportHTMLFileName, {
                $0.hasPrefix("<!DOCTYPE html>") && $0.contains("<title>mapheap report</title>")
            }),
        ]
        for (name, isOurs) in owned {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            guard !isDirectory.boolValue, isOurs(_head(of: path)) else {
                throw RunInputError(description: "\(option): \(path) was not written by mapheap, and a run would "
                    + "replace it; move it away or choose another directory")
            }
            files.append(name)
        }
        // A folded-stacks file is ours only if the earlier sites.csv names its workload.
        if files.contains(SiteRow.csvFileName),
           let rows = try? SitesWriter.read(from: directory) {
            var seen = Set<String>()
            for row in rows where seen.insert(row.workload).inserted {
                let name = sitesFoldedDirectoryName + "/" + row.workload + ".folded"
                if FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(name)) {
                    files.append(name)
                }
            }
        }
        // A Go workload's pprof heap profile (--alloc-sites) is ours only if the earlier summary.csv names
        // the workload as impl go and the file is gzip, pprof's format.
        if files.contains(SummaryRow.csvFileName),
           let rows = try? ResultSet.readSummary(from: directory, warn: { _ in }) {
            for row in rows where row.impl == MapKind.go.name {
                let name = goHeapProfileName(workload: row.workload)
                let path = (directory as NSString).appendingPathComponent(name)
                if let handle = FileHandle(forReadingAtPath: path) {
                    let magic = (try? handle.read(upToCount: 2)) ?? Data()
                    try? handle.close()
                    if magic == Data([0x1F, 0x8B]) { files.append(name) }
                }
            }
        }
        return EarlierResults(directory: directory, files: files)
    }

    /// Removes the files found (the CSVs are rewritten by `ResultWriter`, the rest removed here), and
    /// `sites/` if that leaves it empty.
    public func remove() {
        for name in files {
            unlink((directory as NSString).appendingPathComponent(name))
        }
        // rmdir removes only an empty directory: a user's files there keep it.
        if files.contains(SiteRow.csvFileName) || files.contains(where: { $0.hasSuffix(".heap.pprof") }) {
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
