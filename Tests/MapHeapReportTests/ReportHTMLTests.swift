import Foundation
import XCTest
@testable import MapHeapReport
import MapHeapModel
import MapHeapTestFixtures

/// report.html's content (the browser test, scripts/browser-test.py, checks how it draws), the section
/// model both reports share, report.txt's table width and heap-curves.svg's small multiples.
final class ReportHTMLTests: XCTestCase {
    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func claims() throws -> ClaimsFile {
        try ClaimsFile.load(path: Self.root.appendingPathComponent("bench-configs/claims.json").path)
    }

    func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The page's data object.
    func data(_ page: String) throws -> [String: Any] {
        let open = #"<script type="application/json" id="data">"#
        let start = try XCTUnwrap(page.range(of: open)).upperBound
        let end = try XCTUnwrap(page.range(of: "</script>", range: start..<page.endIndex)).lowerBound
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(page[start..<end].utf8)) as? [String: Any])
    }

    func testChartJSIsTheVendoredFile() throws {
        let vendored = try String(contentsOf: Self.root.appendingPathComponent("Vendor/chartjs/chart.min.js"),
                                  encoding: .utf8)
        XCTAssertEqual(_chartJS + "\n", vendored, "run scripts/vendor-chartjs.sh")
        XCTAssertTrue(_chartJS.hasPrefix("/*!\n * Chart.js v3.9.1"))
    }

    func testPageIsSelfContained() throws {
        let page = renderReportHTML(ReportFixture.resultSet(), claims: try claims())
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        // Three inline scripts (data, Chart.js, the page's), one inline style, nothing loaded.
        XCTAssertEqual(count("<script", in: page), 3)
        XCTAssertEqual(count("</script>", in: page), 3)
        XCTAssertEqual(count("<style>", in: page), 1)
        XCTAssertEqual(count(" src=", in: page), 0)
        XCTAssertEqual(count("<link", in: page), 0)
        XCTAssertFalse(page.contains(#"href="http"#))
    }

    func testDataHoldsEveryClaimAndEverySectionButTheClaims() throws {
        let claims = try claims()
        let results = ReportFixture.resultSet()
        let page = try data(renderReportHTML(results, claims: claims))
        let pageClaims = try XCTUnwrap(page["claims"] as? [[String: Any]])
        XCTAssertEqual(pageClaims.map { $0["id"] as? String }, claims.claims.map(\.id))
        XCTAssertEqual(pageClaims.map { $0["number"] as? Int }, Array(1...claims.claims.count))
        let sections = reportSections(results, claims: claims)
        let titles = try XCTUnwrap(page["sections"] as? [[String: Any]]).map { $0["title"] as? String }
        XCTAssertEqual(titles, sections.map(\.title).filter { $0 != "The claims, settled" })
        XCTAssertEqual(sections.first?.title, "The claims, settled")
        // The panels are heap-curves.svg's.
        let panels = try XCTUnwrap(page["panels"] as? [[String: Any]])
        XCTAssertEqual(panels.map { $0["id"] as? String },
                       _HeapChart.panels(results, model: ReportSubject.studied(in: results)).map(\.id))
    }

    func testCurvePointsInsideAFlatOrVerticalStretchAreLeftOut() throws {
        let row = ReportFixture.summary("gomap-int64-bool-unsized", impl: .gomap, key: "int64", value: "bool",
                                        sizing: .unsized, growths: 0, finalB: 1, final: 12, peak: 12,
                                        mapBytes: 12, ns: 1)
        // (keys, bytes): flat from 0 to 2, up at 3 through 9, flat to 4, then down to 10 and back to 11.
        let shape = [(0, 5), (1, 5), (2, 5), (3, 7), (3, 9), (3, 12), (4, 12), (4, 10), (4, 11)]
        let curve = shape.map { keys, bytes in
            CurveRow(workload: row.workload, event: .sample, keys: keys, count: keys, allocatedBytes: bytes,
                     activeBytes: 0, residentBytes: 0, peakBytes: 0, mapBytes: nil, structure: MapStructure(b: 0),
                     growing: false, elapsedSeconds: 0)
        }
        let page = try data(renderReportHTML(ResultSet(summary: [row], curve: curve)))
        let panels = try XCTUnwrap(page["panels"] as? [[String: Any]])
        let series = try XCTUnwrap((panels.first?["series"] as? [[String: Any]])?.first)
        let points = try XCTUnwrap(series["points"] as? [[Int]])
        // Left out: (1, 5) inside the flat run, (3, 9) inside the rise; (4, 10) stays, the line turns there.
        XCTAssertEqual(points, [[0, 5], [2, 5], [3, 7], [3, 12], [4, 12], [4, 10], [4, 11]])
    }

    func testAnEmptyResultSetStillRenders() throws {
        let page = try data(renderReportHTML(ResultSet()))
        XCTAssertEqual((page["claims"] as? [Any])?.count, 0)
        XCTAssertEqual((page["panels"] as? [Any])?.count, 0)
        XCTAssertEqual(page["noCurves"] as? String,
                       "No curve data: curve.csv has no rows for the workloads in summary.csv.")
        XCTAssertGreaterThan((page["sections"] as? [Any])?.count ?? 0, 0)
    }

    func testSectionsAreWhatReportTxtSays() throws {
        let results = ReportFixture.resultSet()
        let text = renderReport(results)
        let sections = reportSections(results)
        XCTAssertGreaterThan(sections.count, 5)
        for section in sections {
            XCTAssertTrue(text.contains("\n\(section.number). \(section.title)\n"), section.title)
            for block in section.blocks {
                switch block {
                case .table(let table):
                    for row in table.rows where !row[0].isEmpty { XCTAssertTrue(text.contains(row[0]), row[0]) }
                case .text(let paragraph), .item(let paragraph):
                    let firstWords = paragraph.split(separator: " ").prefix(3).joined(separator: " ")
                    XCTAssertTrue(text.contains(firstWords), firstWords)
                case .subheading(let title):
                    XCTAssertTrue(text.contains("\n" + title + "\n"), title)
                case .preformatted(let lines):
                    XCTAssertTrue(text.contains(lines.joined(separator: "\n")))
                case .bars(let bars):
                    for bar in bars.bars { XCTAssertTrue(text.contains(bar.total), bar.total) }
                }
            }
        }
        // The claims section, written without helpers, is kept as preformatted lines.
        let withClaims = reportSections(results, claims: try claims())
        guard case .preformatted(let lines)? = withClaims.first?.blocks.first else {
            return XCTFail("the claims section has no preformatted block")
        }
        XCTAssertTrue(lines.contains { $0.contains("1. While a map grows") })
    }

    func testThresholdsComeFromTheVerdictConditions() throws {
        let claims = try claims()
        let pauses = try XCTUnwrap(claims.claims.first { $0.id == "no-millisecond-pauses" })
        let lines = _HTMLData.thresholds(pauses)
        XCTAssertEqual(lines.map(\.figure), ["max_insert_ns"])
        XCTAssertEqual(lines.map(\.value), [1_000_000])
        XCTAssertEqual(lines.map(\.text), ["max_insert_ns < 1000000"])
        let doubling = try XCTUnwrap(claims.claims.first { $0.id == "growth-doubles-memory" })
        XCTAssertEqual(_HTMLData.thresholds(doubling).map(\.value), [1.8, 1.2])
    }

    func testClaimChartsOnePerUnitInTheAxisUnit() throws {
        let subjects: [(label: String, color: String, deciding: Bool, figures: [ClaimFigureValue])] = [
            ("Go 1.23", "#1f77b4", true, [ClaimFigureValue(name: "max_insert_ns", value: 15_320_000, unit: "ns"),
                                          ClaimFigureValue(name: "peak", value: 2_097_152, unit: "bytes")]),
            ("GoMap", "#1f77b4", false, [ClaimFigureValue(name: "max_insert_ns", value: nil, unit: "ns"),
                                         ClaimFigureValue(name: "peak", value: 1_048_576, unit: "bytes")]),
        ]
        let charts = _HTMLData.charts(subjects: subjects, thresholds: [
            .init(figure: "max_insert_ns", value: 1_000_000, text: "max_insert_ns < 1000000"),
        ])
        XCTAssertEqual(charts.count, 2)
        let times = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(charts[0].utf8)) as? [String: Any])
        XCTAssertEqual(times["log"] as? Bool, true)
        XCTAssertEqual(times["axis"] as? String, "ms (log scale)")
        let sets = try XCTUnwrap(times["datasets"] as? [[String: Any]])
        XCTAssertEqual((sets[0]["values"] as? [Double]), [15.32])
        XCTAssertTrue((sets[1]["values"] as? [Any])?.first is NSNull)
        XCTAssertEqual((sets[0]["texts"] as? [String]), ["15.32 ms"])
        XCTAssertEqual(((times["thresholds"] as? [[String: Any]])?.first?["value"] as? Double), 1)
        let bytes = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(charts[1].utf8)) as? [String: Any])
        XCTAssertEqual(bytes["log"] as? Bool, false)
        XCTAssertEqual(((bytes["datasets"] as? [[String: Any]])?.map { $0["values"] as? [Double] }), [[2], [1]])
    }

    func testJSONStringsCannotEndTheScript() {
        XCTAssertEqual(_JSON.string("</script> & \"x\"\n"), #""\u003c/script\u003e \u0026 \"x\"\n""#)
        XCTAssertEqual(_JSON.string("a\u{1}b"), #""a\u0001b""#)
        XCTAssertEqual(_JSON.number(2), "2")
        XCTAssertEqual(_JSON.number(1.5), "1.5")
        XCTAssertEqual(_JSON.number(.nan), "null")
    }

    func testWideTablesSplitAt120Columns() {
        var table = TextTable([.left("workload")] + (1...12).map { .right("column \($0)") })
        table.append(["gomap-int64-bool-unsized"] + (1...12).map { "\($0 * 1_000_000)" })
        table.append(["set-int64-empty-unsized"] + (1...12).map { "\($0)" })
        let lines = table.lines(indent: 2, maxWidth: 120)
        XCTAssertGreaterThan(table.lines(indent: 2).map(\.count).max() ?? 0, 120)
        XCTAssertLessThanOrEqual(lines.map(\.count).max() ?? 0, 120)
        // Every part repeats the row names; every cell is in some part.
        XCTAssertEqual(lines.filter { $0.hasPrefix("  gomap-int64-bool-unsized") }.count,
                       lines.filter { $0.hasPrefix("  workload") }.count)
        XCTAssertGreaterThan(lines.filter { $0.hasPrefix("  workload") }.count, 1)
        for number in 1...12 {
            XCTAssertTrue(lines.contains { $0.contains("column \(number)") }, "column \(number)")
            XCTAssertTrue(lines.contains { $0.contains(" \(number * 1_000_000)") }, "value \(number)")
        }
        // A narrow table is unchanged.
        var narrow = TextTable([.left("a"), .right("b"), .right("c")])
        narrow.append(["x", "1", "2"])
        XCTAssertEqual(narrow.lines(indent: 2, maxWidth: 120), narrow.lines(indent: 2))
    }

    func testReportTxtLinesFit120Columns() {
        let text = renderReport(ReportFixture.resultSet())
        let wide = text.split(separator: "\n").filter { $0.count > 120 }
        XCTAssertEqual(wide, [])
    }

    // MARK: heap-curves.svg's layout

    /// Eight maps answering one question: GoMap, SwissMap, Dictionary and five Go runtimes.
    func crowdedResults() -> ResultSet {
        let fixture = ReportFixture.resultSet()
        let base = fixture.summary.first { $0.workload == "gomap-int64-bool-unsized" }!
        let curve = fixture.curve.filter { $0.workload == base.workload }
        var set = ResultSet()
        let maps: [(impl: Workload.Impl, runtime: String)] = [
            (.gomap, "swift 6.3.1"), (.swissmap, "swift 6.3.1"), (.dictionary, "swift 6.3.1"),
            (.go, "go1.21.13"), (.go, "go1.22.12"), (.go, "go1.23.9"), (.go, "go1.24.4"), (.go, "go1.27.3"),
        ]
        for map in maps {
            var row = base
            row.workload = "\(map.impl)-\(map.runtime)-int64-bool-unsized"
            row.impl = map.impl
            row.runtime = map.runtime
            set.summary.append(row)
            set.curve += curve.map { point in
                var point = point
                point.workload = row.workload
                return point
            }
        }
        return set
    }

    /// Each heap-curve panel's polylines as (stroke, dash) pairs (the versions panel, one line per
    /// workload across runtimes, has tests of its own: VersionsReportTests).
    func panelLines(_ svg: String) -> [[String]] {
        svg.components(separatedBy: #"<g class="panel""#).dropFirst()
            .filter { !$0.hasPrefix(#" id="panel-versions""#) }.map { panel in
            panel.components(separatedBy: "</g>")[0].split(separator: "\n").filter { $0.hasPrefix("<polyline") }
                .map { line in
                    let stroke = line.components(separatedBy: #"stroke=""#)[1].prefix { $0 != "\"" }
                    let dash = line.components(separatedBy: #"stroke-dasharray=""#).dropFirst().first?
                        .prefix { $0 != "\"" } ?? "solid"
                    return "\(stroke) \(dash)"
                }
        }
    }

    func testNoPanelDrawsMoreThanSixLinesNorTwoAlike() {
        for results in [ReportFixture.resultSet(), crowdedResults()] {
            let panels = panelLines(renderHeapCurvesSVG(results))
            XCTAssertFalse(panels.isEmpty)
            XCTAssertEqual(panels.map(\.count).reduce(0, +), results.summary.count)
            for lines in panels {
                XCTAssertLessThanOrEqual(lines.count, 6, "\(lines)")
                XCTAssertEqual(Set(lines).count, lines.count, "two lines alike: \(lines)")
            }
        }
        // Eight maps of one question: two panels, both titled by the question.
        let svg = renderHeapCurvesSVG(crowdedResults())
        XCTAssertEqual(panelLines(svg).map(\.count), [6, 2])
        XCTAssertTrue(svg.contains(">int64/bool, unsized (part 1 of 2)</text>"))
    }

    func testOneColourPerMapAcrossPanels() {
        let results = crowdedResults()
        let panels = _HeapChart.panels(results, model: ReportSubject.studied(in: results))
        let series = panels.flatMap(\.series)
        func color(_ workload: String) -> String? { series.first { $0.workload == workload }?.color }
        XCTAssertEqual(color("gomap-swift 6.3.1-int64-bool-unsized"), color("go-go1.23.9-int64-bool-unsized"))
        XCTAssertEqual(color("swissmap-swift 6.3.1-int64-bool-unsized"), color("go-go1.27.3-int64-bool-unsized"))
        XCTAssertNotEqual(color("gomap-swift 6.3.1-int64-bool-unsized"),
                          color("swissmap-swift 6.3.1-int64-bool-unsized"))
        XCTAssertEqual(series.first { $0.impl == .gomap }?.pattern, .solid)
        XCTAssertEqual(series.first { $0.workload == "go-go1.21.13-int64-bool-unsized" }?.pattern, .dotted)
        XCTAssertEqual(series.first { $0.impl == .dictionary }?.pattern, .dashed)
        XCTAssertEqual(series.first { $0.workload == "go-go1.23.9-int64-bool-unsized" }?.label, "Go 1.23.9")
    }

    /// "Where each entry's bytes go" carries, after its table, one stacked bar per row whose parts are
    /// the table's cells (as numbers and as printed), on ReportShapesTests' Go 1.23.9 / 1.27.3 rows.
    func testEntryBytesBarsAreTheTablesFigures() throws {
        let page = renderReportHTML(ReportShapesTests.results)
        let sections = try XCTUnwrap(try data(page)["sections"] as? [[String: Any]])
        let section = try XCTUnwrap(sections.first { $0["title"] as? String == "Where each entry's bytes go" })
        let blocks = try XCTUnwrap(section["blocks"] as? [[String: Any]])
        let tableIndex = try XCTUnwrap(blocks.firstIndex { $0["kind"] as? String == "table" })
        let table = blocks[tableIndex]
        let bars = blocks[tableIndex + 1]
        XCTAssertEqual(bars["kind"] as? String, "bars")
        let headers = try XCTUnwrap(table["headers"] as? [String])
        let rows = try XCTUnwrap(table["rows"] as? [[String]])
        XCTAssertEqual(bars["parts"] as? [String],
                       ["key", "value", "padding", "tophash/ctrl", "slack", "overflow", "indirect", "rest"])
        XCTAssertEqual(bars["parts"] as? [String], Array(headers[5..<13]))
        let drawn = try XCTUnwrap(bars["bars"] as? [[String: Any]])
        XCTAssertEqual(drawn.count, 2)
        XCTAssertEqual(drawn.count, rows.count)
        for (bar, row) in zip(drawn, rows) {
            XCTAssertEqual(bar["label"] as? String, row[0] + " · " + row[1] + " · " + row[2])
            XCTAssertEqual(bar["texts"] as? [String], Array(row[5..<13]))
            XCTAssertEqual(bar["values"] as? [Double], row[5..<13].map { Double($0)! })
            XCTAssertEqual(bar["total"] as? String, row[13])
        }
        // The figures ReportShapesTests works out by hand: classic 24 + 1 + 1.64 + 1.64 + 15.96 ... = 47.22.
        XCTAssertEqual((drawn[0]["values"] as? [Double]).map { Array($0.prefix(5)) }, [24, 1, 1.64, 1.64, 15.96])
        XCTAssertEqual(drawn[0]["total"] as? String, "47.22")
        XCTAssertEqual(drawn[1]["total"] as? String, "65.60")
        XCTAssertEqual(drawn[1]["label"] as? String, "swiss · go1.27.3 · presized")
    }
}
