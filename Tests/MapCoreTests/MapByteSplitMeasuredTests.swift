import XCTest

@testable import MapCore

/// MapByteSplit.classic and .swiss (the report's per-entry split of measured bytes): every part is a
/// layout figure times a measured count, worked out here by hand, and the rest makes the measured total.
final class MapByteSplitMeasuredTests: XCTestCase {
    static let int64Bool = MapShape(key: GoTypeLayout(size: 8, alignment: 8, hasPointers: false),
                                    value: GoTypeLayout(size: 1, alignment: 1, hasPointers: false))

    /// map[int64]bool, 1,000 entries in 2^8 buckets with 10 overflow buckets in use, 30,000 bytes
    /// measured. Bucket: 8 tophash + 64 keys + 8 values + 8 overflow pointer = 88 bytes, 8 of them
    /// padding (the pointer). The array of 2^8 buckets asks for 256 + 16 = 272 × 88 = 23,936 bytes,
    /// which Go's size class 24,576 holds, so it keeps 279 buckets: 23 spare. The 10 in use are all
    /// spare ones, and the bucket is pointer-free, so Go lists them in a slice: a 24-byte header and
    /// an array grown 1, 2, 4, 8, 16 (128 bytes).
    func testClassic() {
        let split = MapByteSplit.classic(shape: Self.int64Bool, entries: 1_000, b: 8, overflowBuckets: 10,
                                         mapBytes: 30_000)
        XCTAssertEqual(split.key, 8_000)
        XCTAssertEqual(split.value, 1_000)
        XCTAssertEqual(split.control, 256 * 8)
        XCTAssertEqual(split.padding, 256 * 8)
        XCTAssertEqual(split.slack, (2_048 - 1_000) * 9)
        XCTAssertEqual(split.overflow, 23 * 88 + 24 + 128)
        XCTAssertEqual(split.indirect, 0)
        XCTAssertEqual(split.total, 30_000)
        XCTAssertEqual(split.structure, 30_000 - 8_000 - 1_000 - 2_048 - 2_048 - 9_432 - 2_176)
    }

    /// Overflow buckets beyond the spare ones are blocks of their own: 30 in use, 23 spare, so 7
    /// blocks of 96 bytes (88 in Go's 96-byte class), and the slice's array grown to 32 (256 bytes).
    func testClassicFreshOverflowBuckets() {
        let split = MapByteSplit.classic(shape: Self.int64Bool, entries: 1_600, b: 8, overflowBuckets: 30,
                                         mapBytes: 40_000)
        XCTAssertEqual(split.overflow, 23 * 88 + 7 * 96 + 24 + 256)
        XCTAssertEqual(split.slack, (2_048 - 1_600) * 9)
    }

    /// map[int64][200]uint8 in a Swiss map: the value slot is a pointer (over 128 bytes), each entry a
    /// 208-byte block (Go's class for 200). Slot = 8 + 8 = 16, group = 8 + 8 × 16 = 136: no padding.
    func testSwissWithAnIndirectValue() {
        let shape = MapShape(key: GoTypeLayout(size: 8, alignment: 8, hasPointers: false),
                             value: GoTypeLayout(size: 200, alignment: 1, hasPointers: false))
        let split = MapByteSplit.swiss(shape: shape, group: shape.interleavedGroup, entries: 700, slots: 1_024,
                                       mapBytes: 300_000)
        XCTAssertEqual(split.key, 5_600)
        XCTAssertEqual(split.value, 5_600)
        XCTAssertEqual(split.padding, 0)
        XCTAssertEqual(split.control, 128 * 8)
        XCTAssertEqual(split.slack, 324 * 16)
        XCTAssertEqual(split.overflow, 0)
        XCTAssertEqual(split.indirect, 700 * 208)
        XCTAssertEqual(split.total, 300_000)
    }

    /// map[int64]bool: interleaved slots of 16 (7 bytes of padding each), or Go 1.27's split layout,
    /// 8 + 64 + 8 = 80 bytes a group, no padding.
    func testSwissLayouts() {
        let shape = Self.int64Bool
        let interleaved = MapByteSplit.swiss(shape: shape, group: shape.interleavedGroup, entries: 100, slots: 128,
                                             mapBytes: 5_000)
        XCTAssertEqual(interleaved.padding, 16 * 56)
        let split = MapByteSplit.swiss(shape: shape, group: shape.splitGroup, entries: 100, slots: 128,
                                       mapBytes: 5_000)
        XCTAssertEqual(split.padding, 0)
        XCTAssertEqual(split.structure, 5_000 - 800 - 100 - 128 - 28 * 9)
    }
}
