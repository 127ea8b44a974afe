import XCTest

import MapCore
import MapHeapModel
import MapHeapTestFixtures
@testable import MapHeapReport

/// The per-map decisions the catalog owns (`MapKind`), as Report, Chart and Compare use them.
final class MapKindDecisionsTests: XCTestCase {
    /// Compare's rules for Go's own runtime come from `MapKind.seedsHashPerRun`, not from its name.
    func testCompareRulesFollowTheCatalog() {
        XCTAssertEqual(MapCatalog.all.filter(\.seedsHashPerRun).map(\.name), ["go"])
        XCTAssertEqual(CompareMetric.overflowBuckets.rule(forImpl: .go), .info)
        XCTAssertEqual(CompareMetric.tables.rule(forImpl: .go), .tolerance)
        XCTAssertEqual(CompareMetric.finalB.rule(forImpl: .go), .exact)
        XCTAssertEqual(CompareMetric.overflowBuckets.rule(forImpl: .gomap), .exact)
        XCTAssertEqual(CompareMetric.tables.rule(forImpl: .swissmap), .exact)
        XCTAssertEqual(CompareMetric.peakAllocatedBytes.rule(forImpl: .dictionary), .tolerance)
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

    /// Which generation each map models: the cores always theirs, Go's own map by its runtime's release
    /// (classic to 1.23, Swiss from 1.24; an unreadable runtime counts as Swiss), the peers none.
    func testGenerationsComeFromTheCatalog() {
        XCTAssertEqual(MapKind.gomap.generation(runtime: "swift 6.3.1"), .classic)
        XCTAssertEqual(MapKind.swissmap.generation(runtime: "swift 6.3.1"), .swiss)
        XCTAssertEqual(MapKind.go.generation(runtime: "go1.23.9"), .classic)
        XCTAssertEqual(MapKind.go.generation(runtime: "go1.21.13"), .classic)
        XCTAssertEqual(MapKind.go.generation(runtime: "go1.24.4"), .swiss)
        XCTAssertEqual(MapKind.go.generation(runtime: "go1.27.3"), .swiss)
        XCTAssertEqual(MapKind.go.generation(runtime: "devel go1.28-4f3c2a1b9e"), .swiss)
        XCTAssertNil(MapKind.dictionary.generation(runtime: "swift 6.3.1"))
        XCTAssertNil(MapKind.set.generation(runtime: "swift 6.3.1"))
        XCTAssertEqual(MapCatalog.model(of: .classic)?.name, "gomap")
        XCTAssertEqual(MapCatalog.model(of: .swiss)?.name, "swissmap")
        XCTAssertEqual(MapCatalog.goRuntime?.name, "go")
        XCTAssertEqual(MapCatalog.all.filter(\.isGoRuntime).map(\.name), ["go"])
    }

    /// The chart's dash and legend label, and the sentence on shared hues, come from the catalog.
    func testChartStyleComesFromTheCatalog() {
        XCTAssertEqual(MapCatalog.all.map(\.chartDash), [.solid, .solid, .dotted, .dashed, .dashed])
        XCTAssertEqual(MapKind.go.label(runtime: "go1.27.3"), "Go 1.27.3")
        XCTAssertEqual(MapKind.gomap.label(runtime: "swift 6.3.1"), "GoMap")
        XCTAssertEqual(_MapStyle.sharedHuesText, "GoMap and classic Go share one, SwissMap and Swiss Go another")
    }

    /// The pairs the report forms: Dictionary's empty-valued counterpart is Set, Set holds only empty
    /// values, SwissMap replaced GoMap.
    func testPairsComeFromTheCatalog() {
        XCTAssertEqual(MapCatalog.all.map(\.emptyValueCounterpart), [nil, nil, nil, "set", nil])
        XCTAssertEqual(MapCatalog.all.filter(\.holdsOnlyEmptyValues).map(\.name), ["set"])
        XCTAssertEqual(MapCatalog.all.map(\.replaces), [nil, "gomap", nil, nil, nil])
    }

    /// The sections each map brings, and where they go.
    func testReportSectionsComeFromTheCatalog() {
        XCTAssertEqual(MapKind.gomap.reportSections, [.loadFactor, .differencesFromGo, .againstGoRuntime,
                                                      .goGenerations])
        XCTAssertEqual(MapKind.swissmap.reportSections, [.generationChanges])
        XCTAssertEqual(ReportSubject.all.map(\.impl), [.gomap, .swissmap])
        XCTAssertEqual(ReportSubject.named(.gomap).sections(at: .rules), [.loadFactor])
        XCTAssertEqual(ReportSubject.named(.gomap).sections(at: .closing),
                       [.differencesFromGo, .againstGoRuntime, .goGenerations])
        XCTAssertEqual(ReportSubject.named(.swissmap).sections(at: .whenPresent), [.generationChanges])
        XCTAssertEqual(ReportSubject.named(.dictionary).sections, [])
    }

    /// SwissMap's section comes with its catalog entry and is printed exactly when the rows hold SwissMap.
    func testSwissMapSectionComesWithItsRows() {
        let heading = "The Swiss map: what changed"
        var results = ReportFixture.resultSet()
        XCTAssertFalse(results.summary.contains { $0.impl == .swissmap })
        XCTAssertFalse(renderReport(results).contains(heading))
        var swiss = results.summary[0]
        swiss.workload = "swissmap-" + swiss.workload
        swiss.impl = .swissmap
        results.summary.append(swiss)
        XCTAssertTrue(renderReport(results).contains(heading))
        XCTAssertTrue(renderReport(results, model: .named(.gomap)).contains(heading))
    }
}
