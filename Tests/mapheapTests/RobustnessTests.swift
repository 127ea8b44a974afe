import Foundation
import HeapStats
import MapHeapModel
import MapHeapRun
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 15, "nothing lost, nothing silent": the result directory, signals, a full disk and
/// concurrent runs, each case run as a user would run it, through the built `mapheap`.
final class RobustnessTests: XCTestCase {
    private func mapheap(_ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String) {
        try MapheapBinary.run(arguments, environment: environment)
    }

    private func temporaryDirectory() throws -> String {
        try temporaryDirectory(prefix: "mapheap-robust-")
    }

    private func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    private func skipUnderASan() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("run refuses under ASan: jemalloc is not the allocator") }
    }

    /// Waits until `condition` holds, for up to `seconds`; whether it did.
    private func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// The workloads of `out`'s summary.csv, in order (nil while it cannot be read).
    private func workloads(in out: String) -> [String]? {
        try? ResultSet.readSummary(from: out, warn: { _ in }).map(\.workload)
    }

    private func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n")
    }

    /// Three workloads of milliseconds each.
    private let tinySuite = """
        {"name": "tiny", "sampling": {"points": 20}, "workloads": [
          {"name": "a", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 2000},
          {"name": "b", "impl": "dictionary", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 2000},
          {"name": "c", "impl": "set", "key": "int64", "value": "empty", "sizing": "presized", "keys": 2000}]}
        """

    /// A workload of milliseconds, then one that runs for minutes (a churn of 100 M inserts) unless stopped.
    private let slowSuite = """
        {"name": "slow", "sampling": {"points": 20}, "workloads": [
          {"name": "first", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 1000},
          {"name": "endless", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized",
           "keys": 100000, "ops": "churn", "rounds": 1000}]}
        """

    // MARK: - 1. mapheap deletes only files it wrote, and names them

    func testRunRemovesOnlyItsOwnFilesAndNamesThem() throws {
        try skipUnderASan()
        let root = try temporaryDirectory()
        let suite = root + "/suite.json"
        try write(tinySuite, to: suite)
        let out = root + "/u"
        try FileManager.default.createDirectory(atPath: out + "/sites/deep", withIntermediateDirectories: true)
        try write("precious\n", to: out + "/sites/deep/important.txt")

        let first = try mapheap(["run", suite, "--out", out, "--quiet"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try String(contentsOfFile: out + "/sites/deep/important.txt", encoding: .utf8), "precious\n")

        // An earlier run with --alloc-sites left sites.csv and sites/<workload>.folded: a run without
        // it removes exactly those, and says which files it replaces.
        let sites = try mapheap(["run", suite, "--out", out, "--quiet", "--alloc-sites"])
        XCTAssertEqual(sites.status, 0, sites.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/sites/a.folded"))
        let again = try mapheap(["run", suite, "--out", out])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("mapheap run: replacing the results of an earlier run in \(out): "
            + "summary.csv, curve.csv, growth.csv, latency.csv, sites.csv, report.txt, heap-curves.svg, "
            + "report.html, "
            + "sites/a.folded, sites/b.folded, sites/c.folded\n"), again.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/sites.csv"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/sites/a.folded"))
        XCTAssertEqual(try String(contentsOfFile: out + "/sites/deep/important.txt", encoding: .utf8), "precious\n")

        // A file of a result file's name that mapheap did not write is refused, not replaced.
        let mine = root + "/mine"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        try write("my own notes\n", to: mine + "/summary.csv")
        let refused = try mapheap(["run", suite, "--out", mine])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertEqual(lines(refused.stderr).count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(mine)/summary.csv was not written by mapheap"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: mine + "/summary.csv", encoding: .utf8), "my own notes\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mine), ["summary.csv"])
    }

    // MARK: - 2. Ctrl-C stops the child and the parent, keeps the rows measured, exits 130

    func testSignalStopsChildAndParentWithinASecond() throws {
        try skipUnderASan()
        let root = try temporaryDirectory()
        let suite = root + "/suite.json"
        try write(slowSuite, to: suite)
        for (signal, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            let tag = UUID().uuidString
            let scratch = root + "/tmp-\(name)"
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let out = root + "/out-\(name)"
            let log = root + "/log-\(name)"
            let run = try MapheapBinary.start(["run", suite, "--out", out],
                                              environment: ["TMPDIR": scratch, "MAPHEAP_TEST_TAG": tag], output: log)
            // The first workload is measured and the endless one's child is running.
            XCTAssertTrue(waitUntil(120) {
                workloads(in: out) == ["first"] && MapheapBinary.processes(tagged: tag).count == 2
            }, "\(name): the run did not reach its second workload")
            let sent = Date()
            kill(run.processIdentifier, signal)
            run.waitUntilExit()
            let stopped = Date().timeIntervalSince(sent)
            XCTAssertLessThan(stopped, 1.0, "\(name): the run took \(stopped) s to stop")
            XCTAssertEqual(run.terminationStatus, 130, name)
            XCTAssertTrue(waitUntil(1) { MapheapBinary.processes(tagged: tag).isEmpty },
                          "\(name): the workload child outlived the run")
            let stderr = try String(contentsOfFile: log + ".err", encoding: .utf8)
            XCTAssertEqual(lines(stderr).last.map(String.init),
                           "mapheap run: interrupted by \(name); stopped endless (not recorded); "
                           + "kept the rows of 1 of 2 workloads in \(out)", stderr)
            XCTAssertEqual(workloads(in: out), ["first"], "\(name): the rows measured are kept")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [],
                           "\(name): temporary files left")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/" + resultLockFileName), name)
        }
    }

    func testCtrlCOnATerminal() throws {
        try skipUnderASan()
        let script = "/usr/bin/script"
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw XCTSkip("needs script(1) (util-linux) to run mapheap on a pseudo-terminal")
        }
        let root = try temporaryDirectory()
        let suite = root + "/suite.json"
        try write(slowSuite, to: suite)
        let scratch = root + "/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let out = root + "/out"
        let tag = UUID().uuidString
        let binary = MapheapBinary.productsDirectory.appendingPathComponent("mapheap").path
        // script runs mapheap as the foreground job of a new terminal; a 0x03 typed on it is Ctrl-C,
        // which the terminal turns into SIGINT for its foreground process group.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = ["-qfec", "'\(binary)' run '\(suite)' --out '\(out)'", "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["TMPDIR": scratch, "MAPHEAP_TEST_TAG": tag]) { $1 }
        let keyboard = Pipe()
        process.standardInput = keyboard
        _ = FileManager.default.createFile(atPath: root + "/screen", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/screen"))
        try process.run()
        XCTAssertTrue(waitUntil(120) {
            workloads(in: out) == ["first"] && MapheapBinary.mapheapProcesses(tagged: tag).count == 2
        }, "the run did not reach its second workload")
        let sent = Date()
        keyboard.fileHandleForWriting.write(Data([0x03]))
        process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(sent), 1.0)
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertTrue(waitUntil(1) { MapheapBinary.processes(tagged: tag).isEmpty }, "the workload child outlived it")
        let screen = try String(contentsOfFile: root + "/screen", encoding: .utf8)
        XCTAssertTrue(screen.contains("mapheap run: interrupted by SIGINT; stopped endless (not recorded); "
            + "kept the rows of 1 of 2 workloads in \(out)"), screen)
        XCTAssertEqual(workloads(in: out), ["first"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), [])
    }

    /// 11: a workload child killed by hand is recorded `killed`, with a label that does not guess.
    func testChildKilledByHandIsLabelledKilled() throws {
        try skipUnderASan()
        let root = try temporaryDirectory()
        let suite = root + "/suite.json"
        try write(slowSuite, to: suite)
        let out = root + "/out"
        let tag = UUID().uuidString
        let run = try MapheapBinary.start(["run", suite, "--out", out], environment: ["MAPHEAP_TEST_TAG": tag],
                                          output: root + "/log")
        XCTAssertTrue(waitUntil(120) {
            workloads(in: out) == ["first"] && MapheapBinary.processes(tagged: tag).count == 2
        })
        let child = MapheapBinary.processes(tagged: tag).filter { $0 != run.processIdentifier }
        XCTAssertEqual(child.count, 1)
        child.forEach { kill($0, SIGKILL) }
        run.waitUntilExit()
        XCTAssertEqual(run.terminationStatus, 1)
        let stderr = try String(contentsOfFile: root + "/log.err", encoding: .utf8)
        XCTAssertTrue(stderr.contains("[2/2] endless: killed: killed (SIGKILL): out of memory or killed by hand\n"),
                      stderr)
        XCTAssertEqual(try ResultSet.readSummary(from: out).map(\.status), [.ok, .killed])
    }

    // MARK: - 3. A full disk: every row whole, the rows before it readable

    func testFullDiskKeepsWholeRowsThatReportAndCompareRead() throws {
        try skipUnderASan()
        guard getuid() == 0 else { throw XCTSkip("mounting a small tmpfs needs root") }
        let root = try temporaryDirectory()
        let small = root + "/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mount = try MapheapBinaryShell.run("/bin/mount", ["-t", "tmpfs", "-o", "size=160k", "tmpfs", small])
        guard mount.status == 0 else { throw XCTSkip("cannot mount a tmpfs here: \(mount.output)") }
        addTeardownBlock { _ = try? MapheapBinaryShell.run("/bin/umount", [small]) }
        let workloads = (0..<12).map { index in
            #"{"name": "w\#(index)", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 5000}"#
        }
        let suite = root + "/suite.json"
        try write(#"{"name": "many", "sampling": {"points": 300}, "workloads": ["#
                  + workloads.joined(separator: ",") + "]}", to: suite)
        let out = small + "/out"
        let result = try mapheap(["run", suite, "--out", out, "--quiet"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(lines(result.stderr).count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("No space left on device"), result.stderr)
        for name in ["summary.csv", "curve.csv", "growth.csv"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            XCTAssertEqual(data.last, 0x0A, "\(name) ends in a torn row")
        }
        let kept = try ResultSet.read(from: out, warn: { XCTFail("unexpected warning: \($0)") })
        XCTAssertGreaterThan(kept.summary.count, 0)
        XCTAssertLessThan(kept.summary.count, 12)
        XCTAssertTrue(result.stderr.contains("kept the rows of \(kept.summary.count) of 12 workloads in \(out)"),
                      result.stderr)
        for row in kept.summary {
            XCTAssertFalse(kept.curve.filter { $0.workload == row.workload }.isEmpty, row.workload)
        }
        // What was kept is whole: report and compare read it (report in a copy: the tmpfs is full).
        let copy = root + "/copy"
        try FileManager.default.copyItem(atPath: out, toPath: copy)
        let report = try mapheap(["report", copy])
        XCTAssertEqual(report.status, 0, report.stderr)
        let compare = try mapheap(["compare", copy, out])
        XCTAssertEqual(compare.status, 0, compare.stderr + compare.stdout)
    }

    func testInjectedWriteFailuresAreUndoneAndReportedInOneLine() throws {
        try skipUnderASan()
        let root = try temporaryDirectory()
        let suite = root + "/suite.json"
        try write(tinySuite, to: suite)
        // The report, written once the rows are, fails (NSCocoaErrorDomain 640 before).
        let out = root + "/report-full"
        let report = try mapheap(["run", suite, "--out", out, "--quiet"],
                                 environment: ["MAPHEAP_TEST_FAIL_WRITE": out + "/report.txt:1"])
        XCTAssertEqual(report.status, 1, report.stderr)
        XCTAssertEqual(report.stderr, "mapheap run: \(out)/report.txt: cannot write: No space left on device; "
            + "kept the rows of 3 of 3 workloads in \(out); free some space, then run again or "
            + "`mapheap report \(out)`\n")
        XCTAssertEqual(workloads(in: out), ["a", "b", "c"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(),
                       ["curve.csv", "growth.csv", "latency.csv", "summary.csv"],
                       "no temporary file left behind")
        // curve.csv's append for the second workload fails half-way: every file is cut back.
        let torn = root + "/curve-full"
        let curve = try mapheap(["run", suite, "--out", torn, "--quiet"],
                                environment: ["MAPHEAP_TEST_FAIL_WRITE": torn + "/curve.csv:3"])
        XCTAssertEqual(curve.status, 1, curve.stderr)
        XCTAssertEqual(lines(curve.stderr).count, 1, curve.stderr)
        XCTAssertTrue(curve.stderr.hasPrefix("mapheap run: \(torn)/curve.csv: cannot write: No space left on device; "
            + "kept the rows of 1 of 3 workloads"), curve.stderr)
        let kept = try ResultSet.read(from: torn, warn: { XCTFail("unexpected warning: \($0)") })
        XCTAssertEqual(kept.summary.map(\.workload), ["a"])
        XCTAssertEqual(Set(kept.curve.map(\.workload)), ["a"])
    }

    func testTornTailIsDroppedWithOneLineAndCompareIgnoresCurves() throws {
        let root = try temporaryDirectory()
        let rows = [ResultFixture.row("a"), ResultFixture.row("b")]
        try ResultSet(summary: rows, curve: [ResultFixture.curve("a"), ResultFixture.curve("b")]).write(to: root + "/r")
        let curvePath = root + "/r/curve.csv"
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: curvePath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("mapheap.curve.v2,c,sam".utf8))
        try handle.close()
        let report = try mapheap(["report", root + "/r"])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertEqual(report.stderr, "\(curvePath):4: the last row is cut short (3 of 17 fields, no line break: "
            + "a write cut short); reading the 2 whole rows before it\n")
        // compare reads summary.csv only: a curve.csv that is not CSV at all does not matter to it.
        try write("\"not csv", to: curvePath)
        let compare = try mapheap(["compare", root + "/r", root + "/r"])
        XCTAssertEqual(compare.status, 0, compare.stderr)
        XCTAssertEqual(compare.stderr, "")
    }

    // MARK: - 4. A result directory is locked while a run writes it

    func testSecondRunOnTheSameOutIsRefused() throws {
        try skipUnderASan()
        let root = try temporaryDirectory()
        let slow = root + "/slow.json"
        try write(slowSuite, to: slow)
        let tiny = root + "/tiny.json"
        try write(tinySuite, to: tiny)

        // Started seconds apart: the second is refused and the first run's rows stay.
        let out = root + "/apart"
        let first = try MapheapBinary.start(["run", slow, "--out", out], output: root + "/first")
        XCTAssertTrue(waitUntil(120) { workloads(in: out) == ["first"] })
        let second = try mapheap(["run", tiny, "--out", out])
        XCTAssertEqual(second.status, 2, second.stderr)
        XCTAssertEqual(second.stderr, "--out \(out): another mapheap run (pid \(first.processIdentifier)) is "
            + "writing this directory; wait for it to finish or choose another directory\n")
        // report would re-render from half-written rows: it waits its turn too.
        let report = try mapheap(["report", out])
        XCTAssertEqual(report.status, 2, report.stderr)
        XCTAssertEqual(report.stderr, "\(out): another mapheap run (pid \(first.processIdentifier)) is writing "
            + "this directory; wait for it to finish; it re-renders the report itself\n")
        kill(first.processIdentifier, SIGINT)
        first.waitUntilExit()
        XCTAssertEqual(workloads(in: out), ["first"])

        // Started together: one of them runs, the other is refused; no workload is written twice.
        let together = root + "/together"
        let runs = try (0..<2).map { index in
            try MapheapBinary.start(["run", slow, "--out", together], output: root + "/together\(index)")
        }
        XCTAssertTrue(waitUntil(120) { runs.contains { !$0.isRunning } })
        let loser = try XCTUnwrap(runs.firstIndex { !$0.isRunning })
        XCTAssertEqual(runs[loser].terminationStatus, 2)
        let refusal = try String(contentsOfFile: root + "/together\(loser).err", encoding: .utf8)
        XCTAssertEqual(lines(refusal).count, 1, refusal)
        XCTAssertTrue(refusal.contains("another mapheap run"), refusal)
        let winner = runs[1 - loser]
        XCTAssertTrue(waitUntil(120) { workloads(in: together) == ["first"] })
        kill(winner.processIdentifier, SIGINT)
        winner.waitUntilExit()
        XCTAssertEqual(winner.terminationStatus, 130)
        XCTAssertEqual(workloads(in: together), ["first"])
    }

    // MARK: - 5. Duplicate workload rows are refused

    func testDuplicateWorkloadRowsAreRefused() throws {
        let root = try temporaryDirectory()
        try ResultSet(summary: [ResultFixture.row("a")]).write(to: root + "/base")
        try ResultSet(summary: [ResultFixture.row("a"), ResultFixture.row("a", growths: 99)]).write(to: root + "/current")
        let compare = try mapheap(["compare", root + "/base", root + "/current"])
        XCTAssertEqual(compare.status, 2, compare.stdout)
        XCTAssertEqual(compare.stderr, "mapheap compare: \(root)/current/summary.csv:3: workload \"a\" has a second "
            + "row (the first is on line 2); a result set holds one row per workload\n")
        let report = try mapheap(["report", root + "/current"])
        XCTAssertEqual(report.status, 2)
        XCTAssertEqual(lines(report.stderr).count, 1, report.stderr)
    }

    // MARK: - 6. Names starting with '-', and names too long for a file name

    func testNamesStartingWithADashAreMeasured() throws {
        try skipUnderASan()
        let root = try temporaryDirectory()
        let suite = root + "/suite.json"
        try write("""
            {"name": "dashes", "sampling": {"points": 10}, "workloads": [
              {"name": "-rf", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 100},
              {"name": "--help", "impl": "set", "key": "int64", "value": "empty", "sizing": "unsized", "keys": 100}]}
            """, to: suite)
        let result = try mapheap(["run", suite, "--out", root + "/out", "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try ResultSet.readSummary(from: root + "/out")
        XCTAssertEqual(rows.map(\.workload), ["-rf", "--help"])
        XCTAssertEqual(rows.map(\.status), [.ok, .ok])
    }

    func testLongNameIsRefusedInOneLine() throws {
        let root = try temporaryDirectory()
        let suite = root + "/suite.json"
        let name = String(repeating: "n", count: 300)
        try write(#"{"name": "x", "workloads": [{"name": "\#(name)", "impl": "gomap", "key": "int64", "#
                  + #""value": "bool", "sizing": "unsized", "keys": 10}]}"#, to: suite)
        let result = try mapheap(["run", suite, "--out", root + "/out"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(lines(result.stderr).count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("workloads[0].name: the name is 300 characters long"), result.stderr)
        XCTAssertTrue(result.stderr.contains("use at most 200 characters"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out"))
    }

    // MARK: - 7. An infinite baseline does not switch the gate off

    func testNonFiniteBaselineIsBadInput() throws {
        let root = try temporaryDirectory()
        try ResultSet(summary: [ResultFixture.row("a")]).write(to: root + "/current")
        for value in ["inf", "-inf", "1e400", "nan"] {
            let base = root + "/base-\(value)"
            try ResultSet(summary: [ResultFixture.row("a")]).write(to: base)
            let text = try String(contentsOfFile: base + "/summary.csv", encoding: .utf8)
            XCTAssertTrue(text.contains(",30.0,"))
            try write(text.replacingOccurrences(of: ",30.0,", with: ",\(value),"), to: base + "/summary.csv")
            let result = try mapheap(["compare", base, root + "/current"])
            XCTAssertEqual(result.status, 2, "\(value): \(result.stdout)")
            XCTAssertEqual(result.stderr, "mapheap compare: \(base)/summary.csv:2: column bytes_per_key: "
                + "\"\(value)\" is not a finite number\n")
        }
    }

    // MARK: - 8, 9, 11. Bad input: one line, exit 2, nothing written

    func testBadRunArgumentsExitTwoInOneLine() throws {
        let root = try temporaryDirectory()
        let suite = root + "/suite.json"
        try write(tinySuite, to: suite)
        let cases: [([String], String)] = [
            (["--out", ""], "--out \"\": the path is empty; name a directory, e.g. --out results/latest\n"),
            (["--out", root + "/o1", "--only", ""], "mapheap: --only \"\" names no workload (an empty variable?); "
                + "name at least one, or leave --only out to run them all (see 'mapheap run --help')\n"),
            (["--out", root + "/o2", "--only", ",,,"], "mapheap: --only \",,,\" names no workload (an empty "
                + "variable?); name at least one, or leave --only out to run them all (see 'mapheap run --help')\n"),
            (["--out", root + "/o3", "--seed", "9223372036854775808"], "mapheap: --seed 9223372036854775808: must "
                + "be 0 to 9223372036854775807, the range of a suite's seed (see 'mapheap run --help')\n"),
        ]
        for (arguments, message) in cases {
            let result = try mapheap(["run", suite] + arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr, message)
        }
        for index in 1...3 {
            XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/o\(index)"))
        }
    }
}

/// Runs a system tool (mount, umount) and returns its status and combined output.
enum MapheapBinaryShell {
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
