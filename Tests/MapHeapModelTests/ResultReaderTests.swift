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
        XCTAssertEqual(warnings, ["\(summary):4: the last row is incomplete (35 bytes, a write cut short); "
            + "reading the 2 whole rows before it"])
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
