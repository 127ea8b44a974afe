import Foundation
import XCTest
@testable import MapHeapReport
import MapHeapModel
import MapHeapTestFixtures

/// Writes the fixture's CSVs, report and chart as a run would, and checks what was written. With
/// $MAPHEAP_REPORT_DUMP set, it writes there and leaves the files (for looking at them, and for
/// trying `mapheap report DIR` by hand); otherwise to a temporary directory that it removes.
final class ReportDumpTests: XCTestCase {
    func testFixtureWritesAReadableResultDirectory() throws {
        let path: String
        if let requested = ProcessInfo.processInfo.environment["MAPHEAP_REPORT_DUMP"] {
            path = requested
        } else {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("mapheap-dump-" + UUID().uuidString)
            addTeardownBlock { try? FileManager.default.removeItem(at: url) }
            path = url.path
        }
        let fixture = ReportFixture.resultSet()
        try fixture.write(to: path)
        try writeReport(fixture, to: URL(fileURLWithPath: path))

        XCTAssertEqual(try ResultSet.read(from: path), fixture, "the CSVs read back as written")
        let report = try String(contentsOfFile: path + "/" + reportFileName, encoding: .utf8)
        XCTAssertEqual(report, renderReport(fixture))
        let chart = try String(contentsOfFile: path + "/" + heapCurvesFileName, encoding: .utf8)
        XCTAssertEqual(chart, renderHeapCurvesSVG(fixture))
    }
}
