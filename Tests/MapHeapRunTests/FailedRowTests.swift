@testable import MapHeapRun
import MapHeapModel
import XCTest

/// The row of a workload that delivered none.
final class FailedRowTests: XCTestCase {
    func testAFailedRowKeepsTheWorkloadAndLeavesWhatRanEmpty() throws {
        let suite = try Suite.parse(json: Array("""
            {"name": "t", "workloads": [{"name": "w", "impl": "swissmap", "key": "string", "value": "int64",
             "sizing": "presized", "keys": 500}]}
            """.utf8), file: "t.json")
        let row = _failedRow(suite.workloads[0], status: .crashed, machine: "m", seed: 9)
        XCTAssertEqual([row.workload, row.keyType, row.valueType, row.status.rawValue, row.machine],
                       ["w", "string", "int64", "crashed", "m"])
        XCTAssertEqual(row.impl, .swissmap)
        XCTAssertEqual(row.sizing, .presized)
        XCTAssertEqual(row.ops, .insert)
        XCTAssertEqual([row.runtime, row.allocator], ["", ""])
        XCTAssertEqual(row.keys, 500)
        XCTAssertEqual(row.seed, 9)
        XCTAssertNil(row.mapBytes)
        XCTAssertNil(row.jobsAtOnce)
    }
}
