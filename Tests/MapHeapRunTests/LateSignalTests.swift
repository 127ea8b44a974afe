import Foundation
import HeapStats
@testable import MapHeapRun
import MapHeapModel
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 24, defect 9: a signal that comes after the last workload, while the report renders, is
/// honoured: the run ends interrupted (exit 130), with every row kept.
final class LateSignalTests: XCTestCase {
    func testASignalAfterTheLastWorkloadEndsTheRunInterrupted() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("run refuses under ASan: jemalloc is not the allocator") }
        let root = NSTemporaryDirectory() + "mapheap-late-signal-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        try """
            {"name": "tiny", "sampling": {"points": 20}, "workloads": [
              {"name": "a", "impl": "gomap", "key": "int64", "value": "bool", "sizing": "unsized", "keys": 2000},
              {"name": "b", "impl": "set", "key": "int64", "value": "empty", "sizing": "unsized", "keys": 2000}]}
            """.write(toFile: root + "/suite.json", atomically: true, encoding: .utf8)
        let mapheap = Bundle.main.bundleURL.appendingPathComponent("mapheap").path
        guard FileManager.default.isExecutableFile(atPath: mapheap) else {
            throw XCTSkip("the mapheap binary is not built beside the tests (\(mapheap))")
        }
        let request = RunRequest(configPath: root + "/suite.json", outDirectory: root + "/out", seed: nil, only: [],
                                 quiet: false, executable: mapheap)
        let prepared = try PreparedRun.prepare(request)
        var lines: [String] = []
        do {
            _ = try prepared.run { line in
                lines.append(line)
                // The last workload's line is the last thing before the report: SIGTERM arrives now.
                if line.hasPrefix("[2/2] b: ok") { raise(SIGTERM) }
            }
            XCTFail("the run ended as if no signal had come: \(lines)")
        } catch let error as RunError {
            XCTAssertEqual(error.exitStatus, 130)
            XCTAssertEqual(error.line, "mapheap run: interrupted by SIGTERM; kept the rows of 2 of 2 workloads in "
                + "\(root)/out")
        }
        XCTAssertEqual(try ResultSet.readSummary(from: root + "/out", warn: { _ in }).map(\.workload), ["a", "b"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/out/report.txt"))
    }
}
