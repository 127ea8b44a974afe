import Foundation
import HeapStats
import MapHeapModel
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 24, "nothing lost, nothing hidden, round 2", the run's side: the output directory (user files,
/// TMPDIR, symbolic links, names read from files), stopping (toolchain processes, a killed parent, a closed
/// pipe), and the low ones (an empty summary.csv, control characters), each run as a user would.
final class RoundTwoTests: XCTestCase {
    private func mapheap(_ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String) {
        try MapheapBinary.run(arguments, environment: environment)
    }

    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    private func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    private func skipUnderASan() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("run refuses under ASan: jemalloc is not the allocator") }
    }

    private func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    private func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

    /// Two workloads of milliseconds each.
    private let tinySuite = """
        {"name": "tiny", "sampling": {"points": 20}, "workloads": [
          {"name": "a", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 2000},
          {"name": "b", "impl": "dictionary", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 2000}]}
        """

    /// A suite in `root`, and a fresh --out below it.
    private func setUp(_ suite: String? = nil) throws -> (root: String, suite: String, out: String) {
        try skipUnderASan()
        let root = try temporaryDirectory(prefix: "mapheap-round2-")
        try write(suite ?? tinySuite, to: root + "/suite.json")
        return (root, root + "/suite.json", root + "/out")
    }

    // MARK: - 3. A user's own sites/<workload>.folded or .heap.pprof is not overwritten

    func testUsersOwnFoldedFileIsNotOverwritten() throws {
        let (_, suite, out) = try setUp()
        try FileManager.default.createDirectory(atPath: out + "/sites", withIntermediateDirectories: true)
        try write("my notes about a\n", to: out + "/sites/a.folded")
        let refused = try mapheap(["run", suite, "--out", out, "--alloc-sites", "--quiet"])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(lines(refused.stderr).count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(out)/sites/a.folded was not written by mapheap"), refused.stderr)
        XCTAssertEqual(read(out + "/sites/a.folded"), "my notes about a\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/summary.csv"))

        // mapheap's own folded stacks (an earlier run's, or an empty one) are replaced.
        try write("main;grow 4096\nmain;insert 128\n", to: out + "/sites/a.folded")
        let replaced = try mapheap(["run", suite, "--out", out, "--alloc-sites"])
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertTrue(replaced.stderr.contains("replacing the results of an earlier run in \(out): sites/a.folded\n"),
                      replaced.stderr)
        XCTAssertNotEqual(read(out + "/sites/a.folded"), "main;grow 4096\nmain;insert 128\n")
    }

    func testUsersOwnHeapProfileIsNotOverwritten() throws {
        let go = """
            {"name": "go", "sampling": {"points": 20}, "workloads": [
              {"name": "g", "impl": "go", "go_version": "1.23.9", "key": "int64", "value": "bool",
               "sizing": "unsized", "keys": 2000}]}
            """
        let (_, suite, out) = try setUp(go)
        try FileManager.default.createDirectory(atPath: out + "/sites", withIntermediateDirectories: true)
        try write("my own profile\n", to: out + "/sites/g.heap.pprof")
        let refused = try mapheap(["run", suite, "--out", out, "--alloc-sites", "--quiet"])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(lines(refused.stderr).count, 1, refused.stderr)
        if refused.stderr.contains("is not installed") { throw XCTSkip("Go 1.23.9 is not installed") }
        XCTAssertTrue(refused.stderr.contains("\(out)/sites/g.heap.pprof was not written by mapheap"), refused.stderr)
        XCTAssertEqual(read(out + "/sites/g.heap.pprof"), "my own profile\n")
    }

    // MARK: - 4. A bad TMPDIR is refused before anything is written

    func testBadTemporaryDirectoryIsRefusedBeforeAnythingIsWritten() throws {
        let (root, suite, out) = try setUp()
        let first = try mapheap(["run", suite, "--out", out, "--quiet"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let earlier = read(out + "/summary.csv")
        XCTAssertNotNil(earlier)
        try write("a file\n", to: root + "/file")
        var cases = [(root + "/missing", "No such file or directory"), (root + "/file", "not a directory")]
        if let readOnly = try readOnlyDirectory(in: root) { cases.append(readOnly) }
        for (tmpdir, problem) in cases {
            let refused = try mapheap(["run", suite, "--out", out, "--quiet"], environment: ["TMPDIR": tmpdir])
            XCTAssertEqual(refused.status, 2, refused.stderr)
            XCTAssertEqual(refused.stderr, "TMPDIR=\(tmpdir): \(problem); set TMPDIR to a writable directory, "
                + "or unset it\n")
            XCTAssertEqual(read(out + "/summary.csv"), earlier, "the earlier results stay")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/.mapheap.lock"))
        }
    }

    /// A directory no file can be created in, and the problem mapheap names: a read-only bind mount as
    /// root (permissions do not stop root), mode 555 otherwise; nil when neither can be made.
    private func readOnlyDirectory(in root: String) throws -> (String, String)? {
        let path = root + "/read-only"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard geteuid() == 0 else {
            chmod(path, 0o555)
            addTeardownBlock { chmod(path, 0o755) }
            return (path, "cannot create a directory in it: Permission denied")
        }
        func run(_ tool: String, _ arguments: [String]) -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
        guard run("/bin/mount", ["--bind", path, path]) else { return nil }
        addTeardownBlock { _ = run("/bin/umount", [path]) }
        guard run("/bin/mount", ["-o", "remount,bind,ro", path]) else { return nil }
        return (path, "cannot create a directory in it: Read-only file system")
    }

    // MARK: - 5. No write or delete through a symbolic link; no path from file contents leaves --out

    func testSymbolicLinkAsTheLockIsRefusedAndItsTargetKept() throws {
        let (root, suite, out) = try setUp()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try write("precious\n", to: root + "/victim")
        try FileManager.default.createSymbolicLink(atPath: out + "/.mapheap.lock",
                                                   withDestinationPath: root + "/victim")
        let refused = try mapheap(["run", suite, "--out", out, "--quiet"])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(refused.stderr, "--out \(out): \(out)/.mapheap.lock is a symbolic link, and mapheap writes "
            + "no file through one; remove it or choose another directory\n")
        XCTAssertEqual(read(root + "/victim"), "precious\n")
    }

    func testDanglingSymbolicLinkNamedLikeAResultFileIsRefused() throws {
        let (root, suite, out) = try setUp()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for name in ["report.txt", "summary.csv"] {
            try FileManager.default.createSymbolicLink(atPath: out + "/" + name,
                                                       withDestinationPath: root + "/elsewhere")
            let refused = try mapheap(["run", suite, "--out", out, "--quiet"])
            XCTAssertEqual(refused.status, 2, refused.stderr)
            XCTAssertEqual(lines(refused.stderr).count, 1, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("\(out)/\(name) is a symbolic link"), refused.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/elsewhere"), "written through the link")
            try FileManager.default.removeItem(atPath: out + "/" + name)
        }
    }

    func testWorkloadNameReadFromAnEarlierCSVCannotLeaveOut() throws {
        let (root, suite, out) = try setUp()
        let first = try mapheap(["run", suite, "--out", out, "--quiet", "--alloc-sites"])
        XCTAssertEqual(first.status, 0, first.stderr)
        // An earlier sites.csv that names the workload `../../victim`: its folded file would be root/victim.folded.
        let sites = try XCTUnwrap(read(out + "/sites.csv"))
        try write(sites.replacingOccurrences(of: "mapheap.sites.v1,a,", with: "mapheap.sites.v1,../../victim,"),
                  to: out + "/sites.csv")
        try write("precious\n", to: root + "/victim.folded")
        let refused = try mapheap(["run", suite, "--out", out, "--quiet"])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(refused.stderr, "--out \(out): \(out)/sites.csv names the workload \"../../victim\", which is "
            + "not a valid workload name; move the file away or choose another directory\n")
        XCTAssertEqual(read(root + "/victim.folded"), "precious\n")
    }

    // MARK: - 6. SIGINT and SIGTERM stop the toolchain's processes within a second

    /// A Go toolchain folder whose `go` answers `env GOVERSION` as Go 1.23.9 (after `probe`, shell) and
    /// whose `go build` runs `build` (shell).
    private func fakeToolchain(in root: String, probe: String = "", build: String) throws -> String {
        let folder = root + "/toolchains"
        let bin = folder + "/go1.23.9/go/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try write("""
            #!/bin/sh
            case "$1" in
            env) \(probe)
                 echo go1.23.9 ;;
            build) \(build) ;;
            esac
            """, to: bin + "/go")
        chmod(bin + "/go", 0o755)
        return folder
    }

    private let goSuite = """
        {"name": "go", "sampling": {"points": 20}, "workloads": [
          {"name": "g", "impl": "go", "go_version": "1.23.9", "key": "int64", "value": "bool",
           "sizing": "unsized", "keys": 2000}]}
        """

    /// Runs `suite` with the fake toolchain, waits until a `sleep` it started runs, sends `signal`, and
    /// returns how long the run took to end, its status, its stderr and the tagged processes left.
    private func interrupt(_ suite: String, toolchains: String, root: String, signal: Int32) throws
        -> (seconds: Double, status: Int32, stderr: String, left: [Int32]) {
        let tag = UUID().uuidString
        let log = root + "/log"
        let run = try MapheapBinary.start(["run", suite, "--out", root + "/out"],
                                          environment: ["MAPHEAP_TOOLCHAINS": toolchains, "MAPHEAP_TEST_TAG": tag],
                                          output: log)
        let sleeping = waitUntil(30) {
            MapheapBinary.processes(tagged: tag).contains {
                (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "sleep\n"
            }
        }
        XCTAssertTrue(sleeping, "the toolchain never started")
        let sent = Date()
        kill(run.processIdentifier, signal)
        let ended = waitUntil(5) { !run.isRunning }
        let seconds = Date().timeIntervalSince(sent)
        if !ended { kill(run.processIdentifier, SIGKILL) }
        run.waitUntilExit()
        _ = waitUntil(1) { MapheapBinary.processes(tagged: tag).isEmpty }
        let left = MapheapBinary.processes(tagged: tag)
        for pid in left { kill(pid, SIGKILL) }
        return (seconds, run.terminationStatus, read(log + ".err") ?? "", left)
    }

    func testSignalStopsAGoBuildWithinASecond() throws {
        let (root, suite, _) = try setUp(goSuite)
        let toolchains = try fakeToolchain(in: root, build: "sleep 300")
        let stopped = try interrupt(suite, toolchains: toolchains, root: root, signal: SIGINT)
        XCTAssertLessThan(stopped.seconds, 1.0, stopped.stderr)
        XCTAssertEqual(stopped.status, 130, stopped.stderr)
        XCTAssertEqual(stopped.left, [], "the build outlived the run")
        XCTAssertEqual(lines(stopped.stderr).last.map(String.init),
                       "mapheap run: interrupted by SIGINT; stopped g (not recorded); "
                       + "no workload was finished, \(root)/out holds headers only", stopped.stderr)
    }

    func testSignalStopsAHangingGoProbeWithinASecond() throws {
        let (root, suite, _) = try setUp(goSuite)
        let toolchains = try fakeToolchain(in: root, probe: "sleep 300", build: "exit 1")
        let stopped = try interrupt(suite, toolchains: toolchains, root: root, signal: SIGTERM)
        XCTAssertLessThan(stopped.seconds, 1.0, stopped.stderr)
        XCTAssertEqual(stopped.status, 130, stopped.stderr)
        XCTAssertEqual(stopped.left, [], "the probe outlived the run")
        XCTAssertEqual(stopped.stderr,
                       "mapheap run: interrupted by SIGTERM before any workload started; nothing written\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out"))
    }

    // MARK: - 7. A SIGKILLed parent leaves no child running, and its scratch directory is cleaned later

    func testKilledParentLeavesNoChildAndItsScratchIsCleanedByTheNextRun() throws {
        let slow = """
            {"name": "slow", "sampling": {"points": 20}, "workloads": [
              {"name": "endless", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized",
               "keys": 100000, "ops": "churn", "rounds": 1000}]}
            """
        let (root, suite, out) = try setUp(slow)
        let scratch = root + "/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let tag = UUID().uuidString
        let run = try MapheapBinary.start(["run", suite, "--out", out],
                                          environment: ["TMPDIR": scratch, "MAPHEAP_TEST_TAG": tag],
                                          output: root + "/log")
        XCTAssertTrue(waitUntil(60) { MapheapBinary.mapheapProcesses(tagged: tag).count == 2 }, "no child started")
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let gone = waitUntil(1) { MapheapBinary.processes(tagged: tag).isEmpty }
        for pid in MapheapBinary.processes(tagged: tag) { kill(pid, SIGKILL) }
        XCTAssertTrue(gone, "the workload child outlived its SIGKILLed parent")
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch)
        XCTAssertEqual(left.count, 1, "the killed run's scratch directory: \(left)")
        XCTAssertTrue(left.first?.hasPrefix("mapheap-\(run.processIdentifier)-") == true, "\(left)")

        try write(tinySuite, to: suite)
        let next = try mapheap(["run", suite, "--out", out, "--quiet"], environment: ["TMPDIR": scratch])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [])
    }

    func testKilledParentLeavesNoGoBuildRunning() throws {
        let (root, suite, out) = try setUp(goSuite)
        let toolchains = try fakeToolchain(in: root, build: "exec sleep 300")
        let tag = UUID().uuidString
        let run = try MapheapBinary.start(["run", suite, "--out", out],
                                          environment: ["MAPHEAP_TOOLCHAINS": toolchains, "MAPHEAP_TEST_TAG": tag],
                                          output: root + "/log")
        XCTAssertTrue(waitUntil(30) {
            MapheapBinary.processes(tagged: tag).contains {
                (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "sleep\n"
            }
        }, "the build never started")
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        let gone = waitUntil(1) { MapheapBinary.processes(tagged: tag).isEmpty }
        for pid in MapheapBinary.processes(tagged: tag) { kill(pid, SIGKILL) }
        XCTAssertTrue(gone, "go build outlived its SIGKILLed parent")
    }

    // MARK: - 8. Progress to a closed pipe does not stop the measuring

    func testClosedPipeOnStderrDoesNotStopTheRunOrLeaveTheLock() throws {
        let six = """
            {"name": "six", "sampling": {"points": 20}, "workloads": [
            """ + (1...6).map { """
              {"name": "w\($0)", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 20000}
            """ }.joined(separator: ",") + "]}"
        let (root, suite, out) = try setUp(six)
        let binary = MapheapBinary.productsDirectory.appendingPathComponent("mapheap").path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", "'\(binary)' run '\(suite)' --out '\(out)' 2>&1 | head -1 > '\(root)/first'; "
            + "exit ${PIPESTATUS[0]}"]
        try shell.run()
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationReason, .exit)
        XCTAssertEqual(shell.terminationStatus, 0)
        XCTAssertEqual(read(root + "/first")?.hasPrefix("[1/6] w1: ok"), true, read(root + "/first") ?? "")
        XCTAssertEqual(try ResultSet.readSummary(from: out, warn: { _ in }).map(\.workload),
                       ["w1", "w2", "w3", "w4", "w5", "w6"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/.mapheap.lock"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/report.txt"))
    }

    // MARK: - 13. An empty summary.csv; control characters in names

    func testEmptySummaryLeftByAFullDiskDoesNotBlockTheNextRun() throws {
        let (_, suite, out) = try setUp()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: out + "/summary.csv", contents: Data())
        let run = try mapheap(["run", suite, "--out", out, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try ResultSet.readSummary(from: out, warn: { _ in }).map(\.workload), ["a", "b"])
    }

    func testFailedRowLeavesTheChildsColumnsEmpty() throws {
        let (_, suite, out) = try setUp()
        let run = try mapheap(["run", suite, "--out", out, "--quiet", "--jobs", "1"],
                              environment: ["MAPHEAP_TEST_CRASH_WORKLOAD": "a"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let path = out + "/summary.csv"
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let records = try CSV.parse(bytes: Array(bytes), file: path)
        let header = try XCTUnwrap(records.first?.fields)
        let crashed = Dictionary(uniqueKeysWithValues: zip(header, try XCTUnwrap(records.dropFirst().first?.fields)))
        for column in ["inserts", "deletes", "final_count", "growths", "growths_doubling", "final_allocated_bytes",
                       "peak_allocated_bytes", "final_active_bytes", "final_resident_bytes", "bytes_per_key",
                       "seconds", "ns_per_insert", "sampling_overhead", "runtime", "allocator", "map_bytes"] {
            XCTAssertEqual(crashed[column], "", column)
        }
        XCTAssertEqual(["workload", "impl", "keys", "status", "jobs_at_once"].map { crashed[$0] },
                       ["a", "gomap", "2000", "crashed", "1"])
        // The row reads back, with no measurement.
        let rows = try ResultSet.readSummary(from: out, warn: { _ in })
        XCTAssertEqual(rows.map(\.status), [.crashed, .ok])
        XCTAssertEqual(rows.first?.inserts, 0)
    }

    func testControlCharactersInNamesNeverReachTheErrorLineRaw() throws {
        let (_, suite, out) = try setUp()
        let refused = try mapheap(["run", suite, "--out", out, "--only", "x\u{1B}[2Jy\u{7F}z"])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(lines(refused.stderr).count, 1, refused.stderr)
        XCTAssertFalse(refused.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F },
                       refused.stderr.debugDescription)
        XCTAssertTrue(refused.stderr.contains("x\\x1B[2Jy\\x7Fz"), refused.stderr.debugDescription)
    }
}
