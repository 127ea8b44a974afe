import XCTest

@testable import MapHeapModel
import MapHeapTestFixtures

/// The spec of the child protocol: resolved from a suite's workload, written as JSON with every field,
/// read back strictly.
final class WorkloadSpecTests: XCTestCase {
    private let churn = Workload(name: "-churn", impl: .gomap, key: .string, value: .bool, sizing: .hint, hint: 1000,
                                 keys: 100, ops: .churn, rounds: 3)

    func testResolvedSpecSamplesThePlanAndTheEndOfEveryChurnRound() {
        let spec = churn.resolved(sampling: Sampling(points: 3), seed: 7)
        // Plan over 100 + 3 * 50 inserts: 0, 125, 250; fill end 100 and round ends 150, 200, 250.
        XCTAssertEqual(spec.sampleAt, [0, 100, 125, 150, 200, 250])
        XCTAssertEqual(spec.seed, 7)
        XCTAssertEqual(spec.workload.hint, 1000)
    }

    func testResolvedSpecLooksUpEveryLiveKeyUpToAHundredThousand() {
        // Churn keeps N keys live: 100 lookups after 3 rounds of 100 keys.
        XCTAssertEqual(churn.resolved(sampling: Sampling(points: 3), seed: 7).lookups, 100)
        let big = Workload(name: "big", impl: .go, key: .int64, value: .bool, sizing: .unsized, keys: 10_000_000)
        XCTAssertEqual(big.resolved(sampling: Sampling(points: 3), seed: 7).lookups, 100_000)
        XCTAssertEqual(Workload.maximumLookups, 100_000)
        var exact = big
        exact.keys = Workload.maximumLookups
        XCTAssertEqual(exact.resolved(sampling: Sampling(points: 3), seed: 7).lookups, 100_000)
    }

    func testJSONHasEveryFieldInProtocolOrderAndRoundTrips() throws {
        var spec = churn.resolved(sampling: Sampling(points: 3), seed: UInt64.max)
        spec.allocationSites = .init(sampleRate: 16384, threshold: 65536)
        let text = spec.json
        let keys = text.split(separator: "\n").dropFirst().dropLast().map { line in
            String(line.drop { $0 == " " }.dropFirst().prefix { $0 != "\"" })
        }
        XCTAssertEqual(keys, WorkloadSpec.jsonFields)
        XCTAssertTrue(text.contains(#""protocol": "mapheap.spec.v1""#))
        XCTAssertTrue(text.contains(#""workload": "-churn""#), "a name starting with - is just a string")
        XCTAssertTrue(text.contains(#""sample_at": [0, 100, 125, 150, 200, 250]"#))
        XCTAssertTrue(text.contains(#""alloc_sites": {"sample_rate": 16384, "threshold": 65536}"#))
        XCTAssertTrue(text.contains(#""latency": false"#))
        XCTAssertTrue(text.contains(#""lookups": 100,"#))
        XCTAssertEqual(try WorkloadSpec.parse(json: Array(text.utf8), file: "spec.json"), spec)
        spec.allocationSites = nil
        XCTAssertTrue(spec.json.contains(#""alloc_sites": null"#))
        XCTAssertEqual(try WorkloadSpec.parse(json: Array(spec.json.utf8), file: "spec.json"), spec)
    }

    func testBadSpecsAreOneLineErrors() {
        let good = churn.resolved(sampling: Sampling(points: 3), seed: 1).json
        func error(_ text: String) -> String {
            do {
                _ = try WorkloadSpec.parse(json: Array(text.utf8), file: "spec.json")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(error(good.replacingOccurrences(of: #""impl": "gomap""#, with: #""impl": "btree""#))
            .hasPrefix("spec.json: impl: "), error(good))
        XCTAssertTrue(error(good.replacingOccurrences(of: "mapheap.spec.v1", with: "mapheap.spec.v0"))
            .hasPrefix("spec.json: protocol: "))
        XCTAssertTrue(error(good.replacingOccurrences(of: "[0, 100,", with: "[100, 0,"))
            .hasPrefix("spec.json: sample_at: "))
        XCTAssertTrue(error(good.replacingOccurrences(of: #""rounds": 3"#, with: #""rounds": 0"#))
            .hasPrefix("spec.json: rounds: "))
        XCTAssertTrue(error(good.replacingOccurrences(of: #"  "seed": 1,"# + "\n", with: ""))
            .hasPrefix("spec.json: seed: "))
        XCTAssertTrue(error(good.replacingOccurrences(of: #""latency": false"#, with: #""latency": 0"#))
            .hasPrefix("spec.json: latency: "))
        XCTAssertEqual(error(good.replacingOccurrences(of: #"  "lookups": 100,"# + "\n", with: "")),
                       "spec.json: lookups: missing; a spec states every field (Sources/PROTOCOL.md)")
        XCTAssertEqual(error(good.replacingOccurrences(of: #""lookups": 100"#, with: #""lookups": 101"#)),
                       "spec.json: lookups: 101 is out of range 0...100; look up 0 to 100 live keys")
        XCTAssertTrue(error(good.replacingOccurrences(of: #""lookups": 100"#, with: #""lookups": -1"#))
            .hasPrefix("spec.json: lookups: "))
        XCTAssertEqual(error(good.replacingOccurrences(of: #""lookups": 100"#, with: #""lookups": 0"#)), "no error")
        XCTAssertFalse(error(good).contains("\n"))
    }
}
