import Foundation
import XCTest

@testable import MapHeapReport
import MapHeapModel
import MapHeapTestFixtures

/// "Across Go versions" (report.txt), the versions panel (heap-curves.svg) and `mapheap compare`'s Go
/// version change, on Go rows of one workload under three runtimes.
final class VersionsReportTests: XCTestCase {
    /// A Go row: int64 -> bool unsized, 10,000 keys, under `runtime`, with `mapBytes`.
    func goRow(_ workload: String, runtime: String, mapBytes: Int, ns: Double = 100) -> SummaryRow {
        var row = CSVFixture.summary(workload, mapBytes: mapBytes)
        row.impl = .go
        row.runtime = runtime
        row.keys = 10_000
        row.inserts = 10_000
        row.finalCount = 10_000
        row.nsPerInsert = ns
        row.growths = GrowthCounts([.tableGrow: 3])
        return row
    }

    var threeRuntimes: ResultSet {
        var set = ReportFixture.resultSet()
        set.summary += [
            goRow("go1.23-a", runtime: "go1.23.9", mapBytes: 1_000_000),
            goRow("go1.24-a", runtime: "go1.24.11", mapBytes: 1_250_000),
            goRow("go1.27-a", runtime: "go1.27.3+mapsplitgroup", mapBytes: 750_000),
        ]
        return set
    }

    func testReportTablesEachRuntimeBesideThePrevious() throws {
        let report = renderReport(threeRuntimes)
        let lines = report.split(separator: "\n").map(String.init)
        let heading = try XCTUnwrap(lines.firstIndex { $0.hasSuffix(". Across Go versions") })
        let section = lines[heading...].prefix(30).joined(separator: "\n")
        XCTAssertTrue(section.contains("int64 -> bool, unsized, 10,000 keys"), section)
        let row24 = try XCTUnwrap(lines[heading...].first { $0.contains("go1.24.11") })
        XCTAssertEqual(row24.split(separator: " ").prefix(5).map(String.init),
                       ["go1.24.11", "1,250,000", "125.0", "+25.0%", "3"])
        let row27 = try XCTUnwrap(lines[heading...].first { $0.contains("go1.27.3+mapsplitgroup") })
        XCTAssertTrue(row27.contains("75.0") && row27.contains("-40.0%"), row27)
    }

    func testNoSectionWithOneRuntime() {
        var set = ReportFixture.resultSet()
        set.summary.append(goRow("go1.23-a", runtime: "go1.23.9", mapBytes: 1_000_000))
        XCTAssertFalse(renderReport(set).contains("Across Go versions"))
        XCTAssertFalse(renderHeapCurvesSVG(set).contains("panel-versions"))
    }

    func testChartDrawsBytesPerEntryByRuntime() {
        let svg = renderHeapCurvesSVG(threeRuntimes)
        XCTAssertTrue(svg.contains(#"id="panel-versions""#))
        XCTAssertTrue(svg.contains(">go1.24.11</text>"))
        let (runtimes, series) = _HeapChart.versionSeries(threeRuntimes)
        XCTAssertEqual(runtimes, ["go1.23.9", "go1.24.11", "go1.27.3+mapsplitgroup"])
        XCTAssertEqual(series.count, 1)
        XCTAssertEqual(series.first?.points.map(\.bytesPerEntry), [100, 125, 75])
    }

    func testCompareAcrossRuntimesPrintsTheMemoryChange() {
        let old = ResultSet(summary: [goRow("go1.23-int64-bool-unsized", runtime: "go1.23.9", mapBytes: 3_436_768)])
        let new = ResultSet(summary: [goRow("go1.27-int64-bool-unsized", runtime: "go1.27.3", mapBytes: 4_729_136)])
        let comparison = Comparison(baseline: old, current: new)
        XCTAssertEqual(comparison.goVersionChanges.map(\.line), [
            "go1.23-int64-bool-unsized / go1.27-int64-bool-unsized: go1.23.9 3,436,768 B -> go1.27.3 4,729,136 B "
                + "(+37.6%)",
        ])
        XCTAssertTrue(comparison.renderText().contains("Go version change (map bytes"))
        XCTAssertTrue(comparison.renderMarkdown().contains("go1.23.9 3,436,768 B -> go1.27.3 4,729,136 B"))
        XCTAssertEqual(Comparison(baseline: old, current: old).goVersionChanges, [])
    }

    /// The two sides of an upgrade: the same three workloads (two Go, one Swift peer), the Go ones
    /// named for their runtime; the current side's Go maps `growth` times the baseline's bytes.
    func upgrade(presizedBytes: (Int, Int), unsizedBytes: (Int, Int)) -> (ResultSet, ResultSet) {
        var peer = CSVFixture.summary("swissmap-int64-bool-unsized")
        peer.impl = .swissmap
        func side(_ prefix: String, _ runtime: String, presized: Int, unsized: Int) -> ResultSet {
            var fixed = goRow("\(prefix)-int64-bool-presized", runtime: runtime, mapBytes: presized)
            fixed.sizing = .presized
            fixed.hint = 10_000
            return ResultSet(summary: [goRow("\(prefix)-int64-bool-unsized", runtime: runtime, mapBytes: unsized),
                                       fixed, peer])
        }
        return (side("go1.23", "go1.23.9", presized: presizedBytes.0, unsized: unsizedBytes.0),
                side("go1.27", "go1.27.3", presized: presizedBytes.1, unsized: unsizedBytes.1))
    }

    func testUpgradeComparisonPairsByIdentityAndPasses() {
        let (old, new) = upgrade(presizedBytes: (1_000_000, 1_500_000), unsizedBytes: (2_000_000, 1_800_000))
        let comparison = Comparison(baseline: old, current: new)
        XCTAssertEqual(comparison.missingInCurrent, [])
        XCTAssertEqual(comparison.missingInBaseline, [])
        XCTAssertEqual(comparison.goVersionChanges.map(\.percent), [-10, 50])
        XCTAssertEqual(comparison.goVersionChanges.map(\.line), [
            "go1.23-int64-bool-unsized / go1.27-int64-bool-unsized: go1.23.9 2,000,000 B -> go1.27.3 1,800,000 B "
                + "(-10.0%)",
            "go1.23-int64-bool-presized / go1.27-int64-bool-presized: go1.23.9 1,000,000 B -> go1.27.3 1,500,000 B "
                + "(+50.0%)",
        ])
        // The same-named peer is still compared metric by metric.
        XCTAssertEqual(Set(comparison.rows.map(\.workload)), ["swissmap-int64-bool-unsized"])
        XCTAssertEqual(comparison.regressions, [])
        XCTAssertEqual(comparison.exitCode, 0)
        XCTAssertTrue(comparison.verdictLine.hasPrefix("PASS: "), comparison.verdictLine)
        XCTAssertTrue(comparison.verdictLine.hasSuffix(
            "; 2 Go workloads paired across versions (map bytes shown, not judged)"), comparison.verdictLine)
        let text = comparison.renderText()
        XCTAssertFalse(text.contains("missing in current"), text)
        XCTAssertTrue(text.contains("go1.27.3 1,500,000 B (+50.0%)"), text)
    }

    func testUpgradeComparisonStillFailsForAnUnpairedOrFailedWorkload() {
        let (old, new) = upgrade(presizedBytes: (1_000_000, 1_500_000), unsizedBytes: (2_000_000, 1_800_000))
        var failed = new
        failed.summary[1].status = .failed
        let comparison = Comparison(baseline: old, current: failed)
        XCTAssertEqual(comparison.missingInCurrent, ["go1.23-int64-bool-presized"])
        XCTAssertEqual(comparison.exitCode, 1)
    }

    func testSameVersionRegressionStillFails() {
        let (old, _) = upgrade(presizedBytes: (1_000_000, 0), unsizedBytes: (2_000_000, 0))
        var worse = old
        worse.summary[1].mapBytes = 1_100_000
        let comparison = Comparison(baseline: old, current: worse)
        XCTAssertEqual(comparison.goVersionChanges, [])
        XCTAssertEqual(comparison.regressions.map { "\($0.workload) \($0.metric)" },
                       ["go1.23-int64-bool-presized map_bytes"])
        XCTAssertEqual(comparison.exitCode, 1)
    }
}
