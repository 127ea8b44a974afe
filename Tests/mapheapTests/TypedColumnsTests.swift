import Foundation
import MapHeapModel
import XCTest

/// Issue 22: impl, sizing and ops are typed past the CSV codec, so a summary.csv naming a map, a sizing or
/// an operation mix mapheap does not know is bad input to `report` and `compare`: one line naming the file,
/// the line and the column, and the values it accepts; exit status 2.
final class TypedColumnsTests: XCTestCase {
    func testUnknownImplSizingOrOpsIsBadInput() throws {
        let root = try temporaryDirectory(prefix: "mapheap-typed-")
        let good = root + "/good"
        try ResultSet(summary: [ResultFixture.row("a")], curve: [ResultFixture.curve("a")]).write(to: good)
        let text = try String(contentsOfFile: good + "/summary.csv", encoding: .utf8)
        let cases: [(String, String, String)] = [
            (",gomap,swift", ",btree,swift",
             "column impl: \"btree\" is not one of " + MapCatalog.all.map(\.name).joined(separator: ", ")),
            (",unsized,0,insert,", ",sized,0,insert,",
             "column sizing: \"sized\" is not one of unsized, presized, hint"),
            (",unsized,0,insert,", ",unsized,0,upsert,", "column ops: \"upsert\" is not one of insert, churn"),
        ]
        for (index, (from, to, message)) in cases.enumerated() {
            XCTAssertTrue(text.contains(from), from)
            let bad = root + "/bad\(index)"
            try ResultSet(summary: [ResultFixture.row("a")], curve: [ResultFixture.curve("a")]).write(to: bad)
            try text.replacingOccurrences(of: from, with: to)
                .write(toFile: bad + "/summary.csv", atomically: true, encoding: .utf8)
            let report = try MapheapBinary.run(["report", bad])
            XCTAssertEqual(report.status, 2, report.stderr)
            XCTAssertEqual(report.stderr, "\(bad)/summary.csv:2: \(message)\n")
            XCTAssertFalse(FileManager.default.fileExists(atPath: bad + "/report.txt"), "nothing rendered")
            let compare = try MapheapBinary.run(["compare", good, bad])
            XCTAssertEqual(compare.status, 2, compare.stderr)
            XCTAssertEqual(compare.stderr, "mapheap compare: \(bad)/summary.csv:2: \(message)\n")
        }
    }
}
