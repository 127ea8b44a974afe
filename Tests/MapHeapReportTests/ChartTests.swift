import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import MapHeapReport
import MapHeapModel
import MapHeapTestFixtures

final class ChartTests: XCTestCase {
    func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    func testIsWellFormedXML() throws {
        let svg = renderHeapCurvesSVG(ReportFixture.resultSet())
        let document = try XMLDocument(xmlString: svg, options: [])
        XCTAssertEqual(document.rootElement()?.name, "svg")
        XCTAssertTrue(svg.contains(#"<svg xmlns="http://www.w3.org/2000/svg""#))
    }

    func testOnePolylinePerWorkloadAndOnePanelPerQuestion() {
        let results = ReportFixture.resultSet()
        let svg = renderHeapCurvesSVG(results)
        XCTAssertEqual(count("<polyline", in: svg), results.summary.count)
        for row in results.summary {
            XCTAssertEqual(count(#"data-workload="\#(row.workload)""#, in: svg), 1, row.workload)
        }
        // One panel per key type, value type, sizing and operation mix (churn apart: its x runs to 3N).
        let questions = Set(results.summary.map { "\($0.keyType)|\($0.valueType)|\($0.sizing)|\($0.hint)|\($0.ops)" })
        XCTAssertEqual(count(#"<g class="panel""#, in: svg), questions.count)
        XCTAssertTrue(svg.contains(">int64/bool, unsized</text>"))
        XCTAssertTrue(svg.contains(">int64/bool, presized</text>"))
        XCTAssertTrue(svg.contains(">int64/empty, unsized</text>"))
        XCTAssertTrue(svg.contains(">int64/bool, unsized, churn (x counts re-inserts)</text>"))
        XCTAssertTrue(svg.contains(">keys inserted</text>"))
        XCTAssertTrue(svg.contains(">allocated (MiB)</text>"))
        // Swift models solid, peers dashed (no Go rows in the fixture).
        let polylines = svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") }
        XCTAssertEqual(polylines.filter { $0.contains(#"stroke-dasharray="6 4""#) }.count,
                       results.summary.filter { $0.impl == .dictionary || $0.impl == .set }.count)
        XCTAssertEqual(polylines.filter { !$0.contains("stroke-dasharray") }.count,
                       results.summary.filter { $0.impl == .gomap || $0.impl == .swissmap }.count)
        // The crashed workload is drawn and labelled with its status.
        XCTAssertTrue(svg.contains(">GoMap (crashed)</text>"))
    }

    func testMarksGrowthStarts() {
        let results = ReportFixture.resultSet()
        let starts = results.curve.filter { $0.event == .growthStart }.count
        XCTAssertGreaterThan(starts, 0)
        XCTAssertEqual(count(#"class="growth-start""#, in: renderHeapCurvesSVG(results)), starts)
    }

    func testEscapesNames() throws {
        var results = ReportFixture.resultSet()
        let old = results.summary[0].workload
        let odd = "gomap <int64> & \"bool\""
        results.summary[0].workload = odd
        for index in results.curve.indices where results.curve[index].workload == old {
            results.curve[index].workload = odd
        }
        let svg = renderHeapCurvesSVG(results)
        XCTAssertTrue(svg.contains("gomap &lt;int64&gt; &amp; &quot;bool&quot;"))
        XCTAssertFalse(svg.contains(odd))
        XCTAssertNoThrow(try XMLDocument(xmlString: svg, options: []))
    }

    func testThinsLongSeriesButKeepsGrowthEvents() {
        let row = ReportFixture.summary("gomap-int64-bool-unsized", impl: .gomap, key: "int64", value: "bool",
                                        sizing: .unsized, growths: 1, finalB: 1, final: 1_000, peak: 1_000,
                                        mapBytes: 1_000, ns: 1)
        // A zigzag (every fifth point, the thinning's stride, alternates up and down), so that no kept
        // point lies on a straight stretch, which the SVG would leave out.
        let curve = (0..<10_000).map { index in
            CurveRow(
                workload: row.workload, event: index == 4_321 ? .growthStart : .sample, keys: index, count: index,
                allocatedBytes: index * 100 + (index / 5 % 2) * 50_000, activeBytes: 0, residentBytes: 0,
                peakBytes: 0, mapBytes: nil, structure: MapStructure(b: 0), growing: false, elapsedSeconds: 0)
        }
        let svg = renderHeapCurvesSVG(ResultSet(summary: [row], curve: curve))
        let polyline = svg.split(separator: "\n").first { $0.hasPrefix("<polyline") } ?? ""
        let points = polyline.split(separator: " ").filter { $0.contains(",") && !$0.contains("=") }.count
        XCTAssertLessThanOrEqual(points, 2_002)
        XCTAssertGreaterThan(points, 1_000)
        XCTAssertEqual(count(#"class="growth-start""#, in: svg), 1)
    }

    func testPolylinesLeaveOutPointsOnAStraightStretch() {
        // At the written resolution (tenths): (1,1) lies between (0,0) and (2,2), (2,3) between (2,2) and
        // (2,5), (3,5) between (2,5) and (4,5), and (5.04,4) rounds to (5,4), the point before it.
        let points: [(x: Double, y: Double)] = [(0, 0), (1, 1), (2, 2), (2, 3), (2, 5), (3, 5), (4, 5), (5, 4),
                                                (5.04, 4), (6, 4)]
        XCTAssertEqual(_SVGWriter.polylinePoints(points), "0,0 2,2 2,5 4,5 5,4 6,4")
        // A line that turns back on itself keeps the turn; tenths are kept; a huge value is written as it is.
        XCTAssertEqual(_SVGWriter.polylinePoints([(0, 0), (2, 0), (1, 0)]), "0,0 2,0 1,0")
        XCTAssertEqual(_SVGWriter.polylinePoints([(0.15, 1), (0.25, 1), (0.4, 1)]), "0.2,1 0.4,1")
        XCTAssertEqual(_SVGWriter.polylinePoints([(0, 0), (1e9, 0), (2e9, 0)]), "0,0 1000000000,0 2000000000,0")
        XCTAssertEqual(_SVGWriter.polylinePoints([]), "")
        XCTAssertEqual(_SVGWriter.polylinePoints([(1, 2)]), "1,2")
    }

    func testWidensForLongLegendLabels() {
        var results = ReportFixture.resultSet()
        // A Go row's label names its runtime, a failed row's its status; a devel toolchain's runtime
        // version is long, so the legend needs more room than the chart's least width.
        results.summary[0].impl = .go
        results.summary[0].runtime = "devel go1.28-4f3c2a1b9e Mon Dec 7 14:00:00 2026 +0000"
        results.summary[0].status = .outOfMemory
        let svg = renderHeapCurvesSVG(results)
        XCTAssertTrue(svg.contains("Go devel go1.28-4f3c2a1b9e Mon Dec 7 14:00:00 2026 +0000 (out-of-memory)"), svg)
        XCTAssertFalse(svg.contains(#"width="1000""#))
    }

    func testNiceTicks() {
        XCTAssertEqual(_AxisTicks(min: 0, max: 1_000_000).values, [0, 200_000, 400_000, 600_000, 800_000, 1_000_000])
        XCTAssertEqual(_AxisTicks(min: 0, max: 9_500_000).values.last, 10_000_000)
        XCTAssertEqual(_AxisTicks(min: 0, max: 57.2).values, [0, 10, 20, 30, 40, 50, 60])
    }

    func testEmptyResultSetStillRenders() throws {
        let svg = renderHeapCurvesSVG(ResultSet())
        XCTAssertTrue(svg.contains("No curve data"))
        XCTAssertEqual(count("<polyline", in: svg), 0)
        XCTAssertNoThrow(try XMLDocument(xmlString: svg, options: []))
    }
}
