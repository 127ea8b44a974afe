import Foundation
import XCTest
@testable import MapHeapReport
import MapHeapModel
import MapHeapTestFixtures

final class ReportTests: XCTestCase {
    let report = renderReport(ReportFixture.resultSet(), tableWidth: nil)

    /// The first line of `text` containing every one of `parts`, or nil.
    func line(_ text: String, containing parts: String...) -> String? {
        text.split(separator: "\n").map(String.init).first { line in parts.allSatisfy { line.contains($0) } }
    }

    /// The whitespace-separated cells of the first line containing every one of `parts`.
    func cells(containing parts: String...) -> [String] {
        let found = report.split(separator: "\n").first { line in parts.allSatisfy { line.contains($0) } }
        return found.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    /// `text` with every run of whitespace (including line breaks of wrapped paragraphs) as one space.
    func flat(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    func testSectionsAppearInOrder() {
        let headings = [
            "1. The claims, settled", "2. Suite", "How to read this", "3. Workloads by key type",
            "Map bytes by Go's rules against jemalloc", "4. What presizing saves",
            "5. What an empty value saves against Bool", "6. GoMap against its peers",
            "7. Growths", "8. The measured load factor at each trigger", "9. What churn does to memory",
            "10. Where GoMap differs from Go",
        ]
        var searchFrom = report.startIndex
        for heading in headings {
            guard let range = report.range(of: heading, range: searchFrom..<report.endIndex) else {
                return XCTFail("missing or out of order: \(heading)")
            }
            searchFrom = range.upperBound
        }
    }

    func testHeaderCarriesSuiteFacts() {
        XCTAssertNotNil(line(report, containing: "machine", ReportFixture.machine))
        XCTAssertNotNil(line(report, containing: "runtime", "swift 6.3.1"))
        XCTAssertNotNil(line(report, containing: "allocator", "jemalloc 5.3.0-0-g54eaed1d"))
        XCTAssertNotNil(line(report, containing: "map under study", "GoMap (gomap)"))
        XCTAssertNotNil(line(report, containing: "seed", "42"))
        XCTAssertNotNil(line(report, containing: "10 in summary.csv, 9 with status ok"))
        XCTAssertTrue(report.contains("gomap-string-bool-unsized (crashed)"))
    }

    func testWorkloadTablesPerKeyType() {
        XCTAssertNotNil(line(report, containing: "int64 keys"))
        XCTAssertNotNil(line(report, containing: "string keys"))
        // gomap int64/bool unsized: 18 doublings, B 18, 24,000,000 B = 22.89 MiB, peak 36,000,000 B = 34.33 MiB.
        XCTAssertEqual(
            cells(containing: "gomap", "bool", "unsized", "1,000,000", "18 doubling", "ok"),
            ["gomap", "bool", "unsized", "1,000,000", "18", "doubling", "B", "18,", "1,200", "overflow", "22.89",
             "34.33", "22.79", "24.0", "60.0", "ok"])
        // Peers name their structure by capacity, their growths are reallocations, and they have no map bytes.
        XCTAssertEqual(cells(containing: "dictionary", "bool", "unsized", "19 reallocation").dropFirst(4),
                       ["19", "reallocation", "capacity", "1,572,864", "38.15", "57.22", "—", "40.0", "30.0", "ok"])
        // A churn workload says so in its sizing column.
        XCTAssertEqual(cells(containing: "gomap", "unsized churn").prefix(10),
                       ["gomap", "bool", "unsized", "churn", "1,000,000", "18", "doubling", "+", "2", "same-size"])
        // The crashed workload shows its status and no figures.
        XCTAssertEqual(
            cells(containing: "gomap", "bool", "unsized", "1,000,000", "crashed"),
            ["gomap", "bool", "unsized", "1,000,000"] + Array(repeating: "—", count: 7) + ["crashed"])
    }

    func testPresizingSavingsComputedFromTheRows() {
        // Peak: unsized 36,000,000, presized 25,000,000: saved 11,000,000 B = 10.49 MiB, 11/36 = 30.6%.
        XCTAssertEqual(
            cells(containing: "peak allocated MiB", "34.33"),
            ["peak", "allocated", "MiB", "34.33", "23.84", "10.49", "30.6%"])
        // Final: presizing costs 1,000,000 B more (preallocated overflow): -0.95 MiB, -1/24 = -4.2%.
        XCTAssertEqual(
            cells(containing: "gomap int64/bool", "final allocated MiB"),
            ["gomap", "int64/bool", "final", "allocated", "MiB", "22.89", "23.84", "-0.95", "-4.2%"])
        XCTAssertEqual(cells(containing: "growths", "100.0%"), ["growths", "18", "0", "18", "100.0%"])
        XCTAssertEqual(cells(containing: "ns/insert", "25.0%"), ["ns/insert", "60.0", "45.0", "15.0", "25.0%"])
    }

    func testMissingPairsAreNamedNotNumbered() {
        XCTAssertNotNil(line(report, containing: "gomap int64/empty: no presized insert workload"))
        XCTAssertNotNil(line(report, containing: "gomap string/bool: gomap-string-bool-unsized is crashed"))
        XCTAssertNotNil(line(report, containing: "gomap int64 presized:", "no gomap int64/empty presized insert"))
        XCTAssertNotNil(line(report, containing: "gomap-int64-bool-presized: no Swift peer"))
        XCTAssertNil(line(report, containing: "n/a"))
    }

    func testEmptyValueSavings() {
        // GoMap by its map bytes (Go's rules): 23,900,000 vs 21,900,000 bytes for 1,000,000 keys: 23.9 vs
        // 21.9 bytes/key, 2.0 saved, 2/23.9 = 8.4%; and by jemalloc allocated: 24.0 vs 22.0, 2/24 = 8.3%.
        XCTAssertEqual(
            cells(containing: "gomap", "int64", "unsized", "map bytes (Go's rules)"),
            ["gomap", "int64", "unsized", "map", "bytes", "(Go's", "rules)", "23.9", "21.9", "2.0", "8.4%"])
        XCTAssertEqual(
            cells(containing: "gomap", "int64", "unsized", "jemalloc allocated", "8.3%"),
            ["gomap", "int64", "unsized", "jemalloc", "allocated", "24.0", "22.0", "2.0", "8.3%"])
        // Peers keep no map bytes: Dictionary<Int64, Bool> 40.0 against Set<Int64> 36.0, by jemalloc only.
        XCTAssertEqual(
            cells(containing: "dictionary → set", "int64", "unsized"),
            ["dictionary", "→", "set", "int64", "unsized", "jemalloc", "allocated", "40.0", "36.0", "4.0", "10.0%"])
        XCTAssertNil(line(report, containing: "dictionary → set", "Go's rules"))
    }

    func testMapBytesBesideJemalloc() {
        // Each ok workload with map bytes: map bytes (Go's rules), jemalloc allocated and their difference,
        // 24,000,000 − 23,900,000 = 100,000 = 0.4% of the map bytes.
        XCTAssertNotNil(line(report, containing: "workload", "map bytes (Go's rules)", "jemalloc allocated",
                             "difference"))
        XCTAssertEqual(cells(containing: "gomap-int64-bool-unsized", "23,900,000"),
                       ["gomap-int64-bool-unsized", "23,900,000", "24,000,000", "100,000", "0.4%"])
        XCTAssertEqual(cells(containing: "gomap-int64-empty-unsized", "21,900,000"),
                       ["gomap-int64-empty-unsized", "21,900,000", "22,000,000", "100,000", "0.5%"])
        // Not ok, or no map bytes (peers): not in the table.
        XCTAssertNil(line(report, containing: "gomap-string-bool-unsized", "14,000,000"))
        XCTAssertNil(line(report, containing: "dictionary-int64-bool-unsized", "40,000,000"))
    }

    func testGoMapAgainstPeers() {
        // 24/40 = 0.60 bytes/key, 36/60 = 0.60 peak, 60/30 = 2.00 ns; the fixture's rows predate lookups.
        XCTAssertEqual(
            cells(containing: "int64", "bool", "unsized", "dictionary", "0.60x"),
            ["int64", "bool", "unsized", "dictionary", "24.0", "40.0", "0.60x", "34.33", "57.22", "0.60x", "60.0",
             "30.0", "2.00x", "not", "measured", "not", "measured", "not", "measured"])
        // 22/36 = 0.61.
        XCTAssertNotNil(line(report, containing: "int64", "empty", "unsized", "set", "22.0", "36.0", "0.61x"))
    }

    /// The fixture with times per lookup: GoMap 40 ns, Dictionary 25 ns and Set 20 ns (every key type).
    private func withLookups() -> ResultSet {
        var results = ReportFixture.resultSet()
        let perLookup: [String: Double] = ["gomap": 40, "dictionary": 25, "set": 20]
        for index in results.summary.indices {
            results.summary[index].lookups = results.summary[index].finalCount
            results.summary[index].nsPerLookup = perLookup[results.summary[index].impl.rawValue]
        }
        return results
    }

    /// `results` with a real Go runtime (`go1.23.9`) beside every GoMap workload: the same row with impl
    /// `go`, 1.5 times the time per insert and `goLookup` ns per lookup (nil: a row without lookups).
    private func withGo(_ results: ResultSet, goLookup: (SummaryRow) -> Double?) -> ResultSet {
        var results = results
        for row in results.summary where row.impl == .gomap {
            var go = row
            go.workload = "go-" + row.workload
            go.impl = .go
            go.runtime = "go1.23.9"
            go.nsPerInsert = row.nsPerInsert * 1.5
            go.nsPerLookup = goLookup(row)
            go.lookups = go.nsPerLookup == nil ? nil : row.finalCount
            results.summary.append(go)
        }
        return results
    }

    func testPeersAndGoShowTheTimePerLookupAndItsRatio() throws {
        let text = renderReport(withGo(withLookups()) { $0.sizing == .presized ? nil : 30 }, tableWidth: nil)
        // GoMap against its peers: 40 ns against Dictionary's 25 = 1.60x (derived), Set's 20 = 2.00x.
        XCTAssertNotNil(line(text, containing: "ns/insert gomap", "ns/lookup gomap", "peer", "ratio"))
        let peers = try XCTUnwrap(line(text, containing: "int64", "bool", "unsized", "dictionary", "0.60x"))
        XCTAssertEqual(peers.split(separator: " ").suffix(6), ["60.0", "30.0", "2.00x", "40.0", "25.0", "1.60x"])
        XCTAssertNotNil(line(text, containing: "int64", "empty", "unsized", "set", "40.0", "20.0", "2.00x"))
        XCTAssertTrue(flat(text).contains("ns/lookup is the time per lookup of live keys looked up after the "
            + "operations (up to 100,000, spread evenly over the live keys; derived)"))
        // GoMap against the real Go runtime: ns/insert Go/model 1.50x, then ns/lookup 40, Go's 30, 0.75x.
        guard let section = text.range(of: "GoMap against go1.23.9\n") else { return XCTFail("no Go section") }
        let go = String(text[section.upperBound...])
        XCTAssertNotNil(line(go, containing: "ns/insert Go/model", "ns/lookup", "Go ns/lookup", "ns/lookup Go/model"))
        let unsized = try XCTUnwrap(line(go, containing: "gomap-int64-bool-unsized "))
        XCTAssertTrue(unsized.hasSuffix("1.50x       40.0          30.0               0.75x"), unsized)
        // A Go row without lookups (written before they were timed): not measured, never 0.
        let presized = try XCTUnwrap(line(go, containing: "gomap-int64-bool-presized "))
        XCTAssertTrue(presized.hasSuffix("1.50x       40.0  not measured        not measured"), presized)
    }

    func testTheSwissMapSectionShowsTheTimePerLookup() throws {
        var results = withLookups()
        for row in results.summary where row.impl == .gomap && row.ops == .insert && row._isOK {
            var swiss = row
            swiss.workload = row.workload.replacingOccurrences(of: "gomap", with: "swissmap")
            swiss.impl = .swissmap
            swiss.structure = MapStructure(tables: 256, directoryLength: 256, capacity: 1 << 20)
            swiss.nsPerLookup = row.sizing == .presized ? nil : 35
            results.summary.append(swiss)
        }
        let text = renderReport(results, tableWidth: nil)
        XCTAssertNotNil(line(text, containing: "ns/insert gomap", "swissmap", "ns/lookup gomap", "swissmap"))
        let unsized = try XCTUnwrap(line(text, containing: "int64", "bool", "unsized", "18", "60.0", "60.0"))
        XCTAssertEqual(unsized.split(separator: " ").suffix(2), ["40.0", "35.0"])
        let presized = try XCTUnwrap(line(text, containing: "int64", "bool", "presized", "45.0", "45.0"))
        XCTAssertEqual(presized.split(separator: " ").suffix(3), ["40.0", "not", "measured"])
    }

    func testOldRowsWithoutLookupsSayNotMeasured() throws {
        // The committed baselines' rows have no lookup columns: every lookup cell says so.
        let text = renderReport(withGo(ReportFixture.resultSet()) { _ in nil }, tableWidth: nil)
        guard let section = text.range(of: "GoMap against go1.23.9\n") else { return XCTFail("no Go section") }
        let unsized = try XCTUnwrap(line(String(text[section.upperBound...]), containing: "gomap-int64-bool-unsized "))
        XCTAssertTrue(unsized.hasSuffix("1.50x  not measured  not measured        not measured"), unsized)
        XCTAssertNil(line(text, containing: "ns/lookup", "0.0 "))
    }

    func testSamplingCostIsComputedFromTheRowsAndNamesTheWorkloadsOverTwoPercent() {
        // The fixture's rows all spent 0.4 % sampling: within the aim.
        XCTAssertTrue(flat(report).contains("Sampling: every time figure leaves out the time spent sampling, which "
            + "was 0.40% to 0.40% of the measured time (sampling_overhead), within the 2 % mapheap aims at."), report)
        var results = ReportFixture.resultSet()
        let costs = ["gomap-int64-bool-unsized": 0.031, "gomap-string-bool-presized": 0.125,
                     "dictionary-string-bool-unsized": 0.02]
        for index in results.summary.indices {
            if let cost = costs[results.summary[index].workload] { results.summary[index].samplingOverhead = cost }
        }
        // Not ok: left out, however high.
        if let index = results.summary.firstIndex(where: { $0.status != .ok }) {
            results.summary[index].samplingOverhead = 0.9
        }
        XCTAssertTrue(flat(renderReport(results)).contains("which was 0.40% to 12.50% of the measured time "
            + "(sampling_overhead); over the 2 % mapheap aims at: gomap-string-bool-presized 12.50%, "
            + "gomap-int64-bool-unsized 3.10%. Why:"))
    }

    func testTimedTwinsAreReadOnlyByTheLongestInsert() {
        // Timed copies of two unsized workloads, twice as slow per insert: every section keeps the untimed
        // figures; "The longest insert" lists the twins and names the growth of the longest insert.
        var results = ReportFixture.resultSet()
        for name in ["gomap-int64-bool-unsized", "dictionary-int64-bool-unsized"] {
            guard var twin = results.summary.first(where: { $0.workload == name }) else { return XCTFail(name) }
            twin.workload = name + "-timed"
            twin.nsPerInsert *= 2
            twin.insertP99Nanoseconds = 500
            twin.insertMaxNanoseconds = name.hasPrefix("gomap") ? 2_500_000 : 9_000_000
            var growth = results.growth.filter { $0.workload == name }
            for index in growth.indices { growth[index].workload = twin.workload }
            if !growth.isEmpty { growth[growth.count - 1].maxInsertNanoseconds = twin.insertMaxNanoseconds }
            results.summary.append(twin)
            results.growth += growth
        }
        let text = renderReport(results, tableWidth: nil)
        XCTAssertEqual(_Report.timedTwins(in: results.summary).map(\.workload),
                       ["gomap-int64-bool-unsized-timed", "dictionary-int64-bool-unsized-timed"])
        XCTAssertNotNil(line(text, containing: "12 in summary.csv, 11 with status ok"))
        XCTAssertNotNil(line(text, containing: "timed twins", "2: gomap-int64-bool-unsized-timed"))
        // The same peers table as without the twins: 60 ns against 30 ns, not 120 or 60.
        let peers = text.split(separator: "\n").first { line in
            ["int64", "bool", "unsized", "dictionary", "0.60x"].allSatisfy { line.contains($0) }
        }.map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(peers, ["int64", "bool", "unsized", "dictionary", "24.0", "40.0", "0.60x", "34.33", "57.22",
                               "0.60x", "60.0", "30.0", "2.00x", "not", "measured", "not", "measured", "not",
                               "measured"])
        XCTAssertNil(line(text, containing: "120.0"), "no table shows the timed ns/insert")
        guard let longest = text.range(of: "The longest insert\n") else { return XCTFail("no longest insert") }
        let section = String(text[longest.upperBound...])
        let lastGrowth = results.growth.last { $0.workload == "gomap-int64-bool-unsized-timed" }
        XCTAssertNotNil(line(section, containing: "gomap-int64-bool-unsized-timed", "2.50 ms",
                             "growth \(lastGrowth?.index ?? -1) (doubling"))
        XCTAssertNotNil(line(section, containing: "dictionary-int64-bool-unsized-timed", "9.00 ms", "no growth",
                             "3.60x"))
        // Without its untimed copy a timed workload is no twin, and every section reads it.
        XCTAssertEqual(_Report.timedTwins(in: results.summary.filter { $0.workload != "gomap-int64-bool-unsized" })
            .map(\.workload), ["dictionary-int64-bool-unsized-timed"])
    }

    func testGrowthTableIsRaw() {
        // Doubling #5 of gomap-int64-bool-unsized starts at count 104 with B = 4, allocates 2^5 * 88 = 2,816
        // bytes and releases 2^4 * 88 = 1,408.
        XCTAssertNotNil(line(report, containing: "5  doubling", "104", "2,816", "1,408", "old_b=4;new_b=5;load=6.5"))
        XCTAssertNotNil(line(report, containing: "19  same-size", "999,999", "1,600,000", "old_b=18;new_b=18"))
        XCTAssertNotNil(line(report, containing: "Not shown: status crashed (excluded)."))
        XCTAssertNotNil(line(report, containing: "No growths (structure at the end: B 18, 1,200 overflow)."))
    }

    func testLoadFactorFollowsTheRule() {
        XCTAssertEqual(
            cells(containing: "gomap-int64-bool-unsized", "matches the rule"),
            ["gomap-int64-bool-unsized", "18", "6.500", "8.000", "matches", "the", "rule"])
        XCTAssertNotNil(line(report, containing: "from 6.500 to 8.000"))
        XCTAssertNotNil(line(report, containing: "Every measured doubling trigger matches the rule."))
    }

    func testLoadFactorNamesTheOffendingGrowth() {
        var results = ReportFixture.resultSet()
        let index = results.growth.firstIndex { $0.workload == "gomap-int64-empty-unsized" && $0.index == 5 }!
        results.growth[index].countAtStart = 105
        let text = renderReport(results, tableWidth: nil)
        XCTAssertNil(line(text, containing: "Every measured doubling trigger matches the rule."))
        XCTAssertNotNil(line(text, containing: "gomap-int64-empty-unsized", "1 of 18 off the rule"))
        XCTAssertTrue(flat(text).contains(
            "gomap-int64-empty-unsized growth #5: doubling at count 105 with old B 4 (load factor 6.562); "
                + "the rule says count 104"))
        // The other workloads still match.
        XCTAssertNotNil(line(text, containing: "gomap-int64-bool-unsized", "matches the rule"))
    }

    func testChurnShowsNothingShrinks() {
        // Fill 24,000,000 B (22.89 MiB) -> end 25,165,824 B (24.00 MiB): +1,165,824 B = +1.11 MiB, 4.9%.
        XCTAssertEqual(
            cells(containing: "gomap-int64-bool-churn", "22.89"),
            ["gomap-int64-bool-churn", "22.89", "24.00", "+1.11", "4.9%", "18", "doubling", "+", "2", "same-size",
             "1,000,000", "1,000,000", "24.0", "25.2"])
        XCTAssertTrue(flat(report).contains(
            "Capacity never went down (2,097,152 slots at the fill, 2,097,152 at the end): nothing shrinks."))
        XCTAssertTrue(flat(report).contains("bytes per live key went from 24.0 to 25.2 (derived)"))
    }

    func testEmptyResultSetSaysWhatIsMissing() {
        let text = renderReport(ResultSet())
        XCTAssertTrue(text.contains("No workloads: summary.csv has no rows."))
        XCTAssertTrue(text.contains("No churn workloads in this suite."))
        XCTAssertTrue(text.contains("10. Where GoMap differs from Go"))
        // Without a claims file the first section says why nothing is settled, and how to fix it.
        XCTAssertTrue(flat(text).contains("No claims file was read, so no claim is settled here"))
    }

    func testTheModelIsAParameterAndSectionsAreNumberedByOrder() {
        // A model with only the common sections: no classic-map rule sections, and the numbers close up.
        let text = renderReport(ReportFixture.resultSet(), model: ReportSubject(impl: .gomap, displayName: "Model"))
        XCTAssertTrue(text.contains("6. Model against its peers"))
        XCTAssertTrue(text.contains("8. What churn does to memory"))
        XCTAssertFalse(text.contains("load factor at each trigger"))
        XCTAssertFalse(text.contains("differs from Go"))
        // A model with no workloads in the rows says so instead of comparing.
        let other = renderReport(ReportFixture.resultSet(), model: .named(.swissmap))
        XCTAssertTrue(flat(other).contains("No SwissMap workloads in this suite."))
        XCTAssertEqual(ReportSubject.studied(in: ReportFixture.resultSet()).impl, .gomap)
    }

    func testWriteReportWritesBothFiles() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mapheap-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = ReportFixture.resultSet()
        try writeReport(results, to: directory)
        let text = try String(contentsOf: directory.appendingPathComponent("report.txt"), encoding: .utf8)
        XCTAssertEqual(text, renderReport(results))
        let svg = try String(contentsOf: directory.appendingPathComponent("heap-curves.svg"), encoding: .utf8)
        XCTAssertEqual(svg, renderHeapCurvesSVG(results))
        let page = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertEqual(page, renderReportHTML(results))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(leftovers, ["heap-curves.svg", "report.html", "report.txt"])
    }

    func testReportFromTheCSVsEqualsTheReportFromMemory() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mapheap-report-csv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = ReportFixture.resultSet()
        try results.write(to: directory.path)
        let read = try ResultSet.read(from: directory.path)
        XCTAssertEqual(renderReport(read), renderReport(results))
        XCTAssertEqual(renderHeapCurvesSVG(read), renderHeapCurvesSVG(results))
    }

    func testTextTableAlignsColumns() {
        var table = TextTable([.left("name"), .right("bytes")])
        table.append(["a", "1"])
        table.append(["longer", "1,000"])
        XCTAssertEqual(table.lines(indent: 0), ["name    bytes", "------  -----", "a           1", "longer  1,000"])
    }

    func testFormats() {
        XCTAssertEqual(_Format.int(1_234_567), "1,234,567")
        XCTAssertEqual(_Format.int(-1_000), "-1,000")
        XCTAssertEqual(_Format.mib(1_048_576), "1.00")
        XCTAssertEqual(_Format.signedMiB(1_165_824), "+1.11")
        XCTAssertEqual(_Format.percent(11, of: 36), "30.6%")
        XCTAssertEqual(_Format.percent(1, of: 0), "n/a")
        XCTAssertEqual(_Format.axisCount(2_000_000), "2M")
        XCTAssertEqual(_Format.axisCount(250_000), "250k")
        XCTAssertEqual(_Format.axisCount(1_500_000), "1.5M")
    }
}
