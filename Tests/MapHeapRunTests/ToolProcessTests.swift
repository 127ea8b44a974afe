import Foundation
@testable import MapHeapRun
import MapHeapModel
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 24, defect 6: the toolchain's processes have a time limit, and a run that is stopping stops
/// them (and what they started) at once.
final class ToolProcessTests: XCTestCase {
    func testOutputAndStatusOfAToolThatEnds() {
        XCTAssertEqual(_runTool("/bin/sh", ["-c", "echo out; echo err >&2"], timeout: 10),
                       .finished(succeeded: true, output: "out\nerr\n"))
        XCTAssertEqual(_runTool("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], stderr: false, timeout: 10),
                       .finished(succeeded: false, output: "out\n"))
        if case .notStarted = _runTool("/nonexistent/go", [], timeout: 10) {} else { XCTFail("started") }
    }

    func testAToolThatHangsIsStoppedAtItsLimitWithWhatItStarted() throws {
        let marker = "mapheap-tool-test-\(UUID().uuidString)"
        let started = Date()
        // The shell starts a sleep that holds the pipe: the whole group must go for the wait to end.
        XCTAssertEqual(_runTool("/bin/sh", ["-c", "sleep 30 # \(marker)\n echo never"], timeout: 0.3), .timedOut)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        usleep(100_000)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let left = entries.filter { entry in
            guard Int32(entry) != nil, let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else {
                return false
            }
            return String(decoding: line, as: UTF8.self).contains(marker)
        }
        XCTAssertEqual(left, [], "the tool's shell outlived its limit")
    }

    func testAStoppingRunStopsATool() {
        let interruption = _Interruption.install()
        defer { interruption.uninstall() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { interruption.stopChildren() }
        let started = Date()
        XCTAssertEqual(_runTool("/bin/sleep", ["30"], timeout: 60), .stopped)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
    }

    func testAHangingGoProbeIsNamedInOneLine() throws {
        let root = NSTemporaryDirectory() + "mapheap-probe-" + UUID().uuidString
        let bin = root + "/go1.22.10/go/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        try "#!/bin/sh\nsleep 30\n".write(toFile: bin + "/go", atomically: true, encoding: .utf8)
        chmod(bin + "/go", 0o755)
        let saved = (ProcessInfo.processInfo.environment["MAPHEAP_TOOLCHAINS"], GoToolchains.probeTimeout)
        setenv("MAPHEAP_TOOLCHAINS", root, 1)
        GoToolchains.probeTimeout = 0.3
        defer {
            if let folder = saved.0 { setenv("MAPHEAP_TOOLCHAINS", folder, 1) } else { unsetenv("MAPHEAP_TOOLCHAINS") }
            GoToolchains.probeTimeout = saved.1
        }
        let suite = try Suite.parse(json: Array("""
            {"name": "t", "workloads": [{"name": "g", "impl": "go", "go_version": "1.22.10", "key": "int64",
             "value": "bool", "sizing": "unsized", "keys": 500}]}
            """.utf8), file: "t.json")
        XCTAssertThrowsError(try checkGoToolchains(suite, executable: "/nonexistent/mapheap")) { error in
            XCTAssertEqual((error as? MapHeapError)?.exitStatus, 2)
            XCTAssertEqual(errorLine(error), "t.json: Go 1.22.10: `\(bin)/go env GOVERSION` did not answer within "
                + "0.30 s and was stopped; check that toolchain, or reinstall it with scripts/setup.sh")
        }
    }
}
