import Foundation
import HeapStats
import MapHeapModel
import XCTest

/// The environment does not change the figures silently (issue 24, item 12): the shell's GOGC never
/// reaches the Go peer, a suite's go_env does and is recorded in the row and the report, and
/// MALLOC_CONF is named in the mapheap child's allocator column.
final class GoEnvRunTests: XCTestCase {
    func testShellGoGCDoesNotReachThePeerAndGoEnvDoes() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("run refuses under ASan: jemalloc is not the allocator") }
        let root = try temporaryDirectory(prefix: "mapheap-goenv-")
        let suite = """
            {"name": "goenv", "sampling": {"points": 20}, "workloads": [
              {"name": "plain", "impl": "go", "go_version": "1.23.9", "key": "int64", "value": "bool",
               "sizing": "unsized", "keys": 200000},
              {"name": "tuned", "impl": "go", "go_version": "1.23.9", "key": "int64", "value": "bool",
               "sizing": "unsized", "keys": 200000, "go_env": {"GOGC": "off"}},
              {"name": "swift", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 2000}]}
            """
        try suite.write(toFile: root + "/suite.json", atomically: false, encoding: .utf8)
        let out = root + "/out"
        // With GOGC=off in the shell, a peer that saw it would run no GC at all.
        let run = try MapheapBinary.run(["run", root + "/suite.json", "--out", out, "--quiet"],
                                        environment: ["GOGC": "off", "MALLOC_CONF": "dirty_decay_ms:1000"])
        if run.stderr.contains("is not installed") { throw XCTSkip("Go 1.23.9 is not installed") }
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = try ResultSet.read(from: out).summary
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.workload, $0) })
        let plain = try XCTUnwrap(byName["plain"])
        let tuned = try XCTUnwrap(byName["tuned"])
        XCTAssertGreaterThan(plain.gcCycles ?? 0, 0, "the shell's GOGC=off reached the peer")
        XCTAssertEqual(tuned.gcCycles, 0, "the suite's GOGC=off did not reach the peer")
        XCTAssertEqual(plain.goEnv, "")
        XCTAssertEqual(tuned.goEnv, "GOGC=off")
        XCTAssertEqual(byName["swift"]?.allocator, "jemalloc \(Jemalloc.version) MALLOC_CONF=dirty_decay_ms:1000")
        let report = try String(contentsOfFile: out + "/report.txt", encoding: .utf8)
        XCTAssertTrue(report.contains("GOGC=off (tuned)"), report)
        XCTAssertTrue(report.contains("MALLOC_CONF=dirty_decay_ms:1000"), report)
    }
}
