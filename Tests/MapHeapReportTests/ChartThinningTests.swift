import XCTest
@testable import MapHeapReport
import MapHeapModel

/// The chart's coordinates and how it thins a long series.
final class ChartThinningTests: XCTestCase {
    func testCoordinatesHaveAtMostOneDecimal() {
        let cases: [(Double, String)] = [(12.34, "12.3"), (12.35, "12.4"), (12.0, "12"), (0, "0"), (-0.04, "0"),
                                         (-0.05, "-0.1"), (-7.25, "-7.3"), (999_999.96, "1000000"), (0.95, "1")]
        for (value, expected) in cases {
            XCTAssertEqual(_SVGWriter.num(value), expected, "\(value)")
            // The same text as printf to three decimals of the value rounded to tenths, trimmed.
            XCTAssertEqual(_SVGWriter.num(value), _Format.trimmed((value * 10).rounded() / 10), "\(value)")
        }
    }

    private func row(_ index: Int, _ event: CurveEvent, bytes: Int) -> CurveRow {
        CurveRow(workload: "w", event: event, keys: index, count: index, allocatedBytes: bytes, activeBytes: bytes,
                 residentBytes: bytes, peakBytes: bytes, mapBytes: bytes, structure: MapStructure(),
                 growing: nil, elapsedSeconds: 0)
    }

    func testAFewGrowthEventsAreAllKept() {
        let points = (0..<10_000).map { row($0, $0 % 1000 == 1 ? .growthStart : .sample, bytes: $0) }
        let thinned = _HeapChart.thinned(points)
        XCTAssertLessThanOrEqual(thinned.count, _HeapChart.maxPointsPerSeries + 10 + 1)
        XCTAssertEqual(thinned.filter { $0.event == .growthStart }.count, 10)
        XCTAssertEqual(thinned.last?.keys, 9_999)
    }

    /// A Swiss map's split per ~448 inserts: its events are thinned too, and the highest point stays.
    func testManyGrowthEventsAreThinnedAndThePeakKept() {
        var points = (0..<40_000).map { row($0, $0 % 2 == 0 ? .growthStart : .growthEnd, bytes: $0) }
        points[12_345] = row(12_345, .growthEnd, bytes: 1 << 40)
        let thinned = _HeapChart.thinned(points)
        XCTAssertLessThanOrEqual(thinned.count, _HeapChart.maxPointsPerSeries + 2)
        XCTAssertTrue(thinned.contains { $0.allocatedBytes == 1 << 40 }, "the peak is drawn")
        XCTAssertEqual(thinned.last?.keys, 39_999)
    }
}
