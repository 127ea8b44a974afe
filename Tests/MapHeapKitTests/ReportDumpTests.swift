import Foundation
import XCTest
@testable import MapHeapKit

/// Writes the fixture's CSVs, report and chart to $MAPHEAP_REPORT_DUMP when set (for looking at them, and for
/// trying `mapheap report DIR` by hand).
final class ReportDumpTests: XCTestCase {
    func testDumpFixtureWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["MAPHEAP_REPORT_DUMP"] else { return }
        try ReportFixture.resultSet().write(to: path)
        try writeReport(ReportFixture.resultSet(), to: URL(fileURLWithPath: path))
    }
}
