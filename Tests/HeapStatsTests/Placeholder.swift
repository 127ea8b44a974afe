import XCTest
@testable import HeapStats
final class HeapStatsPlaceholderTests: XCTestCase { func testBuilds() { XCTAssertEqual(1, 1) } }
