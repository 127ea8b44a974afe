import Foundation
@testable import MapHeapReport
import MapHeapModel
import MapHeapTestFixtures
import XCTest

/// The claims per release (issue 21, item 6): a run that measured a generation under several Go releases
/// settles each claim in a column per release, Go's own map deciding and the model following that
/// release's rules beside it; with one release per generation the claims file's generations stand as
/// written. The fixture: two releases per generation, Go and the model under each, driving "growth
/// doubles memory" (peak / final map bytes: holds from 1.8, in part from 1.2) to a different verdict
/// per column.
final class ClaimsPerReleaseTests: XCTestCase {
    private var claims: ClaimsFile!

    override func setUpWithError() throws {
        claims = try ClaimsFile.load(path: ClaimsTests.claimsPath)
    }

    /// One 10M-key int64 -> bool unsized workload of `impl` under `runtime`, whose map bytes peak at
    /// `ratio` times their final 100,000,000.
    private func workload(_ name: String, _ impl: String, _ runtime: String, ratio: Double)
        -> (summary: [String: String], curve: [[String: String]]) {
        let final = 100_000_000
        let summary = ["workload": name, "impl": impl, "runtime": runtime, "key_type": "int64", "value_type": "bool",
                       "sizing": "unsized", "ops": "insert", "keys": "10000000", "hint": "0", "status": "ok",
                       "map_bytes": String(final)]
        let curve = [Int(Double(final) * ratio), final].enumerated().map {
            ["workload": name, "keys": String($0.offset), "map_bytes": String($0.element)]
        }
        return (summary, curve)
    }

    /// The fixture: (workload, impl, runtime, peak / final).
    static let fixture: [(String, String, String, Double)] = [
        ("go121", "go", "go1.21.13", 1.9), ("gomap121", "gomap", "swift 6.3 (go1.21.13 rules)", 1.9),
        ("go123", "go", "go1.23.9", 1.5), ("gomap123", "gomap", "swift 6.3 (go1.23.9 rules)", 1.0),
        ("go124", "go", "go1.24.11", 1.3), ("swiss124", "swissmap", "swift 6.3 (go1.24.11 rules)", 1.3),
        ("go127", "go", "go1.27.3", 1.0), ("swiss127", "swissmap", "swift 6.3 (go1.27.3 rules)", 1.0),
    ]

    private func tables(_ rows: [(String, String, String, Double)]) -> ClaimTables {
        let built = rows.map { workload($0.0, $0.1, $0.2, ratio: $0.3) }
        return ClaimTables(summary: built.map(\.summary), curve: built.flatMap(\.curve), growth: [], latency: [])
    }

    func testEachReleaseIsAColumnWithItsModelBesideIt() {
        let tables = tables(Self.fixture)
        let split = claims.perRelease(tables)
        XCTAssertEqual(split.generations.map(\.title), ["go1.21.13", "go1.23.9", "go1.24.11", "go1.27.3"])
        XCTAssertEqual(split.generations.map { $0.subjects.map(\.label) }, [
            ["Go 1.21.13", "GoMap (go1.21.13 rules)"], ["Go 1.23.9", "GoMap (go1.23.9 rules)"],
            ["Go 1.24.11", "SwissMap (go1.24.11 rules)"], ["Go 1.27.3", "SwissMap (go1.27.3 rules)"],
        ])
        let outcome = split.evaluate(tables).first { $0.id == "growth-doubles-memory" }
        let verdicts = outcome?.generations.map { $0.subjects.map(\.verdict) }
        XCTAssertEqual(verdicts, [[.holds, .holds], [.holdsInPart, .doesNotHold],
                                  [.holdsInPart, .holdsInPart], [.doesNotHold, .doesNotHold]])
        XCTAssertEqual(outcome?.generations.map { $0.subjects.flatMap(\.workloads) },
                       [["go121", "gomap121"], ["go123", "gomap123"], ["go124", "swiss124"], ["go127", "swiss127"]])
        XCTAssertEqual(outcome?.generations.map(\.verdict), [.holds, .holdsInPart, .holdsInPart, .doesNotHold])
        // A release's workload that is missing is named with its rules.
        let missing = split.evaluate(tables).first { $0.id == "presizing-no-growth" }?.generations[0].subjects[1]
        XCTAssertEqual(missing?.verdict,
                       .notMeasured(needs: "gomap with go1.21.13 rules, int64/bool, presized, insert, "
                                        + "10,000,000 keys"))
    }

    func testOneReleasePerGenerationReadsAsWritten() {
        // The default suite's releases: Go 1.23.9 and 1.27.3, the models with their default rules.
        let tables = tables(Self.fixture.filter { ["go123", "gomap123", "go127", "swiss127"].contains($0.0) })
        let split = claims.perRelease(tables)
        XCTAssertEqual(split.generations.map(\.title), claims.generations.map(\.title))
        XCTAssertEqual(split.generations.map { $0.subjects.map(\.label) },
                       [["Go 1.23", "GoMap"], ["Go 1.27", "SwissMap"]])
        XCTAssertEqual(split.renderSection(split.evaluate(tables)), claims.renderSection(claims.evaluate(tables)))
        let verdicts = split.evaluate(tables).first { $0.id == "growth-doubles-memory" }?
            .generations.map { $0.subjects.map(\.verdict) }
        XCTAssertEqual(verdicts, [[.holdsInPart, .doesNotHold], [.doesNotHold, .doesNotHold]])
    }

    func testAModelWithoutItsReleaseDecidesItsOwnColumn() {
        // SwissMap with 1.25.5's rules, which Go did not run; the classic generation stays as written.
        var rows = Self.fixture.filter { ["go123", "gomap123", "go127", "swiss127"].contains($0.0) }
        rows.append(("swiss125", "swissmap", "swift 6.3 (go1.25.5 rules)", 1.9))
        let split = claims.perRelease(tables(rows))
        XCTAssertEqual(split.generations.map(\.title), ["classic Go (1.0-1.23)", "go1.25.5", "go1.27.3"])
        XCTAssertEqual(split.generations.map { $0.subjects.map(\.label) },
                       [["Go 1.23", "GoMap"], ["SwissMap (go1.25.5 rules)"],
                        ["Go 1.27.3", "SwissMap (go1.27.3 rules)"]])
        let verdicts = split.evaluate(tables(rows)).first { $0.id == "growth-doubles-memory" }?
            .generations.map(\.verdict)
        XCTAssertEqual(verdicts, [.holdsInPart, .holds, .doesNotHold])
    }

    func testTheSectionHasAColumnPerReleaseWithinTheWidth() {
        let tables = tables(Self.fixture)
        let split = claims.perRelease(tables)
        let lines = split.renderSection(split.evaluate(tables))
        XCTAssertEqual(lines.filter { $0.count > ClaimsFile.width }, [])
        let header = lines.first { $0.contains("#  claim") } ?? ""
        XCTAssertTrue(header.contains("go1.21.13: Go | GoMap"), header)
        XCTAssertTrue(lines.contains { $0.contains("#  go1.24.11: Go | SwissMap") } || header.contains("go1.24.11"),
                      lines.joined(separator: "\n"))
        let first = lines.first { $0.hasPrefix("   1  While a map grows") } ?? ""
        let cells = first.replacingOccurrences(of: "  +", with: " / ", options: .regularExpression)
        XCTAssertTrue(cells.hasSuffix("/ holds | holds / holds in part | does not hold"), cells)
        XCTAssertTrue(lines.contains("     Go 1.23.9: holds in part; peak 143.05 MiB, final 95.37 MiB, "
                                         + "peak_over_final 1.500 [go123]"),
                      lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("each release is a") || $0.contains("each release is a column") })
    }

    /// The fixture as result files read back (summary.csv and curve.csv written from the rows' columns), for
    /// the report's HTML.
    private func resultSet(_ rows: [(String, String, String, Double)]) throws -> ResultSet {
        let directory = try CSVFixture.temporaryDirectory(removedAfter: self)
        let built = rows.map { workload($0.0, $0.1, $0.2, ratio: $0.3) }
        func write(_ file: String, _ columns: [String], _ optional: [String], _ schema: String,
                   _ rows: [[String: String]], defaults: [String: String]) throws {
            var text = columns.joined(separator: ",") + "\n"
            for row in rows {
                text += columns.map { column in
                    column == "schema" ? schema
                        : row[column] ?? defaults[column] ?? (optional.contains(column) ? "" : "0")
                }.joined(separator: ",") + "\n"
            }
            try text.write(toFile: directory + "/" + file, atomically: true, encoding: .utf8)
        }
        try write(SummaryRow.csvFileName, SummaryRow.csvColumns, SummaryRow.csvOptionalColumns, SummaryRow.csvSchema,
                  built.map(\.summary), defaults: ["allocator": "jemalloc", "machine": "test", "seed": "42"])
        try write(CurveRow.csvFileName, CurveRow.csvColumns, ["final_b", "overflow_buckets", "tables",
                                                              "directory_length", "capacity", "growing"],
                  CurveRow.csvSchema, built.flatMap(\.curve), defaults: ["event": "sample"])
        try write(GrowthRow.csvFileName, GrowthRow.csvColumns, [], GrowthRow.csvSchema, [], defaults: [:])
        return try ResultSet.read(from: directory)
    }

    func testTheHTMLClaimsTableHasTheSameColumnsAndVerdicts() throws {
        let results = try resultSet(Self.fixture)
        let page = renderReportHTML(results, claims: claims)
        let open = #"<script type="application/json" id="data">"#
        let start = try XCTUnwrap(page.range(of: open)).upperBound
        let end = try XCTUnwrap(page.range(of: "</script>", range: start..<page.endIndex)).lowerBound
        let data = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(page[start..<end].utf8)) as? [String: Any])
        let generations = try XCTUnwrap(data["generations"] as? [[String: Any]])
        XCTAssertEqual(generations.map { $0["title"] as? String }, ["go1.21.13", "go1.23.9", "go1.24.11", "go1.27.3"])
        let claim = try XCTUnwrap((data["claims"] as? [[String: Any]])?.first {
            $0["id"] as? String == "growth-doubles-memory"
        })
        let columns = try XCTUnwrap(claim["generations"] as? [[String: Any]])
        let verdicts = columns.map {
            ($0["subjects"] as? [[String: Any]] ?? []).map { $0["verdict"] as? String ?? "" }
        }
        XCTAssertEqual(verdicts, [["holds", "holds"], ["holds in part", "does not hold"],
                                  ["holds in part", "holds in part"], ["does not hold", "does not hold"]])
        // The same as report.txt's section.
        let text = renderReport(results, claims: claims)
        XCTAssertTrue(text.contains("go1.21.13: Go | GoMap"), text)
    }

    func testAModelIsSetAgainstGoUnderTheReleaseItFollows() throws {
        let results = try resultSet(Self.fixture)
        let models = results.summary.filter { $0.impl == .gomap }
        func paired(_ runtime: String) -> [String] {
            models.filter { _Report.pairsModel($0, withGo: runtime, among: models) }.map(\.workload)
        }
        XCTAssertEqual(paired("go1.21.13"), ["gomap121"])
        XCTAssertEqual(paired("go1.23.9"), ["gomap123"])
        // No GoMap followed 1.27.3: the one following its default release (1.23.9) stands beside it.
        XCTAssertEqual(paired("go1.27.3"), ["gomap123"])
        // "Across Go versions" lists each model right below the release it follows.
        var report = _Report(results, sites: nil, model: ReportSubject.studied(in: results), claims: nil)
        report.build()
        let across = report.goRowsAcrossVersions.first?.1.map(\.workload)
        XCTAssertEqual(across, ["go121", "gomap121", "go123", "gomap123", "go124", "swiss124", "go127", "swiss127"])
    }

    func testTheChartNamesAModelsRulesWhenNotItsDefault() throws {
        let results = try resultSet(Self.fixture)
        let style = _MapStyle(results.summary)
        let labels = results.summary.map { style.label($0) }
        XCTAssertEqual(labels, ["Go 1.21.13", "GoMap go1.21.13", "Go 1.23.9", "GoMap", "Go 1.24.11",
                                "SwissMap go1.24.11", "Go 1.27.3", "SwissMap"])
    }
}
