import Foundation
import XCTest

@testable import MapHeapModel
import MapHeapTestFixtures

/// What the result readers refuse (values outside their vocabulary, two rows for one workload) and
/// what they recover (the whole rows before a torn tail).
final class ResultReaderTests: XCTestCase {
    private func decodeError(_ text: String) -> String? {
        do {
            _ = try SummaryRow.decodeCSV(text, file: "res/summary.csv")
            return nil
        } catch {
            return error.description
        }
    }

    func testSummaryValuesAreChecked() {
        let good = SummaryRow.csvDocument([CSVFixture.summary()])
        XCTAssertNil(decodeError(good))
        let cases: [(String, String, String)] = [
            (",gomap,swift 6.3.1,", ",btree,swift 6.3.1,", "column impl: \"btree\" is not one of gomap, swissmap, go, dictionary, set"),
            (",ok,\"Intel", ",exploded,\"Intel",
             "column status: \"exploded\" is not one of ok, failed, crashed, out-of-memory, killed"),
            (",unsized,0,insert,", ",unsised,0,insert,",
             "column sizing: \"unsised\" is not one of unsized, presized, hint"),
            (",unsized,0,insert,", ",unsized,0,Insert,", "column ops: \"Insert\" is not one of insert, churn"),
            (",unsized,0,insert,", ",unsized,0,,", "column ops: \"\" is not one of insert, churn"),
            (",insert,10000000,", ",insert,0,", "column keys: \"0\" is not a positive integer"),
            (",insert,10000000,", ",insert,-5,", "column keys: \"-5\" is not a positive integer"),
            (",30.0,", ",inf,", "column bytes_per_key: \"inf\" is not a finite number"),
            (",30.0,", ",1e400,", "column bytes_per_key: \"1e400\" is not a finite number"),
            (",30.0,", ",nan,", "column bytes_per_key: \"nan\" is not a finite number"),
        ]
        for (from, to, message) in cases {
            XCTAssertTrue(good.contains(from), from)
            XCTAssertEqual(decodeError(good.replacingOccurrences(of: from, with: to)), "res/summary.csv:2: " + message)
        }
        let killed = good.replacingOccurrences(of: ",ok,\"Intel", with: ",killed,\"Intel")
        XCTAssertNil(decodeError(killed), "killed is a status (schema v2's vocabulary)")
    }

    func testTornTailIsDroppedWithOneWarning() throws {
        let directory = try CSVFixture.temporaryDirectory(removedAfter: self)
        let set = ResultSet(summary: [CSVFixture.summary("a"), CSVFixture.summary("b")],
                            curve: [CSVFixture.curve("a"), CSVFixture.curve("b")],
                            growth: [CSVFixture.growth("a")])
        try set.write(to: directory)
        let summary = directory + "/summary.csv"
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        // A third row cut short in the middle of a field.
        try (text + "mapheap.summary.v2,c,gomap,int64,bo").write(toFile: summary, atomically: false, encoding: .utf8)
        var warnings: [String] = []
        let read = try ResultSet.read(from: directory) { warnings.append($0) }
        XCTAssertEqual(read, set)
        XCTAssertEqual(warnings, ["\(summary):4: the last row is cut short (5 of \(SummaryRow.csvColumns.count) "
            + "fields, no line break: a write cut short); reading the 2 whole rows before it"])
    }

    /// Issue 24, defect 2: a whole last row without its line break is a row (it was dropped, and the
    /// gate passed without that workload); a last row really cut short is refused when `torn` says so.
    func testAWholeLastRowWithoutLineBreakIsKept() throws {
        let directory = try CSVFixture.temporaryDirectory(removedAfter: self)
        let set = ResultSet(summary: [CSVFixture.summary("a"), CSVFixture.summary("b")])
        try set.write(to: directory)
        let summary = directory + "/summary.csv"
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        try String(text.dropLast()).write(toFile: summary, atomically: false, encoding: .utf8)
        var warnings: [String] = []
        XCTAssertEqual(try ResultSet.readSummary(from: directory, torn: .refuse(fix: "x")) { warnings.append($0) },
                       set.summary)
        XCTAssertEqual(warnings, [])

        // Cut inside the last field (seed 42 -> 4 would still decode; a cut boolean-free row loses fields).
        let cut = String(text.dropLast(40))
        try cut.write(toFile: summary, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try ResultSet.readSummary(from: directory, torn: .refuse(fix: "restore it"))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("\(summary):3: the last row is cut short ("), message)
            XCTAssertTrue(message.hasSuffix("no line break: a write cut short); restore it"), message)
        }
        // Cut inside a quoted field (the machine's name): torn too, not "quoted field is never closed".
        let quoted = String(text[..<text.range(of: "\"Intel", options: .backwards)!.upperBound])
        try quoted.write(toFile: summary, atomically: false, encoding: .utf8)
        warnings = []
        XCTAssertEqual(try ResultSet.readSummary(from: directory) { warnings.append($0) }, [set.summary[0]])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains(":3: the last row is cut short (a quoted field never closed"), warnings[0])
    }

    /// Issue 24, defect 13: the reader streams. Fed in chunks of every size, even one byte at a time
    /// (a byte order mark, CRLF and quotes split across chunks), the parser gives the records the
    /// whole text gives.
    func testStreamParserGivesTheSameRecordsInAnyChunking() throws {
        let text = "\u{FEFF}schema,a,b\r\nx,\"q,\"\"1\"\"\",3\r\n\ny,\"multi\nline\",\r\nz,w,\"end\""
        let bytes = Array(text.utf8)
        let whole = try CSV.parse(bytes: bytes, file: "t.csv")
        XCTAssertEqual(whole, [
            CSVRecord(line: 1, fields: ["schema", "a", "b"]), CSVRecord(line: 2, fields: ["x", "q,\"1\"", "3"]),
            CSVRecord(line: 4, fields: ["y", "multi\nline", ""]), CSVRecord(line: 6, fields: ["z", "w", "end"]),
        ])
        for size in 1...bytes.count {
            var parser = CSVStreamParser(file: "t.csv")
            var records: [CSVRecord] = []
            var start = 0
            while start < bytes.count {
                let chunk = Array(bytes[start..<min(start + size, bytes.count)])
                try chunk.withUnsafeBufferPointer { (buffer) throws(CSVError) in
                    try parser.feed(buffer) { (record) throws(CSVError) in records.append(record) }
                }
                start += size
            }
            let end = parser.finish()
            XCTAssertFalse(end.unclosedQuote)
            XCTAssertEqual(records + [end.tail].compactMap { $0 }, whole, "chunks of \(size)")
        }
    }

    /// Issue 24, defect 10: an integer beyond ±2^50 is not a measurement, and reading refuses it (the
    /// report and compare trapped on INT64_MAX and INT64_MIN).
    func testExtremeIntegersAreRefused() {
        let good = SummaryRow.csvDocument([CSVFixture.summary()])
        for extreme in ["9223372036854775807", "-9223372036854775808", "1125899906842625"] {
            let bad = good.replacingOccurrences(of: ",300000000,", with: "," + extreme + ",")
            XCTAssertEqual(decodeError(bad), "res/summary.csv:2: column final_allocated_bytes: \"\(extreme)\" is not "
                + "a measurement (beyond ±2^50)")
        }
        let limit = good.replacingOccurrences(of: ",300000000,", with: ",1125899906842624,")
        XCTAssertNil(decodeError(limit))
    }

    func testAWorkloadHasOneSummaryRow() throws {
        let directory = try CSVFixture.temporaryDirectory(removedAfter: self)
        try ResultSet(summary: [CSVFixture.summary("a"), CSVFixture.summary("b"), CSVFixture.summary("a")])
            .write(to: directory)
        XCTAssertThrowsError(try ResultSet.readSummary(from: directory)) { error in
            XCTAssertEqual("\(error)", "\(directory)/summary.csv:4: workload \"a\" has a second row (the first is "
                + "on line 2); a result set holds one row per workload")
        }
    }
}
