import XCTest

import MapHeapModel
@testable import MapHeapReport

/// `mapheap compare`'s metrics are columns of summary.csv (Sources/columns.json, through the codec).
final class CompareColumnsTests: XCTestCase {
    func testEveryMetricIsASummaryColumn() {
        let columns = Set(SummaryRow.csvColumns)
        XCTAssertEqual(CompareMetric.allCases.filter { !columns.contains($0.rawValue) }, [])
        // Every growth kind's column is compared.
        for kind in GrowthKind.allCases {
            XCTAssertNotNil(CompareMetric(rawValue: kind.summaryColumn), kind.summaryColumn)
        }
    }
}
