import XCTest
@testable import MapHeapKit
final class mapheapPlaceholderTests: XCTestCase { func testBuilds() { XCTAssertEqual(1, 1) } }
