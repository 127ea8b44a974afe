import Foundation
@testable import MapHeapReport
import MapHeapModel
import MapHeapTestFixtures
import XCTest

/// The claims file and its verdicts: the committed file validates, crafted result sets drive each
/// claim's verdict each way, a missing workload is named, and a bad file is refused on one line.
final class ClaimsTests: XCTestCase {
    static let claimsPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../bench-configs/claims.json").standardizedFileURL.path

    private var claims: ClaimsFile!

    override func setUpWithError() throws {
        claims = try ClaimsFile.load(path: Self.claimsPath)
    }

    // MARK: - Crafted rows

    /// A summary row of the classic generation's deciding subject (real Go 1.23) unless told otherwise.
    private func summary(
        _ workload: String, impl: String = "go", runtime: String = "go1.23.9", key: String = "int64",
        value: String = "bool", sizing: String = "unsized", ops: String = "insert", keys: Int = 10_000_000,
        hint: Int = 0, _ columns: [String: String] = [:]
    ) -> [String: String] {
        ["workload": workload, "impl": impl, "runtime": runtime, "key_type": key, "value_type": value,
         "sizing": sizing, "ops": ops, "keys": String(keys), "hint": String(hint), "status": "ok"]
            .merging(columns) { $1 }
    }

    private func verdict(_ id: String, summary: [[String: String]], curve: [[String: String]] = [],
                         growth: [[String: String]] = [], latency: [[String: String]] = [],
                         subject: String = "Go 1.23") -> ClaimVerdict? {
        let outcomes = claims.evaluate(ClaimTables(summary: summary, curve: curve, growth: growth, latency: latency))
        return outcomes.first(where: { $0.id == id })?.generations.flatMap(\.subjects)
            .first(where: { $0.label == subject })?.verdict
    }

    private func curve(_ workload: String, mapBytes: [Int]) -> [[String: String]] {
        mapBytes.enumerated().map { ["workload": workload, "keys": String($0.offset), "map_bytes": String($0.element)] }
    }

    private func growth(_ workload: String, kind: String, count: Int, oldB: Int, writes: String = "")
        -> [String: String] {
        ["workload": workload, "kind": kind, "count_at_start": String(count), "writes_to_finish": writes,
         "detail": "old_b=\(oldB);new_b=\(oldB + 1)"]
    }

    // MARK: - The committed file

    func testCommittedFileHasTheTenClaimsAndTwoGenerations() {
        XCTAssertEqual(claims.claims.count, 10)
        XCTAssertEqual(claims.generations.map(\.id), ["classic", "swiss"])
        XCTAssertEqual(claims.generations.map { $0.subjects.map(\.label) }, [["Go 1.23", "GoMap"], ["Go 1.27", "SwissMap"]])
    }

    func testMissingWorkloadSaysWhatItNeeds() {
        let result = verdict("growth-doubles-memory", summary: [])
        XCTAssertEqual(result, .notMeasured(needs: "go go1.23*, int64/bool, unsized, insert, 10,000,000 keys"))
        let swiss = verdict("growth-doubles-memory", summary: [], subject: "SwissMap")
        XCTAssertEqual(swiss, .notMeasured(needs: "swissmap, int64/bool, unsized, insert, 10,000,000 keys"))
    }

    func testFailedWorkloadCountsAsNotMeasured() {
        var row = summary("w", ["map_bytes": "100"])
        row["status"] = "crashed"
        guard case .notMeasured = verdict("growth-doubles-memory", summary: [row], curve: curve("w", mapBytes: [300]))
        else { return XCTFail("a crashed workload decided a verdict") }
    }

    // MARK: - Each claim, each way

    func testGrowthDoublesMemory() {
        let rows = [summary("w", ["map_bytes": "100"])]
        XCTAssertEqual(verdict("growth-doubles-memory", summary: rows, curve: curve("w", mapBytes: [10, 190, 100])),
                       .holds)
        XCTAssertEqual(verdict("growth-doubles-memory", summary: rows, curve: curve("w", mapBytes: [10, 150, 100])),
                       .holdsInPart)
        XCTAssertEqual(verdict("growth-doubles-memory", summary: rows, curve: curve("w", mapBytes: [10, 101, 100])),
                       .doesNotHold)
    }

    func testPresizingNoGrowth() {
        let flat = [summary("p", sizing: "presized", ["growths": "0", "map_bytes": "1000"])]
        XCTAssertEqual(verdict("presizing-no-growth", summary: flat, curve: curve("p", mapBytes: [1000, 1000])), .holds)
        XCTAssertEqual(verdict("presizing-no-growth", summary: flat, curve: curve("p", mapBytes: [900, 1000])),
                       .holdsInPart)
        let grew = [summary("p", sizing: "presized", ["growths": "2", "map_bytes": "1000"])]
        XCTAssertEqual(verdict("presizing-no-growth", summary: grew, curve: curve("p", mapBytes: [500, 1000])),
                       .doesNotHold)
    }

    func testLoadFactor() {
        let rows = [summary("w")]
        let exact = [growth("w", kind: "doubling", count: 8, oldB: 0), growth("w", kind: "doubling", count: 13, oldB: 1),
                     growth("w", kind: "doubling", count: 26, oldB: 2)]
        XCTAssertEqual(verdict("load-factor-6-5", summary: rows, growth: exact), .holds)
        let early = exact + [growth("w", kind: "doubling", count: 16, oldB: 3)]
        XCTAssertEqual(verdict("load-factor-6-5", summary: rows, growth: early), .holdsInPart)
        XCTAssertEqual(verdict("load-factor-6-5", summary: rows, growth: [
            ["workload": "w", "kind": "table-grow", "count_at_start": "14", "detail": "old_capacity=16"],
        ]), .doesNotHold)
    }

    func testOverflowTrigger() {
        let churn = { (sameSize: Int) in
            [self.summary("c", ops: "churn", keys: 50_000, ["growths_same_size": String(sameSize),
                                                             "growths_doubling": "13", "final_count": "50000"])]
        }
        XCTAssertEqual(verdict("overflow-trigger", summary: churn(1)), .holds)
        XCTAssertEqual(verdict("overflow-trigger", summary: churn(0)), .doesNotHold)
    }

    func testTwoBucketsPerWrite() {
        let rows = [summary("w", ["growths": "2"])]
        XCTAssertEqual(verdict("two-buckets-per-write", summary: rows, growth: [
            growth("w", kind: "doubling", count: 13, oldB: 1, writes: "1"),
            growth("w", kind: "doubling", count: 26, oldB: 2, writes: "3"),
        ]), .holds)
        XCTAssertEqual(verdict("two-buckets-per-write", summary: rows, growth: [
            growth("w", kind: "doubling", count: 26, oldB: 4, writes: "3"),
        ]), .holdsInPart)
        // Not incremental (no writes to finish): a growth completes within one write.
        XCTAssertEqual(verdict("two-buckets-per-write", summary: rows, growth: [
            ["workload": "w", "kind": "table-grow", "writes_to_finish": "", "detail": "old_capacity=512"],
        ]), .doesNotHold)
    }

    func testEmptyValueSaves() {
        func rows(_ intEmpty: Int, _ stringEmpty: Int) -> [[String: String]] {
            [summary("ib", ["map_bytes": "1000", "final_allocated_bytes": "1100"]),
             summary("ie", value: "empty", ["map_bytes": String(intEmpty), "final_allocated_bytes": "1100"]),
             summary("sb", key: "string", ["map_bytes": "2000"]),
             summary("se", key: "string", value: "empty", ["map_bytes": String(stringEmpty)])]
        }
        XCTAssertEqual(verdict("empty-value-saves", summary: rows(910, 1700)), .holds)
        XCTAssertEqual(verdict("empty-value-saves", summary: rows(1000, 1700)), .holdsInPart)
        XCTAssertEqual(verdict("empty-value-saves", summary: rows(1000, 2000)), .doesNotHold)
    }

    func testBoolNotBitPacked() {
        func rows(_ boolBytes: Int) -> [[String: String]] {
            [summary("b", sizing: "presized", ["map_bytes": String(boolBytes), "capacity": "1000"]),
             summary("e", value: "empty", sizing: "presized", ["map_bytes": "8000", "capacity": "1000"])]
        }
        XCTAssertEqual(verdict("bool-not-bit-packed", summary: rows(11_000)), .holds)
        XCTAssertEqual(verdict("bool-not-bit-packed", summary: rows(8_125)), .doesNotHold)
    }

    func testNoMillisecondPauses() {
        let latency = [["workload": "w", "kind": "stat", "name": "p99.99", "value_ns": "5000"],
                       ["workload": "w", "kind": "gc-pause", "low_ns": "1000", "high_ns": "2047", "count": "3"]]
        XCTAssertEqual(verdict("no-millisecond-pauses", summary: [summary("w", ["insert_max_ns": "900000"])],
                               latency: latency), .holds)
        XCTAssertEqual(verdict("no-millisecond-pauses", summary: [summary("w", ["insert_max_ns": "12900000"])],
                               latency: latency), .doesNotHold)
        XCTAssertEqual(verdict("no-millisecond-pauses", summary: [summary("w", ["insert_max_ns": "12900000"])]),
                       .notMeasured(needs: "latency.csv rows for w"))
        let outcome = claims.evaluate(ClaimTables(summary: [summary("w", ["insert_max_ns": "900000"])], curve: [],
                                                  growth: [], latency: latency))
        let figures = outcome.first(where: { $0.id == "no-millisecond-pauses" })?.generations[0].subjects[0].figures
        XCTAssertEqual(figures?.map(\.value), [900_000, 5000, 2047])
    }

    func testLatencySelectorAndUntimedRowsFirst() {
        // The latency column is derived from insert_max_ns: no-millisecond-pauses names latency "true",
        // so it reads the timed twin even when the untimed workload comes first.
        let untimed = summary("w", ["insert_max_ns": "", "map_bytes": "1000"])
        let timed = summary("w-timed", ["insert_max_ns": "900000", "map_bytes": "1000"])
        let latency = [["workload": "w-timed", "kind": "stat", "name": "p99.99", "value_ns": "5000"]]
        let outcome = claims.evaluate(ClaimTables(summary: [untimed, timed], curve: [], growth: [], latency: latency))
        let pauses = outcome.first(where: { $0.id == "no-millisecond-pauses" })?.generations[0].subjects[0]
        XCTAssertEqual(pauses?.verdict, .holds)
        XCTAssertEqual(pauses?.workloads, ["w-timed"])
        XCTAssertEqual(verdict("no-millisecond-pauses", summary: [untimed]),
                       .notMeasured(needs: "go go1.23*, int64/bool, unsized, insert, 10,000,000 keys, timed"))
        // A selector that does not name latency prefers the untimed row, wherever it stands.
        let selector = ["impl": "go", "key_type": "int64"]
        XCTAssertEqual(ClaimsFile.workloadRow(in: ClaimTables(summary: [timed, untimed], curve: [], growth: [],
                                                              latency: []).summary, selector)?["workload"], "w")
        XCTAssertEqual(ClaimsFile.workloadRow(in: ClaimTables(summary: [timed], curve: [], growth: [],
                                                              latency: []).summary, selector)?["workload"], "w-timed",
                       "a timed row when there is no untimed one")
        XCTAssertEqual(ClaimsFile.workloadRow(in: ClaimTables(summary: [timed, untimed], curve: [], growth: [],
                                                              latency: []).summary,
                                              selector.merging(["latency": "false"]) { $1 })?["workload"], "w")
        XCTAssertTrue(refuse(claim(#""figures": {"x": {"from": "summary", "value": "map_bytes", "where": {"latency": "yes"}}}, "verdicts": [], "otherwise": "holds""#))
            .contains("latency: claim \"c\": \"yes\" is not \"true\" or \"false\""))
    }

    func testDeletesFreeNothing() {
        let rows = [summary("c", ops: "churn", keys: 212_000, ["map_bytes": "1000", "final_count": "212000"])]
        XCTAssertEqual(verdict("deletes-free-nothing", summary: rows, curve: curve("c", mapBytes: [0, 800, 1000])),
                       .holds)
        // A growth's transient (old and new arrays together, growing = true) is not the settled peak.
        var transient = curve("c", mapBytes: [0, 1900, 1000])
        transient[1]["growing"] = "true"
        XCTAssertEqual(verdict("deletes-free-nothing", summary: rows, curve: transient), .holds)
        XCTAssertEqual(verdict("deletes-free-nothing", summary: rows, curve: curve("c", mapBytes: [0, 1050, 1000])),
                       .holdsInPart)
        XCTAssertEqual(verdict("deletes-free-nothing", summary: rows, curve: curve("c", mapBytes: [0, 2000, 1000])),
                       .doesNotHold)
    }

    func testHintPowerOfTwo() {
        func rows(_ bytes: (Int, Int), _ growths: (Int, Int)) -> [[String: String]] {
            [summary("h6", sizing: "hint", keys: 1_000_000, hint: 1_000_000,
                     ["map_bytes": String(bytes.0), "growths": String(growths.0)]),
             summary("h20", sizing: "hint", keys: 1_000_000, hint: 1_048_576,
                     ["map_bytes": String(bytes.1), "growths": String(growths.1)])]
        }
        XCTAssertEqual(verdict("hint-power-of-two", summary: rows((100, 100), (1, 0))), .holds)
        XCTAssertEqual(verdict("hint-power-of-two", summary: rows((100, 200), (1, 0))), .holdsInPart)
        XCTAssertEqual(verdict("hint-power-of-two", summary: rows((100, 100), (0, 0))), .doesNotHold)
    }

    // MARK: - Expressions

    func testExpressionsParseAndEvaluate() throws {
        let values: [String: Double] = ["a": 6, "b": 4]
        func eval(_ text: String) throws -> _ClaimValue {
            try _ClaimExpression.parse(text).evaluate { values[$0] }
        }
        XCTAssertEqual(try eval("a / b"), .number(1.5))
        XCTAssertEqual(try eval("1 - a / (b + 2) * 3"), .number(-2))
        XCTAssertEqual(try eval("pow2(b) + max(a, b) - min(a, b) + abs(-1)"), .number(19))
        XCTAssertEqual(try eval("a >= 6 and b < 4"), .truth(false))
        XCTAssertEqual(try eval("a >= 6 or b < 4"), .truth(true))
        XCTAssertEqual(try eval("a / 0"), .missing)
        XCTAssertEqual(try eval("missing + 1"), .missing)
        XCTAssertEqual(try eval("missing < 1"), .truth(false))
        XCTAssertEqual(try eval("10 * (a == 6)"), .number(10))
        XCTAssertEqual(try _ClaimExpression.parse("(a+b)*2 >= 1").text, "(a + b) * 2 >= 1")
        // Issue 24, defect 10: an exponent read from a row (detail.old_b=1e300) trapped in Int().
        let huge: [String: Double] = ["big": 1e300, "small": -1e300]
        XCTAssertEqual(try _ClaimExpression.parse("pow2(big)").evaluate { huge[$0] }, .number(.infinity))
        XCTAssertEqual(try _ClaimExpression.parse("pow2(small)").evaluate { huge[$0] }, .number(0))
        XCTAssertEqual(try _ClaimExpression.parse("pow2(big - big * 2 + big)").evaluate { huge[$0] }, .number(1))
        for bad in ["a +", "(a", "a b", "foo(1)", "min(1)", "and a", "1..2", ""] {
            XCTAssertThrowsError(try _ClaimExpression.parse(bad), bad)
        }
    }

    // MARK: - Strict validation

    private func refuse(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let document = try _parseConfigJSON(bytes: Array(json.utf8), file: "claims.json")
            _ = try ClaimsFile.parse(document, file: "claims.json")
            XCTFail("accepted: \(json)", file: file, line: line)
            return ""
        } catch {
            XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
            return error.description
        }
    }

    private let generations = #""generations": [{"id": "g", "title": "G", "subjects": [{"label": "M", "select": {"impl": "gomap"}}]}]"#

    private func claim(_ body: String) -> String {
        #"{\#(generations), "claims": [{"id": "c", "claim": "C", \#(body)}]}"#
    }

    func testValidationIsStrict() {
        let figure = #""figures": {"x": {"from": "summary", "value": "map_bytes"}}"#
        XCTAssertEqual(refuse(claim(figure + #", "verdicts": [], "otherwise": "holds", "colour": 1"#)),
                       "claims.json: claims[0].colour: claim \"c\": unknown field \"colour\"; allowed fields here "
                       + "are id, claim, where, figures, derived, show, verdicts, otherwise, note")
        XCTAssertEqual(refuse(claim(figure + #", "verdicts": [{"verdict": "holds", "when": "y > 1"}], "otherwise": "holds""#)),
                       "claims.json: claims[0].verdicts[0].when: claim \"c\": \"y\" is not a figure of this claim; "
                       + "use one of x (a figure must come first)")
        XCTAssertTrue(refuse(claim(figure + #", "verdicts": [], "otherwise": "maybe""#))
            .contains("otherwise: claim \"c\": unknown verdict \"maybe\""))
        XCTAssertTrue(refuse(claim(#""figures": {"x": {"from": "curve", "value": "map_bytes"}}, "verdicts": [], "otherwise": "holds""#))
            .contains("curve has many rows per workload"))
        XCTAssertTrue(refuse(claim(#""figures": {"x": {"from": "latency", "value": "value_ns"}}, "verdicts": [], "otherwise": "holds""#))
            .contains("latency has many rows per workload"))
        XCTAssertTrue(refuse(claim(#""figures": {"x": {"from": "summary", "value": "map_bytes", "where": {"colour": "red"}}}, "verdicts": [], "otherwise": "holds""#))
            .contains("unknown workload attribute \"colour\""))
        XCTAssertTrue(refuse(claim(figure + #", "verdicts": [{"verdict": "holds", "when": "x >"}], "otherwise": "holds""#))
            .contains("bad expression \"x >\""))
        XCTAssertTrue(refuse(claim(#""figures": {"x": {"from": "logs", "value": "map_bytes"}}, "verdicts": [], "otherwise": "holds""#))
            .contains("unknown result file \"logs\""))
        XCTAssertTrue(refuse(#"{"claims": []}"#).contains("generations: missing required field"))
        let twice = #"{\#(generations), "claims": [{"id": "c", "claim": "C", \#(figure), "verdicts": [], "otherwise": "holds"}, {"id": "c", "claim": "D", \#(figure), "verdicts": [], "otherwise": "holds"}]}"#
        XCTAssertTrue(refuse(twice).contains("duplicate claim \"c\""))
    }

    /// Issue 24, defect 11: a figure whose value or filter names a column its file lacks, and a `when`
    /// that is a number, are refused when the file is validated (one line naming the claim), instead of
    /// reading as missing and settling "does not hold".
    func testUnknownColumnsAndNumericConditionsAreRefused() {
        let verdicts = #", "verdicts": [{"verdict": "holds", "when": "x > 0"}], "otherwise": "holds""#
        func figure(_ body: String) -> String { claim(#""figures": {"x": {"# + body + "}}" + verdicts) }
        XCTAssertEqual(refuse(figure(#""from": "summary", "value": "map_byte""#)),
                       "claims.json: claims[0].figures.x.value: claim \"c\": \"map_byte\" is not a column of "
                       + "summary.csv; use a column of summary.csv: " + SummaryRow.csvColumns.dropFirst()
                       .joined(separator: ", ") + ", latency")
        XCTAssertTrue(refuse(figure(#""from": "growth", "aggregate": "max", "value": "count_at_start / keys""#))
            .hasPrefix(#"claims.json: claims[0].figures.x.value: claim "c": "keys" is not a column of growth.csv; "#))
        XCTAssertTrue(refuse(figure(#""from": "growth", "aggregate": "count", "filter": {"knd": "doubling"}"#))
            .hasPrefix(#"claims.json: claims[0].figures.x.filter.knd: claim "c": "knd" is not a column of "#))
        XCTAssertTrue(refuse(figure(#""from": "curve", "aggregate": "max", "value": "detail.old_b""#))
            .contains(#""detail.old_b" is not a column of curve.csv"#))
        let mapBytes = #""figures": {"x": {"from": "summary", "value": "map_bytes"}}"#
        for when in ["5", "x", "x + 1", "x > 1 and x", "(x)"] {
            let rule = #", "verdicts": [{"verdict": "holds", "when": "\#(when)"}], "otherwise": "holds""#
            XCTAssertTrue(refuse(claim(mapBytes + rule))
                .hasPrefix(#"claims.json: claims[0].verdicts[0].when: claim "c": ""#), when)
        }
        // What the committed file uses stays accepted: detail keys of growth rows, a summary's latency.
        let accepted = claim(#""figures": {"x": {"from": "growth", "aggregate": "min", "#
            + #""value": "count_at_start / pow2(detail.old_b)", "filter": {"kind": "doubling"}}, "#
            + #""y": {"from": "summary", "value": "growths", "where": {"latency": "true"}}}, "#
            + #""verdicts": [{"verdict": "holds", "when": "x >= 6.4 and (y == 0 or x < 1)"}], "otherwise": "holds""#)
        XCTAssertNoThrow(try ClaimsFile.parse(_parseConfigJSON(bytes: Array(accepted.utf8), file: "claims.json"),
                                              file: "claims.json"))
    }

    /// Issue 24, defect 10: an expression nested 7,000 levels deep crashed the parser (SIGSEGV); nesting
    /// beyond the limit is refused in one line, nesting up to it still parses and evaluates.
    func testDeepNestingIsRefused() throws {
        for deep in [String(repeating: "(", count: 7000) + "1" + String(repeating: ")", count: 7000),
                     String(repeating: "-", count: 7000) + "1",
                     String(repeating: "abs(", count: 7000) + "1" + String(repeating: ")", count: 7000),
                     (1...7000).map { _ in "1" }.joined(separator: " + ")] {
            XCTAssertThrowsError(try _ClaimExpression.parse(deep)) { error in
                XCTAssertTrue((error as? _ClaimExpressionError)?.message.hasPrefix("nested more than 100 levels deep")
                              == true, "\(error)")
            }
            let figure = #""figures": {"x": {"from": "summary", "value": "map_bytes"}}"#
            let rule = #", "verdicts": [{"verdict": "holds", "when": "x > \#(deep)"}], "otherwise": "holds""#
            XCTAssertTrue(refuse(claim(figure + rule)).contains("nested more than 100 levels deep"))
        }
        let limit = String(repeating: "(", count: 99) + "2" + String(repeating: ")", count: 99)
        XCTAssertEqual(try _ClaimExpression.parse(limit).evaluate { _ in nil }, .number(2))
        let sum = (1...100).map { _ in "1" }.joined(separator: " + ")
        XCTAssertEqual(try _ClaimExpression.parse(sum).evaluate { _ in nil }, .number(100))
    }

    // MARK: - Rendering

    func testSectionStatesRulesVerdictsAndWorkloads() {
        let rows = [summary("w", ["map_bytes": "1048576"])]
        let outcomes = claims.evaluate(ClaimTables(summary: rows, curve: curve("w", mapBytes: [0, 1_572_864]),
                                                   growth: [], latency: []))
        let text = claims.renderSection(outcomes).joined(separator: "\n")
        XCTAssertTrue(text.contains("  1. While a map grows, old and new arrays live together, so its memory nearly doubles."))
        XCTAssertTrue(text.contains("     rule: peak = max of map_bytes over curve rows (int64/bool, unsized, insert, "
                                    + "10,000,000 keys)"))
        XCTAssertTrue(text.contains("holds if peak_over_final >= 1.8; holds in part if peak_over_final >= 1.2; "
                                    + "otherwise does not hold"))
        XCTAssertTrue(text.contains("     Go 1.23: holds in part; peak 1.50 MiB, final 1.00 MiB, peak_over_final 1.500 [w]"))
        XCTAssertTrue(text.contains("     GoMap: not measured (needs gomap, int64/bool, unsized, insert, 10,000,000 keys)"))
    }
}

/// The claims section as the report renders it from a result set.
final class ReportClaimsTests: XCTestCase {
    func testReportOpensWithTheClaimsSettledFromItsRows() throws {
        let claims = try ClaimsFile.load(path: ClaimsTests.claimsPath)
        let text = renderReport(ReportFixture.resultSet(), claims: claims)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first(where: { $0.hasPrefix("1. ") }), "1. The claims, settled")
        XCTAssertEqual(lines.first(where: { $0.hasPrefix("2. ") }), "2. Suite")
        // The fixture has GoMap rows but no real Go: the classic verdict names the workload it needs.
        XCTAssertTrue(text.contains("     Go 1.23: not measured (needs go go1.23*, int64/bool, unsized, insert, "
                                    + "10,000,000 keys)"))
        XCTAssertTrue(lines.contains("  1. While a map grows, old and new arrays live together, so its memory nearly doubles."))
        XCTAssertTrue(lines.contains("  10. For an expected million entries, 1 << 20 is the right hint."))
    }
}
