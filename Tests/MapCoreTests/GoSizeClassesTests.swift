import Foundation
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

    func testEveryClassEdge() {
        // At each class size the object fits exactly; one byte more takes the next class (no header).
        let classes = GoSizeClasses.classToSize
        for index in 1..<classes.count {
            XCTAssertEqual(GoSizeClasses.footprint(size: classes[index], hasPointers: false), classes[index])
            XCTAssertEqual(GoSizeClasses.roundUpSize(classes[index], hasPointers: false), classes[index])
            if index + 1 < classes.count {
                XCTAssertEqual(
                    GoSizeClasses.footprint(size: classes[index] + 1, hasPointers: false), classes[index + 1])
            }
        }
        // With pointers above 512 bytes the 8-byte header moves the edge 8 bytes down.
        for index in 27..<(classes.count - 1) {
            XCTAssertEqual(GoSizeClasses.footprint(size: classes[index] - 8, hasPointers: true), classes[index])
            XCTAssertEqual(GoSizeClasses.footprint(size: classes[index] - 7, hasPointers: true), classes[index + 1])
            XCTAssertEqual(GoSizeClasses.roundUpSize(classes[index] - 7, hasPointers: true), classes[index + 1] - 8)
        }
    }

    /// Capacities an append of one element at a time gives a `[]*T`, as printed by Go 1.23.9
    /// (`s = append(s, nil)`, printing len:cap whenever cap changes).
    func testGrowSliceOfPointersMatchesGo() {
        let fromGo: [(length: Int, capacity: Int)] = [
            (1, 1), (2, 2), (3, 4), (5, 8), (9, 16), (17, 32), (33, 64), (65, 143), (144, 287), (288, 607),
            (608, 1023), (1024, 1535), (1536, 2303), (2304, 3071), (3072, 4095), (4096, 6144), (6145, 8192),
            (8193, 11264), (11265, 14336), (14337, 18432), (18433, 23552), (23553, 29696), (29697, 37888),
            (37889, 48128), (48129, 60416), (60417, 75776), (75777, 95232), (95233, 119808), (119809, 150528),
            (150529, 188416), (188417, 236544), (236545, 295936), (295937, 370688),
        ]
        var capacity = 0
        var observed: [(Int, Int)] = []
        for length in 1...295_937 where length > capacity {
            capacity = GoSizeClasses.growSliceCapacity(
                oldCapacity: capacity, newLength: length, elementSize: 8, hasPointers: true)
            observed.append((length, capacity))
        }
        XCTAssertEqual(observed.map(\.0), fromGo.map(\.length))
        XCTAssertEqual(observed.map(\.1), fromGo.map(\.capacity))
        // By hand: 64 → 128 elements = 1024 bytes + 8-byte header → class 1152 → 1144 / 8 = 143.
        XCTAssertEqual(GoSizeClasses.growSliceCapacity(oldCapacity: 64, newLength: 65, elementSize: 8,
                                                       hasPointers: true), 143)
        // Pointer-free elements carry no header: 128 bytes-worth of 8-byte elements stay 128.
        XCTAssertEqual(GoSizeClasses.growSliceCapacity(oldCapacity: 64, newLength: 65, elementSize: 8,
                                                       hasPointers: false), 128)
        // An append of many at once takes the new length when it is more than double.
        XCTAssertEqual(GoSizeClasses.growSliceCapacity(oldCapacity: 2, newLength: 5, elementSize: 8,
                                                       hasPointers: false), 6)
    }

    /// The shared vectors (Tests/Vectors/sizeclasses.json, written by the Go peer's TestSizeClassVectors,
    /// which checks them against the running Go runtime): Swift's rules give the same footprint and
    /// usable bytes for every size of every class edge, with and without pointers.
    func testSharedVectors() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/sizeclasses.json")
        let entries = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        XCTAssertGreaterThan(entries.count, 600)
        for entry in entries {
            let size = try XCTUnwrap((entry["size"] as? NSNumber)?.intValue)
            let pointers = try XCTUnwrap((entry["pointers"] as? NSNumber)?.boolValue)
            let footprint = try XCTUnwrap((entry["footprint"] as? NSNumber)?.intValue)
            let roundup = try XCTUnwrap((entry["roundup"] as? NSNumber)?.intValue)
            XCTAssertEqual(GoSizeClasses.footprint(size: size, hasPointers: pointers), footprint,
                           "footprint of \(size) bytes, pointers \(pointers)")
            XCTAssertEqual(GoSizeClasses.roundUpSize(size, hasPointers: pointers), roundup,
                           "roundupsize of \(size) bytes, pointers \(pointers)")
        }
    }
}
