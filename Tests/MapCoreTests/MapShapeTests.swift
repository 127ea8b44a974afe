// MapShape's geometry against figures worked out by hand from Go's rules (reflectdata's
// MapBucketType and MapGroupType, types/size.go's struct rules, abi.MapMaxKeyBytes = 128), and its
// storage geometry for Swift types against the shape of the same types.
import MapCore
import XCTest

/// A Go layout, briefly.
private func go(_ size: Int, _ alignment: Int, pointers: Bool = false) -> GoTypeLayout {
    GoTypeLayout(size: size, alignment: alignment, hasPointers: pointers)
}

private let int64 = go(8, 8)
private let int8 = go(1, 1)
private let bool = go(1, 1)
private let uint32 = go(4, 4)
private let empty = go(0, 1)
private let string = go(16, 8, pointers: true)

final class MapShapeTests: XCTestCase {
    /// The figures one shape gives, for one assertion each.
    private struct Figures: Equatable {
        var bucket: [Int]  // keysOffset, keyStride, valuesOffset, valueStride, overflowOffset, size
        var interleaved: [Int]  // keysOffset, valuesOffset, slotSize, size
        var split: [Int]  // keysOffset, keyStride, valuesOffset, valueStride, size
        var pointers: Bool
    }

    private func figures(_ shape: MapShape) -> Figures {
        let b = shape.bucket
        let i = shape.interleavedGroup
        let s = shape.splitGroup
        XCTAssertEqual(i.keyStride, i.slotSize)
        XCTAssertEqual(i.valueStride, i.slotSize)
        XCTAssertEqual(s.slotSize, 0)
        XCTAssertEqual(b.hasPointers, i.hasPointers)
        XCTAssertEqual(b.hasPointers, s.hasPointers)
        return Figures(
            bucket: [b.keysOffset, b.keyStride, b.valuesOffset, b.valueStride, b.overflowOffset, b.size],
            interleaved: [i.keysOffset, i.valuesOffset, i.slotSize, i.size],
            split: [s.keysOffset, s.keyStride, s.valuesOffset, s.valueStride, s.size], pointers: b.hasPointers)
    }

    /// map[int64]bool: bucket 8 tophash + 8*8 keys + 8*1 values + 8 overflow = 88; slot
    /// {int64; bool} is 9 bytes, rounded to 16, so a group is 8 + 8*16 = 136; split: 8 + 64 + 8 = 80.
    func testInt64Bool() {
        let shape = MapShape(key: int64, value: bool)
        XCTAssertEqual(figures(shape), Figures(bucket: [8, 8, 72, 1, 80, 88], interleaved: [8, 16, 16, 136],
                                               split: [8, 8, 72, 1, 80], pointers: false))
        XCTAssertFalse(shape.keyIndirect || shape.valueIndirect)
        XCTAssertEqual(shape.indirectBytesPerEntry, 0)
    }

    /// map[string]struct{}: bucket 8 + 8*16 + 0 + 8 = 144, with pointers (a string holds one).
    /// Slot {string; struct{}} ends at 16 in a zero-size field: 17, rounded to 24; group 8 + 192 =
    /// 200. Split: the values array (0 bytes) ends the group at 136: 137, rounded to 144.
    func testStringEmpty() {
        XCTAssertEqual(figures(MapShape(key: string, value: empty)),
                       Figures(bucket: [8, 16, 136, 0, 136, 144], interleaved: [8, 24, 24, 200],
                               split: [8, 16, 136, 0, 144], pointers: true))
    }

    /// map[int64]struct{}: bucket 80 (no bytes for values); slot 8 + 1 padding byte = 16, group
    /// 136 (golang/go#71368); split 72 + 1 = 73, rounded to 80.
    func testInt64Empty() {
        XCTAssertEqual(figures(MapShape(key: int64, value: empty)),
                       Figures(bucket: [8, 8, 72, 0, 72, 80], interleaved: [8, 16, 16, 136],
                               split: [8, 8, 72, 0, 80], pointers: false))
    }

    /// map[struct{}]struct{}: bucket 8 + 0 + 0 + 8 = 16. The slot is empty (size 0: an empty
    /// struct gets no padding byte), so the group is ctrl then a zero-size array: 8 + 1, rounded
    /// to 16, in both layouts.
    func testEmptyEmpty() {
        XCTAssertEqual(figures(MapShape(key: empty, value: empty)),
                       Figures(bucket: [8, 0, 8, 0, 8, 16], interleaved: [8, 8, 0, 16],
                               split: [8, 0, 8, 0, 16], pointers: false))
    }

    /// A padded key, struct{a int8; b int64; c int8} (size 24, alignment 8), to bool: bucket 8 +
    /// 8*24 = 200, values 200...208, overflow 208, size 216. Slot: value at 24, ends at 25, rounded
    /// to 32; group 8 + 256 = 264. Split: 8 + 192 + 8 = 208.
    func testPaddedStructKey() {
        XCTAssertEqual(figures(MapShape(key: go(24, 8), value: bool)),
                       Figures(bucket: [8, 24, 200, 1, 208, 216], interleaved: [8, 32, 32, 264],
                               split: [8, 24, 200, 1, 208], pointers: false))
    }

    /// map[uint32]struct{x, y float64}: keys 8...40, values aligned to 8 at 40 ... 168, overflow
    /// 168, size 176. Slot {uint32; Point}: value at 8, 24 bytes; group 8 + 192 = 200. Split:
    /// keys 8...40, values 40...168.
    func testSmallKeyAlignedValue() {
        XCTAssertEqual(figures(MapShape(key: uint32, value: go(16, 8))),
                       Figures(bucket: [8, 4, 40, 16, 168, 176], interleaved: [8, 16, 24, 200],
                               split: [8, 4, 40, 16, 168], pointers: false))
    }

    /// map[[200]byte]int64: the key is over 128 bytes, so its slot holds a pointer (the bucket now
    /// has pointers) and each entry allocates a 200-byte pointer-free object, size class 208.
    /// Bucket 8 + 64 + 64 + 8 = 144; group 8 + 8*16 = 136; split 8 + 64 + 64 = 136.
    func testIndirectKey() {
        let shape = MapShape(key: go(200, 1), value: int64)
        XCTAssertTrue(shape.keyIndirect)
        XCTAssertFalse(shape.valueIndirect)
        XCTAssertEqual(shape.keySlot, MapShape.pointer)
        XCTAssertEqual(shape.keyBlockBytes, 208)
        XCTAssertEqual(shape.valueBlockBytes, 0)
        XCTAssertEqual(figures(shape), Figures(bucket: [8, 8, 72, 8, 136, 144], interleaved: [8, 16, 16, 136],
                                               split: [8, 8, 72, 8, 136], pointers: true))
    }

    /// Indirect values: a 1024-byte value with pointers ([64]string) takes a size-1152 object (1024
    /// + 8 bytes of malloc header = 1032, next class 1152); a pointer-free [1024]byte takes 1024.
    /// A 600-byte value takes the class of 640 either way (608 with the header).
    func testIndirectValueBlocks() {
        XCTAssertEqual(MapShape(key: int64, value: go(1024, 8, pointers: true)).valueBlockBytes, 1152)
        XCTAssertEqual(MapShape(key: int64, value: go(1024, 1)).valueBlockBytes, 1024)
        XCTAssertEqual(MapShape(key: int64, value: go(600, 8, pointers: true)).valueBlockBytes, 640)
        let both = MapShape(key: go(200, 8, pointers: true), value: go(1024, 1))
        XCTAssertEqual(both.indirectBytesPerEntry, 208 + 1024)
        XCTAssertEqual(both.bucket.size, 144)
    }

    /// Exactly 128 bytes stays inline: map[[128]byte]bool has keys 8...1032, values 1032...1040,
    /// overflow 1040, size 1048. The slot {[128]byte; bool} is 129 bytes at alignment 1, so the
    /// group is 8 + 8*129 = 1040 (already a multiple of 8).
    func testExactly128Inline() {
        let shape = MapShape(key: go(128, 1), value: bool)
        XCTAssertFalse(shape.keyIndirect)
        XCTAssertEqual(figures(shape), Figures(bucket: [8, 128, 1032, 1, 1040, 1048], interleaved: [8, 136, 129, 1040],
                                               split: [8, 128, 1032, 1, 1040], pointers: false))
        XCTAssertTrue(MapShape(key: go(129, 1), value: bool).keyIndirect)
    }

    /// Go's bucket arrays: map[int64]bool at B = 4 asks 16 + 1 buckets of 88 = 1496 bytes, class
    /// 1536, which holds 17 whole buckets (1536 / 88 = 17.45): one preallocated overflow bucket, 1536
    /// bytes. At B = 0 a lone bucket of 88 takes class 96. map[string]struct{} at B = 10: 1024 + 64
    /// buckets of 144 = 156,672 bytes, 20 pages = 163,840, which hold 1137 buckets (49 more than
    /// asked); with pointers, no header above 32 KiB.
    func testBucketArrays() {
        let intBool = MapShape(key: int64, value: bool).bucket
        XCTAssertEqual(intBool.blockBytes, 96)
        XCTAssertEqual(intBool.array(b: 0).buckets, 1)
        XCTAssertEqual(intBool.array(b: 3).buckets, 8)
        XCTAssertEqual(intBool.array(b: 3).bytes, 704)
        XCTAssertEqual(intBool.array(b: 4).buckets, 17)
        XCTAssertEqual(intBool.array(b: 4).bytes, 1536)
        let stringEmpty = MapShape(key: string, value: empty).bucket
        XCTAssertEqual(stringEmpty.array(b: 10).buckets, 1137)
        XCTAssertEqual(stringEmpty.array(b: 10).bytes, 163_840)
    }

    /// Groups arrays: 128 groups of 136 (a full int64 -> bool table of 1024 slots) are 17,408
    /// bytes, which Go rounds to 18,432 (class); 2 groups of 200 with pointers: 400, class 416.
    func testGroupArrays() {
        XCTAssertEqual(MapShape(key: int64, value: bool).interleavedGroup.arrayBytes(groups: 128), 18_432)
        XCTAssertEqual(MapShape(key: string, value: empty).interleavedGroup.arrayBytes(groups: 2), 416)
    }

    /// The Swift default shape: stride for size, 0 for a zero-size type, "not trivial" for
    /// pointers.
    func testSwiftLayouts() {
        XCTAssertEqual(MapShape.layout(ofSwift: Int64.self), int64)
        XCTAssertEqual(MapShape.layout(ofSwift: Bool.self), bool)
        XCTAssertEqual(MapShape.layout(ofSwift: String.self), string)
        XCTAssertEqual(MapShape.layout(ofSwift: Void.self), empty)
        XCTAssertEqual(MapShape.layout(ofSwift: Nothing.self), empty)
        XCTAssertEqual(MapShape.layout(ofSwift: Tail.self), go(16, 8), "size 9, stride 16")
        XCTAssertEqual(MapShape.of(Int64.self, Bool.self), MapShape(key: int64, value: bool))
    }

    /// The storage geometry a core folds from MemoryLayout equals the shape of the same Swift types,
    /// for every case the cores meet: zero-size, small, padded, over 128 bytes, 16-aligned.
    func testStorageGeometryEqualsShape() {
        func check<K, V>(_ k: K.Type, _ v: V.Type, line: UInt = #line) {
            let shape = MapShape.of(k, v)
            XCTAssertEqual(MapShape.storageBucket(k, v), shape.bucket, line: line)
            XCTAssertEqual(MapShape.storageGroup(k, v, split: false), shape.interleavedGroup, line: line)
            XCTAssertEqual(MapShape.storageGroup(k, v, split: true), shape.splitGroup, line: line)
        }
        check(Int64.self, Bool.self)
        check(Int64.self, Nothing.self)
        check(String.self, Nothing.self)
        check(Nothing.self, Nothing.self)
        check(Int8.self, Int8.self)
        check(Tail.self, Bool.self)
        check(Big.self, Int.self)
        check(Int.self, Big.self)
        check(Int64.self, SIMD4<Float>.self)
        check(UInt32.self, [Int].self)
        XCTAssertEqual(MapShape.storageBucket(Int64.self, SIMD4<Float>.self).size, 224, "values at 80, size to 16s")
        XCTAssertEqual(MapShape.storageBucket(Big.self, Int.self).size, 144)
    }
}

/// An empty struct (Go's struct{}).
private struct Nothing {}

/// Size 9, stride 16: Swift's padding at the end.
private struct Tail {
    var a: Int64 = 0
    var b: Int8 = 0
}

/// 200 bytes: over 128, stored indirectly.
private struct Big {
    var words: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64,
                Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
}
