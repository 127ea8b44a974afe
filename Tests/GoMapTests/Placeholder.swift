import XCTest
@testable import GoMap
final class GoMapPlaceholderTests: XCTestCase { func testBuilds() { XCTAssertEqual(1, 1) } }
