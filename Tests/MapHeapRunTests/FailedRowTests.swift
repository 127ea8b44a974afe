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
        XCTAssertEqual([row.workload, row.impl, row.keyType, row.valueType, row.sizing, row.status.rawValue, row.machine],
                       ["w", "swissmap", "string", "int64", "presized", "crashed", "m"])
        XCTAssertEqual([row.runtime, row.allocator], ["", ""])
        XCTAssertEqual(row.keys, 500)
        XCTAssertEqual(row.seed, 9)
        XCTAssertNil(row.mapBytes)
        XCTAssertNil(row.jobsAtOnce)
    }
}
