import XCTest

import MapHeapModel
import MapHeapTestFixtures
@testable import MapHeapReport

/// The per-map decisions the catalog and the report's subjects own, as Report and Compare use them.
final class MapKindDecisionsTests: XCTestCase {
    /// Compare's rules for Go's own runtime come from `MapKind.seedsHashPerRun`, not from its name.
    func testCompareRulesFollowTheCatalog() {
        XCTAssertEqual(MapCatalog.all.filter(\.seedsHashPerRun).map(\.name), ["go"])
        XCTAssertEqual(CompareMetric.overflowBuckets.rule(forImpl: "go"), .info)
        XCTAssertEqual(CompareMetric.tables.rule(forImpl: "go"), .tolerance)
        XCTAssertEqual(CompareMetric.finalB.rule(forImpl: "go"), .exact)
        XCTAssertEqual(CompareMetric.overflowBuckets.rule(forImpl: "gomap"), .exact)
        XCTAssertEqual(CompareMetric.tables.rule(forImpl: "swissmap"), .exact)
        XCTAssertEqual(CompareMetric.overflowBuckets.rule(forImpl: "not-in-the-catalog"), .exact)
    }

    /// The sampler reserves rows for growths without curve points for SwissMap only (one per 256
    /// inserts); only the Go peer writes a heap profile.
    func testSamplerAndProfileRules() {
        XCTAssertEqual(MapCatalog.all.map(\.insertsPerUnsampledGrowth), [nil, 256, nil, nil, nil])
        XCTAssertEqual(MapCatalog.all.map(\.name), ["gomap", "swissmap", "go", "dictionary", "set"])
        XCTAssertEqual(MapCatalog.all.filter(\.writesHeapProfile).map(\.name), ["go"])
        XCTAssertEqual(MapCatalog.kind(named: "swissmap")?.displayName, "SwissMap")
        XCTAssertNil(MapCatalog.kind(named: "nope"))
    }

    /// SwissMap's section is registered with its subject and printed exactly when the rows hold SwissMap.
    func testSwissMapSectionComesWithItsRows() {
        XCTAssertEqual(ReportSubject.all.map(\.impl), ["gomap", "swissmap"])
        let heading = "The Swiss map: what changed"
        var results = ReportFixture.resultSet()
        XCTAssertFalse(results.summary.contains { $0.impl == "swissmap" })
        XCTAssertFalse(renderReport(results).contains(heading))
        var swiss = results.summary[0]
        swiss.workload = "swissmap-" + swiss.workload
        swiss.impl = "swissmap"
        results.summary.append(swiss)
        XCTAssertTrue(renderReport(results).contains(heading))
        XCTAssertTrue(renderReport(results, model: .named("gomap")).contains(heading))
    }
}
