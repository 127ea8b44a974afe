import XCTest
@testable import MapHeapKit
final class MapHeapKitPlaceholderTests: XCTestCase { func testBuilds() { XCTAssertEqual(1, 1) } }
