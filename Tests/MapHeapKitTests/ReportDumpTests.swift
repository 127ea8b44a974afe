import Foundation
import XCTest
@testable import MapHeapKit

/// Writes the fixture's report and chart to $MAPHEAP_REPORT_DUMP when set (for looking at them).
final class ReportDumpTests: XCTestCase {
    func testDumpFixtureWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["MAPHEAP_REPORT_DUMP"] else { return }
        try writeReport(ReportFixture.resultSet(), to: URL(fileURLWithPath: path))
    }
}
