import XCTest

import MapHeapModel

/// Issue 24, defect 13: churn with one key passed the suite check and then failed in the Go peer.
final class SuiteChurnKeysTests: XCTestCase {
    private func suite(keys: Int) -> [UInt8] {
        Array("""
            { "name": "t", "workloads": [ { "name": "w", "impl": "gomap", "key": "int64", "value": "bool",
              "sizing": "unsized", "ops": "churn", "keys": \(keys) } ] }
            """.utf8)
    }

    func testChurnWithOneKeyIsRefused() throws {
        XCTAssertThrowsError(try Suite.parse(json: suite(keys: 1), file: "bench-configs/x.json")) { error in
            XCTAssertEqual((error as? ConfigError)?.description,
                           "bench-configs/x.json: workloads[0].keys: churn needs at least 2 keys (found 1); "
                               + "use 2 or more keys")
            XCTAssertNotNil(error as? ConfigError)
        }
        XCTAssertEqual(try Suite.parse(json: suite(keys: 2), file: "bench-configs/x.json").workloads[0].keys, 2)
    }
}
