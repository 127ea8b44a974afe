import Foundation
import MapHeapModel
import XCTest

/// Issue 24, defect 13: `mapheap report --model bogus` rendered a report about nothing and exited 0.
final class ReportModelOptionTests: XCTestCase {
    func testUnknownModelIsBadInput() throws {
        let root = try temporaryDirectory(prefix: "mapheap-model-")
        try ResultSet(summary: [ResultFixture.row("a")], curve: [ResultFixture.curve("a")]).write(to: root + "/r")
        let bogus = try MapheapBinary.run(["report", root + "/r", "--model", "bogus"])
        XCTAssertEqual(bogus.status, 2, bogus.stderr)
        XCTAssertEqual(bogus.stderr, "--model: unknown map \"bogus\"; use one of "
            + MapCatalog.all.map(\.name).joined(separator: ", ") + "\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/r/report.txt"), "nothing rendered")
        let known = try MapheapBinary.run(["report", root + "/r", "--model", "gomap"])
        XCTAssertEqual(known.status, 0, known.stderr)
    }
}
