import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
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
        let written = Set(try FileManager.default.contentsOfDirectory(atPath: path))
        for name in ["summary.csv", "curve.csv", "growth.csv", "report.txt", "heap-curves.svg"] {
            XCTAssertTrue(written.contains(name), "\(name) not written; found \(written.sorted())")
        }

        // The report: its title, the fixture's machine, its workload counts and the crashed workload.
        let report = try String(contentsOfFile: path + "/report.txt", encoding: .utf8)
        XCTAssertTrue(report.hasPrefix("mapheap report\n==============\n"), String(report.prefix(80)))
        XCTAssertTrue(report.contains(ReportFixture.machine))
        let ok = fixture.summary.filter { $0.status == .ok }.count
        XCTAssertEqual(fixture.summary.count - ok, 1, "the fixture has one workload that is not ok")
        XCTAssertTrue(report.contains("\(fixture.summary.count) in summary.csv, \(ok) with status ok"))
        XCTAssertTrue(report.contains("left out of every answer below: gomap-string-bool-unsized (crashed)"))

        // The chart: an SVG document with one line per workload, each named once.
        let chart = try String(contentsOfFile: path + "/heap-curves.svg", encoding: .utf8)
        let document = try XMLDocument(xmlString: chart, options: [])
        XCTAssertEqual(document.rootElement()?.name, "svg")
        XCTAssertEqual(chart.components(separatedBy: "<polyline").count - 1, fixture.summary.count)
        for row in fixture.summary {
            XCTAssertEqual(chart.components(separatedBy: #"data-workload="\#(row.workload)""#).count - 1, 1,
                           row.workload)
        }
    }
}
