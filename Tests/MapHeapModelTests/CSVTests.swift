import Foundation
import XCTest

@testable import MapHeapModel
import MapHeapTestFixtures

final class CSVTests: XCTestCase {
    // MARK: - RFC 4180 fields

    func testFieldQuoting() {
        XCTAssertEqual(CSV.encodeField("plain"), "plain")
        XCTAssertEqual(CSV.encodeField(""), "")
        XCTAssertEqual(CSV.encodeField("a,b"), "\"a,b\"")
        XCTAssertEqual(CSV.encodeField("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSV.encodeField("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSV.encodeField("cr\r"), "\"cr\r\"")
        XCTAssertEqual(CSV.encodeRecord(["a", "b,c", ""]), "a,\"b,c\",\n")
    }

    func testParseHandlesQuotesNewlinesAndCRLF() throws {
        let text = "h1,h2\r\n\"a,1\",\"x\"\"y\"\n\"multi\nline\",z\n\nlast,\"\""
        let records = try CSV.parse(text, file: "t.csv")
        XCTAssertEqual(records, [
            CSVRecord(line: 1, fields: ["h1", "h2"]),
            CSVRecord(line: 2, fields: ["a,1", "x\"y"]),
            CSVRecord(line: 3, fields: ["multi\nline", "z"]),
            CSVRecord(line: 6, fields: ["last", ""]),
        ])
    }

    func testParseErrorsNameTheLineWhereTheRecordStarts() {
        XCTAssertThrowsError(try CSV.parse("a,b\nc,\"open\nstill open\n", file: "r.csv")) { error in
            XCTAssertEqual("\(error)", "r.csv:2: quoted field is never closed")
        }
        XCTAssertThrowsError(try CSV.parse("a,b\n\"x\n\"y,2\n", file: "r.csv")) { error in
            XCTAssertEqual("\(error)", "r.csv:2: unexpected text after a closing quote in field 1;"
                + " a quote inside a quoted field must be doubled")
        }
        XCTAssertThrowsError(try CSV.parse("a,b\nc,d\"e\n", file: "r.csv")) { error in
            XCTAssertEqual("\(error)", "r.csv:2: quote inside an unquoted field 2; quote the whole field")
        }
    }

    // MARK: - Row round trips

    func testSummaryRoundTripWithAwkwardStrings() throws {
        var awkward = CSVFixture.summary(machine: "Xeon \"Gold\", 2 cores\nsecond line", overflowBuckets: nil,
                                         mapBytes: nil)
        awkward.bytesPerKey = 0.1 + 0.2  // needs 17 digits to round-trip
        awkward.seconds = 1e-7
        awkward.seed = UInt64.max
        let rows = [CSVFixture.summary(), awkward]
        let text = SummaryRow.csvDocument(rows)
        XCTAssertTrue(text.hasPrefix("schema,workload,impl,runtime,allocator,key_type,value_type,sizing,hint,ops,keys,"
            + "inserts,deletes,final_count,growths,growths_doubling,growths_same_size,growths_small_to_table,"
            + "growths_table_grow,growths_table_split,growths_directory_grow,growths_reallocation,final_b,"
            + "overflow_buckets,tables,directory_length,capacity,final_allocated_bytes,"))
        XCTAssertTrue(text.contains(",\"Xeon \"\"Gold\"\", 2 cores\nsecond line\","))
        XCTAssertEqual(try SummaryRow.decodeCSV(text, file: "s.csv"), rows)
    }

    func testSummaryLookupColumnsRoundTripAndMayBeEmpty() throws {
        var measured = CSVFixture.summary("measured")
        measured.lookups = 1_000_000
        measured.nsPerLookup = 0.1 + 0.2  // needs 17 digits to round-trip
        measured.jobsAtOnce = 2
        var none = CSVFixture.summary("none")
        none.lookups = 0
        let unmeasured = CSVFixture.summary("unmeasured")  // a failed row, or one written before lookups
        let rows = [measured, none, unmeasured]
        let text = SummaryRow.csvDocument(rows)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasSuffix(",insert_p99_ns,insert_max_ns,lookups,ns_per_lookup,jobs_at_once,"
            + "go_map_type,go_map_canonical,go_env"), lines[0])
        XCTAssertTrue(lines[1].hasSuffix(",,,1000000,0.30000000000000004,2,,,"), lines[1])
        XCTAssertTrue(lines[2].hasSuffix(",,,0,,,,,"), lines[2])
        XCTAssertTrue(lines[3].hasSuffix(",,,,,,,,"), lines[3])
        XCTAssertEqual(try SummaryRow.decodeCSV(text, file: "s.csv"), rows)
    }

    func testSummaryWithoutTheOptionalColumnsStillReads() throws {
        // A summary.csv written before insert latency and lookups (the committed baselines): neither column.
        let row = CSVFixture.summary()
        let columns = SummaryRow.csvColumns.filter { !SummaryRow.csvOptionalColumns.contains($0) }
        let fields = Dictionary(uniqueKeysWithValues: zip(SummaryRow.csvColumns, row.csvFields))
        let text = CSV.encodeRecord(columns) + CSV.encodeRecord(columns.map { fields[$0] ?? "" })
        let read = try SummaryRow.decodeCSV(text, file: "s.csv")
        XCTAssertEqual(read, [row])
        XCTAssertNil(read.first?.lookups)
        XCTAssertNil(read.first?.nsPerLookup)
        XCTAssertThrowsError(try SummaryRow.decodeCSV(
            text.replacingOccurrences(of: ",seed\n", with: ",seed,ns_per_lookup\n")
                .replacingOccurrences(of: ",42\n", with: ",42,fast\n"), file: "s.csv")) { error in
            XCTAssertEqual("\(error)", "s.csv:2: column ns_per_lookup: \"fast\" is not a finite number")
        }
    }

    func testCurveRoundTrip() throws {
        var second = CSVFixture.curve("w,with \"comma\"", keys: 2000)
        second.event = .sample
        second.growing = false
        second.mapBytes = nil
        second.structure.overflowBuckets = 3
        second.structure.capacity = nil
        let rows = [CSVFixture.curve(), second]
        let text = CurveRow.csvDocument(rows)
        XCTAssertEqual(
            text.split(separator: "\n").first,
            "schema,workload,event,keys,count,allocated_bytes,active_bytes,resident_bytes,peak_bytes,map_bytes,"
                + "final_b,overflow_buckets,tables,directory_length,capacity,growing,elapsed_seconds"
        )
        XCTAssertEqual(
            text.split(separator: "\n")[1],
            "mapheap.curve.v2,gomap-int64-bool-unsized,growth-start,1000,999,88000,90112,98304,88100,87000,7,,,,"
                + "1024,true,0.000123456789"
        )
        XCTAssertEqual(try CurveRow.decodeCSV(text, file: "c.csv"), rows)
    }

    func testGrowthRoundTrip() throws {
        var second = CSVFixture.growth("multi\nline", index: 2)
        second.kind = .doubling
        second.writesToFinish = 128
        second.allocatedBytesAtEnd = 12
        second.detail = "old_b=7;new_b=8;load=6.500000000000001"
        var third = CSVFixture.growth("peer", index: 3)
        third.kind = .reallocation
        third.bytesAllocated = nil
        third.bytesReleased = nil
        third.detail = "old_capacity=6;new_capacity=12"
        let rows = [CSVFixture.growth(), second, third]
        let text = GrowthRow.csvDocument(rows)
        XCTAssertEqual(
            text.split(separator: "\n")[1],
            "mapheap.growth.v2,gomap-int64-bool-unsized,1,same-size,832,833,11264,11264,,old_b=7;new_b=7;load=6.5,"
                + "99000,,"
        )
        XCTAssertEqual(try GrowthRow.decodeCSV(text, file: "g.csv"), rows)
    }

    // MARK: - Reader errors

    private func assertDecodeError<Row: CSVResultRow>(
        _ type: Row.Type, _ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try Row.decodeCSV(text, file: "res/summary.csv"), file: file, line: line) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
            XCTAssertTrue(error is CSVError, "\(Swift.type(of: error))", file: file, line: line)
        }
    }

    func testHeaderErrors() {
        let good = SummaryRow.csvDocument([CSVFixture.summary()])
        assertDecodeError(SummaryRow.self, "",
                          "res/summary.csv:1: empty file; expected a header row starting with schema")
        let noSeed = good.replacingOccurrences(of: ",machine,seed,", with: ",machine,sed,")
        assertDecodeError(SummaryRow.self, noSeed, "res/summary.csv:1: header: missing column(s) seed;"
            + " unexpected column(s) sed (expected mapheap.summary.v2 columns)")
    }

    func testAnotherSchemaVersionIsRefused() {
        let good = SummaryRow.csvDocument([CSVFixture.summary(), CSVFixture.summary("second")])
        var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "mapheap.summary.v2", with: "mapheap.summary.v3")
        assertDecodeError(SummaryRow.self, lines.joined(separator: "\n"),
                          "res/summary.csv:3: schema \"mapheap.summary.v3\" is not supported;"
                              + " this mapheap reads mapheap.summary.v2")
        // A v1 file (GoMap's columns) is reported by its schema, with how to measure it again.
        let v1 = "schema,workload,swift_version\nmapheap.summary.v1,w,6.3\n"
        assertDecodeError(SummaryRow.self, v1, "res/summary.csv:2: schema \"mapheap.summary.v1\" is not supported;"
            + " this mapheap reads mapheap.summary.v2; re-measure with this mapheap (mapheap run, or"
            + " scripts/update-baseline.sh ci|default for the committed baselines)")
        // A curve file handed in as a summary.
        assertDecodeError(SummaryRow.self, CurveRow.csvDocument([CSVFixture.curve()]),
                          "res/summary.csv:2: schema \"mapheap.curve.v2\" is not supported;"
                              + " this mapheap reads mapheap.summary.v2")
    }

    func testFieldCountAndTypeErrors() {
        let good = SummaryRow.csvDocument([CSVFixture.summary()])
        let short = good.replacingOccurrences(of: ",42,,,,,,,,\n", with: ",42,,,,,,,\n")
        assertDecodeError(SummaryRow.self, short, "res/summary.csv:2: expected 48 fields, found 47")
        let badB = good.replacingOccurrences(of: ",21,1234,", with: ",x,1234,")
        assertDecodeError(SummaryRow.self, badB, "res/summary.csv:2: column final_b: \"x\" is not an integer")
        let badDouble = good.replacingOccurrences(of: ",30.0,", with: ",thirty,")
        assertDecodeError(SummaryRow.self, badDouble,
                          "res/summary.csv:2: column bytes_per_key: \"thirty\" is not a finite number")
        let badSeed = good.replacingOccurrences(of: ",42,,,,,,,,\n", with: ",-1,,,,,,,,\n")
        assertDecodeError(SummaryRow.self, badSeed,
                          "res/summary.csv:2: column seed: \"-1\" is not a non-negative integer")
        let curve = CurveRow.csvDocument([CSVFixture.curve()])
        assertDecodeError(CurveRow.self, curve.replacingOccurrences(of: ",true,", with: ",yes,"),
                          "res/summary.csv:2: column growing: \"yes\" is not a boolean (true or false)")
        assertDecodeError(CurveRow.self, curve.replacingOccurrences(of: "growth-start", with: "grow"),
                          "res/summary.csv:2: column event: \"grow\" is not one of sample, growth-start, growth-end")
    }

    func testErrorLineCountsEmbeddedNewlines() {
        // Row 1's machine spans two lines, so the bad row 2 starts on file line 4.
        let rows = [CSVFixture.summary(machine: "a\nb"), CSVFixture.summary("second")]
        let text = SummaryRow.csvDocument(rows).replacingOccurrences(of: "second,gomap,swift", with: "second,swift")
        assertDecodeError(SummaryRow.self, text, "res/summary.csv:4: expected 48 fields, found 47")
    }

    // MARK: - Files

    func testWriterAppendsWholeWorkloadsAndReadBack() throws {
        let directory = try CSVFixture.temporaryDirectory(removedAfter: self) + "/nested/run"
        let writer = try ResultWriter(directory: directory)
        XCTAssertEqual(try String(contentsOfFile: writer.summaryPath, encoding: .utf8), SummaryRow.csvHeader)
        XCTAssertEqual(try ResultSet.read(from: directory), ResultSet())

        let first = (CSVFixture.summary("a"), [CSVFixture.curve("a"), CSVFixture.curve("a", keys: 2000)],
                     [CSVFixture.growth("a")])
        try writer.append(summary: first.0, curve: first.1, growth: first.2)
        try writer.append(summary: CSVFixture.summary("b"), curve: [CSVFixture.curve("b")], growth: [])
        let expected = ResultSet(
            summary: [CSVFixture.summary("a"), CSVFixture.summary("b")],
            curve: first.1 + [CSVFixture.curve("b")], growth: first.2
        )
        XCTAssertEqual(try ResultSet.read(from: directory), expected)
        XCTAssertEqual(try ResultSet.read(from: directory + "/summary.csv"), expected)
        XCTAssertEqual(
            try String(contentsOfFile: writer.curvePath, encoding: .utf8),
            CurveRow.csvDocument(expected.curve)
        )

        // A new writer on the same directory starts over.
        _ = try ResultWriter(directory: directory)
        XCTAssertEqual(try ResultSet.read(from: directory), ResultSet())
    }

    func testResultSetWriteRoundTrip() throws {
        let directory = try CSVFixture.temporaryDirectory(removedAfter: self)
        let set = ResultSet(
            summary: [CSVFixture.summary("x"), CSVFixture.summary("y")],
            curve: [CSVFixture.curve("x"), CSVFixture.curve("y"), CSVFixture.curve("x", keys: 5)],
            growth: [CSVFixture.growth("y")]
        )
        try set.write(to: directory)
        let read = try ResultSet.read(from: directory)
        XCTAssertEqual(read.summary, set.summary)
        XCTAssertEqual(read.curve, [CSVFixture.curve("x"), CSVFixture.curve("x", keys: 5), CSVFixture.curve("y")])
        XCTAssertEqual(read.growth, set.growth)
    }

    func testReadingMissingFiles() throws {
        XCTAssertThrowsError(try ResultSet.read(from: "/nonexistent/run")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/run: no such file or directory;"
                + " pass a result directory or a summary.csv")
        }
        let empty = try CSVFixture.temporaryDirectory(removedAfter: self)
        XCTAssertThrowsError(try ResultSet.read(from: empty)) { error in
            XCTAssertEqual("\(error)", empty + "/summary.csv: no such file; a result directory holds summary.csv")
        }
        // A summary.csv alone is enough: curve and growth are optional.
        try SummaryRow.csvDocument([CSVFixture.summary()]).write(toFile: empty + "/summary.csv", atomically: true,
                                                                  encoding: .utf8)
        XCTAssertEqual(try ResultSet.read(from: empty), ResultSet(summary: [CSVFixture.summary()]))
    }
}
