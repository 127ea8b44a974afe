import MapCore
import XCTest

/// Go's rounding at the edges, against values read from Go 1.23's `runtime/sizeclasses.go` and
/// `roundupsize` (`runtime/msize.go`).
final class GoSizeClassesTests: XCTestCase {
    func testTableHas67ClassesInOrder() {
        XCTAssertEqual(GoSizeClasses.classToSize.count, 68)
        XCTAssertEqual(GoSizeClasses.classToSize[1], 8)
        XCTAssertEqual(GoSizeClasses.classToSize[67], 32768)
        XCTAssertEqual(GoSizeClasses.classToSize, GoSizeClasses.classToSize.sorted())
    }

    func testSmallObjectsRoundToTheirClass() {
        let cases: [(Int, Int)] = [
            (1, 8), (8, 8), (9, 16), (17, 24), (25, 32), (33, 48), (48, 48), (49, 64), (88, 96), (136, 144),
            (200, 208), (257, 288), (1025, 1152), (1409, 1536), (2305, 2688), (3073, 3200), (6913, 8192),
            (17408, 18432), (32760, 32768),
        ]
        for (size, expected) in cases {
            XCTAssertEqual(GoSizeClasses.footprint(size: size, hasPointers: false), expected, "size \(size)")
        }
    }

    func testMallocHeaderAboveFiveHundredTwelveBytesWithPointers() {
        // 512 with pointers: no header (exclusive minimum); 513: header, 521 → class 576.
        XCTAssertEqual(GoSizeClasses.footprint(size: 512, hasPointers: true), 512)
        XCTAssertEqual(GoSizeClasses.footprint(size: 513, hasPointers: true), 576)
        XCTAssertEqual(GoSizeClasses.footprint(size: 513, hasPointers: false), 576)
        XCTAssertEqual(GoSizeClasses.footprint(size: 1024, hasPointers: true), 1152)
        XCTAssertEqual(GoSizeClasses.footprint(size: 1024, hasPointers: false), 1024)
        XCTAssertEqual(GoSizeClasses.roundUpSize(1024, hasPointers: true), 1144)
        XCTAssertEqual(GoSizeClasses.footprint(size: 32760, hasPointers: true), 32768)
        XCTAssertEqual(GoSizeClasses.roundUpSize(32760, hasPointers: true), 32760)
    }

    func testLargeObjectsTakeWholePages() {
        // Above 32760 bytes an object is large (no header) and rounded to 8 KiB pages.
        XCTAssertEqual(GoSizeClasses.footprint(size: 32761, hasPointers: true), 32768)
        XCTAssertEqual(GoSizeClasses.footprint(size: 32769, hasPointers: false), 40960)
        XCTAssertEqual(GoSizeClasses.footprint(size: 32768, hasPointers: false), 32768)
        XCTAssertEqual(GoSizeClasses.footprint(size: 40960, hasPointers: true), 40960)
        XCTAssertEqual(GoSizeClasses.footprint(size: 40961, hasPointers: true), 49152)
        // GoMap's 10M-key int64/bool array: 2^21 + 2^17 buckets of 88 bytes.
        XCTAssertEqual(GoSizeClasses.footprint(size: (2_097_152 + 131_072) * 88, hasPointers: false), 196_083_712)
    }

    func testZeroSizeTakesNothing() {
        XCTAssertEqual(GoSizeClasses.footprint(size: 0, hasPointers: true), 0)
        XCTAssertEqual(GoSizeClasses.roundUpSize(0, hasPointers: false), 0)
    }
}
