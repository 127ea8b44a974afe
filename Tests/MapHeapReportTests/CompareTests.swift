import Foundation
import XCTest

@testable import MapHeapReport
import MapHeapModel
import MapHeapTestFixtures

/// `mapheap compare` on crafted result pairs (issue 5).
final class CompareTests: XCTestCase {
    private let baseline = ResultSet(summary: [CSVFixture.summary("a"), CSVFixture.summary("b")])

    /// Writes both sides to temporary result directories and compares them from disk.
    private func compareOnDisk(
        _ old: ResultSet, _ new: ResultSet, thresholds: String? = nil
    ) throws -> Comparison {
        let root = try CSVFixture.temporaryDirectory(removedAfter: self)
        try old.write(to: root + "/baseline")
        try new.write(to: root + "/current")
        var thresholdsPath: String?
        if let thresholds {
            thresholdsPath = root + "/thresholds.json"
            try thresholds.write(toFile: root + "/thresholds.json", atomically: true, encoding: .utf8)
        }
        return try Comparison.load(baseline: root + "/baseline", current: root + "/current",
                                   thresholdsPath: thresholdsPath)
    }

    func testIdenticalPasses() throws {
        let comparison = try compareOnDisk(baseline, baseline)
        XCTAssertTrue(comparison.passed)
        XCTAssertEqual(comparison.exitCode, 0)
        // Metrics that apply to neither side (Swiss structure, growth kinds no map had) are left out.
        let shown = CompareMetric.allCases.filter { !$0.isIdle(baseline: baseline.summary[0], current: baseline.summary[0]) }
        XCTAssertEqual(comparison.rows.count, 2 * (1 + shown.count))
        XCTAssertFalse(comparison.rows.contains { $0.metric == "tables" || $0.metric == "growths_reallocation" })
        XCTAssertEqual(comparison.regressions, [])
        XCTAssertEqual(comparison.verdictLine, "PASS: 26 checks hold across 2 workloads")
        let seconds = try XCTUnwrap(comparison.rows.first { $0.metric == "seconds" })
        XCTAssertEqual(seconds.verdict, .info)
    }

    func testChangedGrowthCountIsARegressionNamingWorkloadAndMetric() throws {
        var current = baseline
        current.summary[1].growths[.doubling] = 22
        let comparison = try compareOnDisk(baseline, current)
        XCTAssertEqual(comparison.exitCode, 1)
        XCTAssertEqual(comparison.regressions.map { "\($0.workload) \($0.metric)" }, ["b growths", "b growths_doubling"])
        let row = comparison.regressions[1]
        XCTAssertEqual([row.baseline, row.current], ["21", "22"])
        XCTAssertEqual(row.difference, 1)
        XCTAssertEqual(comparison.verdictLine, "FAIL: 2 regression(s): b growths, b growths_doubling")
        let text = comparison.renderText()
        let line = try XCTUnwrap(
            text.split(separator: "\n").first { $0.contains("growths_doubling") && $0.hasPrefix("b") })
        XCTAssertEqual(
            line.split(separator: " ", omittingEmptySubsequences: true),
            ["b", "growths_doubling", "21", "22", "+1", "+4.76%", "REGRESSION", "exact"]
        )
    }

    func testNilEqualsNilButNotAValue() {
        var old = baseline
        old.summary[0].mapBytes = nil
        old.summary[0].structure.overflowBuckets = nil
        var new = old
        XCTAssertTrue(Comparison(baseline: old, current: new).passed)
        new.summary[0].mapBytes = 10
        let comparison = Comparison(baseline: old, current: new)
        XCTAssertEqual(comparison.regressions.map(\.metric), ["map_bytes"])
        XCTAssertEqual(comparison.regressions.first?.baseline, "-")
    }

    func testBytesInsideTolerancePassOutsideFail() throws {
        var inside = baseline
        inside.summary[0].finalAllocatedBytes = 302_999_999  // +0.99999%
        XCTAssertTrue(try compareOnDisk(baseline, inside).passed)

        var outside = baseline
        outside.summary[0].finalAllocatedBytes = 303_000_301  // +1.0001%
        let comparison = try compareOnDisk(baseline, outside)
        XCTAssertFalse(comparison.passed)
        XCTAssertEqual(comparison.regressions.map { "\($0.workload) \($0.metric)" }, ["a final_allocated_bytes"])
        XCTAssertEqual(comparison.regressions.first?.rule, "±1%")

        // A drop beyond the tolerance fails too: the baseline is updated on purpose.
        var lower = baseline
        lower.summary[0].peakAllocatedBytes = 400_000_000
        XCTAssertEqual(Comparison(baseline: baseline, current: lower).regressions.map(\.metric),
                       ["peak_allocated_bytes"])
    }

    func testThresholdsFileAbsoluteOrRelative() throws {
        var current = baseline
        current.summary[0].finalAllocatedBytes += 5_000_000  // +1.67%
        current.summary[0].finalResidentBytes += 100_000_000  // noisy: info only by default
        current.summary[0].nsPerInsert = 190  // +52%: info only by default
        current.summary[1].seconds = 0.5  // faster
        current.summary[0].nsPerLookup = 80  // measured on this side only: shown, never judged
        XCTAssertEqual(try compareOnDisk(baseline, current).regressions.map(\.metric), ["final_allocated_bytes"])
        let lookup = Comparison(baseline: baseline, current: current).rows.first {
            $0.workload == "a" && $0.metric == "ns_per_lookup"
        }
        XCTAssertEqual(lookup?.verdict, .info)

        let thresholds = """
            { "default": { "relative_percent": 2 },
              "metrics": { "final_resident_bytes": { "absolute": 4096 },
                           "ns_per_insert": { "relative_percent": 50 },
                           "seconds": { "relative_percent": 10 } } }
            """
        let comparison = try compareOnDisk(baseline, current, thresholds: thresholds)
        XCTAssertEqual(comparison.regressions.map(\.metric), ["final_resident_bytes", "ns_per_insert"])
        XCTAssertEqual(comparison.rows.first { $0.workload == "b" && $0.metric == "seconds" }?.verdict, .pass,
                       "faster never fails")

        let absolute = #"{ "metrics": { "final_allocated_bytes": { "relative_percent": 0, "absolute": 5000000 } } }"#
        XCTAssertEqual(try compareOnDisk(baseline, current, thresholds: absolute).regressions.map(\.metric), [])
    }

    /// Issue 24, defect 1: a time a threshold names that the baseline has and the current side lost
    /// (the column emptied) fails, named in the verdict line; without a threshold it is shown only.
    func testThresholdedMetricMissingInCurrentFails() throws {
        var old = baseline
        old.summary[0].insertP99Nanoseconds = 900
        old.summary[0].insertMaxNanoseconds = 40_000
        old.summary[0].nsPerLookup = 55
        var new = old
        new.summary[0].insertP99Nanoseconds = nil
        new.summary[0].insertMaxNanoseconds = nil
        new.summary[0].nsPerLookup = nil
        let thresholds = """
            { "metrics": { "insert_p99_ns": { "relative_percent": 50 }, "insert_max_ns": { "relative_percent": 50 },
                           "ns_per_lookup": { "relative_percent": 50 } } }
            """
        let comparison = try compareOnDisk(old, new, thresholds: thresholds)
        XCTAssertEqual(comparison.exitCode, 1)
        XCTAssertEqual(comparison.regressions.map { "\($0.workload) \($0.metric) \($0.baseline) \($0.current)" },
                       ["a ns_per_lookup 55 -", "a insert_p99_ns 900 -", "a insert_max_ns 40000 -"])
        XCTAssertEqual(comparison.verdictLine, "FAIL: 3 regression(s): a ns_per_lookup missing in current, "
                           + "a insert_p99_ns missing in current, a insert_max_ns missing in current")
        // Unthresholded, the same loss is shown only; a time only the current side has is never judged.
        let unjudged = try compareOnDisk(old, new)
        XCTAssertTrue(unjudged.passed)
        XCTAssertEqual(unjudged.rows.first { $0.workload == "a" && $0.metric == "insert_p99_ns" }?.verdict, .info)
        let gained = try compareOnDisk(new, old, thresholds: thresholds)
        XCTAssertTrue(gained.passed)
    }

    /// Issue 24, defect 2: a baseline whose last row lacks only its line break keeps that workload (it
    /// was dropped and the gate passed); a baseline whose last row is cut short is bad input (exit 2).
    func testBaselineLastRowWithoutLineBreakIsKeptAndATornOneRefused() throws {
        let root = try CSVFixture.temporaryDirectory(removedAfter: self)
        try baseline.write(to: root + "/baseline")
        let current = ResultSet(summary: [CSVFixture.summary("a")])
        try current.write(to: root + "/current")
        let path = root + "/baseline/summary.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try String(text.dropLast()).write(toFile: path, atomically: false, encoding: .utf8)
        var warnings: [String] = []
        let comparison = try Comparison.load(baseline: root + "/baseline", current: root + "/current",
                                             thresholdsPath: nil) { warnings.append($0) }
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(comparison.missingInCurrent, ["b"])
        XCTAssertEqual(comparison.exitCode, 1)

        try String(text.dropLast(60)).write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try Comparison.load(baseline: root + "/baseline", current: root + "/current",
                                                 thresholdsPath: nil) { warnings.append($0) }) { error in
            let csvError = error as? CSVError
            _ = csvError
            XCTAssertEqual(csvError?.line, 3)
            XCTAssertTrue("\(error)".hasSuffix("a baseline must be complete; restore it or measure it again"),
                          "\(error)")
        }
    }

    /// Issue 24, defect 10: INT64_MAX against INT64_MIN trapped converting the difference to Int. Read
    /// from files it is bad input; compared in memory, the difference is shown as a real.
    func testExtremeIntegersNeverTrap() throws {
        var old = baseline
        var new = baseline
        old.summary[0].finalAllocatedBytes = Int.max
        new.summary[0].finalAllocatedBytes = Int.min
        let comparison = Comparison(baseline: old, current: new)
        let row = try XCTUnwrap(comparison.rows.first { $0.workload == "a" && $0.metric == "final_allocated_bytes" })
        XCTAssertEqual(Comparison.cells(row)[4], "-1.84467e+19")
        XCTAssertEqual(row.verdict, .regression)
        XCTAssertThrowsError(try compareOnDisk(old, new)) { error in
            XCTAssertNotNil(error as? CSVError)
            XCTAssertTrue("\(error)".contains("column final_allocated_bytes: \"9223372036854775807\" is not a "
                + "measurement (beyond ±2^50)"), "\(error)")
        }
    }

    func testStatusNotOkIsARegression() {
        var current = baseline
        current.summary[0].status = "out-of-memory"
        let comparison = Comparison(baseline: baseline, current: current)
        XCTAssertEqual(comparison.regressions.map { "\($0.workload) \($0.metric)" }, ["a status"])
        XCTAssertEqual(comparison.regressions.first?.current, "out-of-memory")
    }

    func testMissingWorkloadsAreReported() throws {
        let current = ResultSet(summary: [CSVFixture.summary("b"), CSVFixture.summary("c")])
        let comparison = try compareOnDisk(baseline, current)
        XCTAssertEqual(comparison.missingInCurrent, ["a"])
        XCTAssertEqual(comparison.missingInBaseline, ["c"])
        XCTAssertEqual(comparison.exitCode, 1)
        XCTAssertEqual(comparison.verdictLine, "FAIL: 1 regression(s): a missing")
        let text = comparison.renderText()
        XCTAssertTrue(text.contains("missing in current (regression): a\n"))
        XCTAssertTrue(text.contains("new in current (not in baseline): c\n"))

        // A new workload alone is listed but does not fail.
        let added = ResultSet(summary: baseline.summary + [CSVFixture.summary("c")])
        let onlyNew = Comparison(baseline: baseline, current: added)
        XCTAssertTrue(onlyNew.passed)
        XCTAssertEqual(onlyNew.missingInBaseline, ["c"])
    }

    func testTextColumnsAreAligned() {
        var current = baseline
        current.summary[0].bytesPerKey = 30.5
        let lines = Comparison(baseline: baseline, current: current).renderText().split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("workload  metric"))
        // Every table line has its verdict column starting where the header's does.
        let tableLines = lines.filter { $0.hasPrefix("a ") || $0.hasPrefix("b ") || $0.hasPrefix("workload") }
        XCTAssertEqual(tableLines.count, 1 + 2 * 16)
        let header = String(tableLines[0])
        let column = header.distance(from: header.startIndex, to: header.range(of: "verdict")?.lowerBound
            ?? header.endIndex)
        for line in tableLines.dropFirst() {
            let characters = Array(line)
            XCTAssertEqual(String(characters[(column - 2)..<column]), "  ", String(line))
            let verdict = String(characters[column...]).split(separator: " ").first
            XCTAssertTrue(["ok", "info", "REGRESSION"].contains(verdict.map(String.init)), String(line))
        }
        XCTAssertTrue(lines.contains {
            $0.contains("bytes_per_key") && $0.contains("+1.67%") && $0.contains("REGRESSION")
        })
    }

    func testMarkdown() {
        var current = baseline
        current.summary[0].structure.b = 22
        let markdown = Comparison(baseline: baseline, current: current).render(.markdown)
        XCTAssertTrue(markdown.hasPrefix("### mapheap compare: regression\n\nFAIL: 1 regression(s): a final_b\n\n"))
        XCTAssertTrue(markdown.contains("| workload | metric | baseline | current | diff | diff % | verdict | rule |\n"
            + "|---|---|---:|---:|---:|---:|---|---|\n"
            + "| a | final_b | 21 | 22 | +1 | +4.76% | **REGRESSION** | exact |\n"))
        XCTAssertTrue(markdown.contains("<details><summary>All metrics</summary>"))
    }

    // MARK: - Bad input (exit 2)

    private func assertBadInput(
        baseline: String, current: String, thresholds: String? = nil, _ expected: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(
            try Comparison.load(baseline: baseline, current: current, thresholdsPath: thresholds),
            file: file, line: line
        ) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
            XCTAssertTrue(error is CSVError || error is ConfigError, "bad input: \(type(of: error))",
                          file: file, line: line)
        }
    }

    func testMissingFileIsBadInput() throws {
        let root = try CSVFixture.temporaryDirectory(removedAfter: self)
        try baseline.write(to: root + "/base")
        assertBadInput(baseline: root + "/base", current: root + "/nope",
                       root + "/nope: no such file or directory; pass a result directory or a summary.csv")
        assertBadInput(baseline: root + "/base", current: root + "/base", thresholds: root + "/t.json",
                       root + "/t.json: no such file; check the path")
    }

    func testAnotherSchemaVersionIsBadInput() throws {
        let root = try CSVFixture.temporaryDirectory(removedAfter: self)
        try baseline.write(to: root + "/base")
        try baseline.write(to: root + "/cur")
        let path = root + "/cur/summary.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "mapheap.summary.v2,b,", with: "mapheap.summary.v1,b,")
            .write(toFile: path, atomically: true, encoding: .utf8)
        assertBadInput(baseline: root + "/base", current: path,
                       path + ":3: schema \"mapheap.summary.v1\" is not supported;"
                           + " this mapheap reads mapheap.summary.v2; re-measure with this mapheap (mapheap run, or"
                           + " scripts/update-baseline.sh ci|default for the committed baselines)")
    }

    func testHandWrittenMalformedRowIsBadInput() throws {
        let root = try CSVFixture.temporaryDirectory(removedAfter: self)
        try baseline.write(to: root + "/base")
        // A v2 file written before the latency columns existed (they are optional).
        let header = SummaryRow.csvColumns.filter { !SummaryRow.csvOptionalColumns.contains($0) }
            .joined(separator: ",")
        let malformed = header + "\n"
            + "mapheap.summary.v2,a,gomap,swift 6.3,jemalloc 5.3.0,int64,bool,unsized,0,insert,100,100,0,100,4,4,0,"
            + "0,0,0,0,0,x,,,,,1,1,1,1,,1.0,,1.0,1.0,0,ok,m,42\n"
            + "mapheap.summary.v2,b,\"unclosed\n"
        try FileManager.default.createDirectory(atPath: root + "/bad", withIntermediateDirectories: true)
        try malformed.write(toFile: root + "/bad/summary.csv", atomically: true, encoding: .utf8)
        // The reader decodes each row as it reads it: the first bad row in the file is the one named.
        assertBadInput(baseline: root + "/base", current: root + "/bad",
                       root + "/bad/summary.csv:2: column final_b: \"x\" is not an integer")
        let onlyBadB = header + "\n" + malformed.split(separator: "\n")[1] + "\n"
        try onlyBadB.write(toFile: root + "/bad/summary.csv", atomically: true, encoding: .utf8)
        assertBadInput(baseline: root + "/base", current: root + "/bad",
                       root + "/bad/summary.csv:2: column final_b: \"x\" is not an integer")
    }

    // MARK: - Thresholds file validation

    private func thresholdsError(_ text: String) -> String {
        do {
            _ = try Thresholds.parse(json: Array(text.utf8), file: "bench-configs/thresholds.json")
            XCTFail("expected an error")
        } catch {
            return "\(error)"
        }
        return ""
    }

    func testThresholdsValidation() throws {
        let parsed = try Thresholds.parse(
            json: Array(#"{ "metrics": { "bytes_per_key": { "relative_percent": 0.5, "absolute": 1 } } }"#.utf8),
            file: "t.json"
        )
        XCTAssertEqual(parsed.metrics, ["bytes_per_key": Tolerance(relativePercent: 0.5, absolute: 1)])
        XCTAssertEqual(parsed.defaultTolerance, Tolerance(relativePercent: 1))

        XCTAssertTrue(thresholdsError(#"{ "metrics": { "bytes_per_keys": { "absolute": 1 } } }"#).hasPrefix(
            #"bench-configs/thresholds.json: metrics.bytes_per_keys: unknown metric "bytes_per_keys"; use one of "#
                + "final_allocated_bytes, peak_allocated_bytes, bytes_per_key, final_resident_bytes, seconds,"
        ))
        XCTAssertEqual(
            thresholdsError(#"{ "metrics": { "final_b": { "absolute": 1 } } }"#),
            "bench-configs/thresholds.json: metrics.final_b: final_b is a deterministic count and must be equal;"
                + " remove it; thresholds apply to final_allocated_bytes, peak_allocated_bytes, bytes_per_key,"
                + " final_resident_bytes, seconds, ns_per_insert, ns_per_lookup, insert_p99_ns, insert_max_ns"
        )
        XCTAssertEqual(
            thresholdsError(#"{ "default": { "relative": 1 } }"#),
            #"bench-configs/thresholds.json: default.relative: unknown field "relative"; "#
                + "allowed fields here are relative_percent, absolute"
        )
        XCTAssertEqual(
            thresholdsError(#"{ "default": { "relative_percent": "1%" } }"#),
            #"bench-configs/thresholds.json: default.relative_percent: expected a number, found a string "1%"; "#
                + "write a number"
        )
        XCTAssertEqual(
            thresholdsError(#"{ "default": {} }"#),
            #"bench-configs/thresholds.json: default: no bound given; add "relative_percent", "absolute" or both"#
        )
        XCTAssertEqual(
            thresholdsError(#"{ "default": { "absolute": -1 } }"#),
            "bench-configs/thresholds.json: default.absolute: -1 is negative; use a number >= 0"
        )
        XCTAssertTrue(thresholdsError(#"{ "limits": {} }"#).contains("allowed fields here are default, metrics"))
    }

    func testCommittedThresholdsLoad() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench-configs/thresholds.json").path
        let thresholds = try Thresholds.load(path: path)
        XCTAssertEqual(thresholds.defaultTolerance, Tolerance(relativePercent: 1))
        XCTAssertEqual(thresholds.metrics["final_allocated_bytes"], Tolerance(relativePercent: 1, absolute: 4096))
    }
}
