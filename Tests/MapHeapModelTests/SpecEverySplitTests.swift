import XCTest

@testable import MapHeapModel

/// Issue 24: the spec's optional `every_split` (one growth row per Swiss table split) is written only
/// when true, read back, and must be a boolean; a spec without it reads as false.
final class SpecEverySplitTests: XCTestCase {
    private let workload = Workload(name: "s", impl: .swissmap, key: .int64, value: .bool, sizing: .unsized,
                                    keys: 1000)

    func testEverySplitRoundTripsAndIsOptional() throws {
        var spec = workload.resolved(sampling: Sampling(points: 3), seed: 1)
        XCTAssertFalse(spec.json.contains("every_split"), "the default leaves the field out")
        XCTAssertFalse(try WorkloadSpec.parse(json: Array(spec.json.utf8), file: "spec.json").everySplit)
        spec.everySplit = true
        XCTAssertTrue(spec.json.contains(#""every_split": true"#))
        XCTAssertEqual(try WorkloadSpec.parse(json: Array(spec.json.utf8), file: "spec.json"), spec)
        let bad = spec.json.replacingOccurrences(of: #""every_split": true"#, with: #""every_split": 1"#)
        XCTAssertThrowsError(try WorkloadSpec.parse(json: Array(bad.utf8), file: "spec.json")) { error in
            XCTAssertEqual("\(error)", "spec.json: every_split: not a boolean; use true or false")
        }
    }
}
