// GoMap with a MapShape: the map stores its Swift stand-in entries and counts Go 1.23's bytes for
// the shape's Go map type. Differential runs against Dictionary for non-trivial shapes (an indirect
// key over 128 bytes, a padded struct key, a pointer value), exact byte figures worked out by hand
// from Go's rules, and the structure (growths, B, overflow) independent of the shape.
import MapCore
import XCTest
@testable import GoMap

/// A Go layout, briefly.
private func go(_ size: Int, _ alignment: Int, pointers: Bool = false) -> GoTypeLayout {
    GoTypeLayout(size: size, alignment: alignment, hasPointers: pointers)
}

/// map[[200]byte]int64: the key is indirect (a pointer slot, a 200-byte object per entry, class
/// 208); bucket 8 + 8*8 + 8*8 + 8 = 144, with pointers.
private let indirectKeyShape = MapShape(key: go(200, 1), value: go(8, 8))
/// map[string]Session with Session = struct{id int64; name string; active bool} (8 + 16 + 1 = 25,
/// rounded to 32, alignment 8, pointers): bucket 8 + 8*16 + 8*32 + 8 = 400, with pointers.
private let sessionShape = MapShape(key: go(16, 8, pointers: true), value: go(32, 8, pointers: true))
/// map[[16]byte]struct{}: keys at 8 (alignment 1), 8 + 128 = 136, no value bytes, overflow at 136:
/// bucket 144, pointer-free (so Go keeps overflow buckets in extra.overflow).
private let byteArraySetShape = MapShape(key: go(16, 1), value: go(0, 1))
/// map[struct{a int8; b int64; c int8}]int64: key 24 bytes at alignment 8; bucket 8 + 192 + 64 +
/// 8 = 272, pointer-free.
private let paddedShape = MapShape(key: go(24, 8), value: go(8, 8))

final class ShapeTests: XCTestCase {
    // MARK: Differential

    /// A stand-in Int key counted as Go's indirect [200]byte key, with a Session-sized value: the
    /// map's contents agree with Dictionary under inserts, deletes, lookups and clears, and every
    /// live entry counts one 208-byte key object.
    func testDifferentialIndirectKeyStandIn() {
        for seed: UInt64 in [1, 2] {
            let map = runDifferential(
                GoMap<Int, Int>.self, "[200]byte stand-in", seed: seed, ops: 30_000, keySpace: 3_000,
                mix: OpMix(clear: 20), make: { GoMap(hint: $0, seed: $1, shape: indirectKeyShape) },
                key: { $0 }, value: { $0 })
            let s = map.stats
            XCTAssertEqual(s.boxBytes, map.count * 208)
            XCTAssertEqual(s.bucketSize, 144)
            XCTAssertTrue(s.bucketHasPointers)
            XCTAssertEqual(s.totalBytes, ruleGoBytes(map, goBucketSize: 144, mapextra: s.headerBytes == 72,
                                                     hasPointers: true, keyBox: 208))
        }
    }

    /// A real boxed Swift key (BigKey, 136 bytes, boxed in storage too) counted as Go's
    /// [200]byte, with BigValue values (boxed in storage) counted as Go's inline int64.
    func testDifferentialBoxedStorageIndirectShape() {
        let tracker = LifetimeTracker()
        do {
            let map = runDifferential(
                GoMap<BigKey, BigValue>.self, "BigKey as [200]byte", seed: 3, ops: 20_000, keySpace: 2_000,
                mix: OpMix(clear: 10), make: { GoMap(hint: $0, seed: $1, shape: indirectKeyShape) },
                key: { BigKey($0) }, value: { BigValue($0, tracker: tracker) })
            XCTAssertEqual(map.stats.boxBytes, map.count * 208, "Go's boxes: keys only, by the shape")
        }
        XCTAssertEqual(tracker.live, 0, "every boxed value was destroyed")
    }

    /// A padded struct key whose Swift layout is Go's (stride 24, alignment 8), presized and
    /// unsized, with the shape given from Go's layout.
    func testDifferentialPaddedStructKey() {
        XCTAssertEqual(MapShape.of(PaddedKey.self, Int64.self), paddedShape, "Swift lays it out as Go does")
        for hint in [0, 1_500] {
            let map = runDifferential(
                GoMap<PaddedKey, Int64>.self, "padded", seed: 4, ops: 30_000, keySpace: 4_000, hint: hint,
                make: { GoMap(hint: $0, seed: $1, shape: paddedShape) },
                key: { PaddedKey($0) }, value: { Int64($0) })
            let s = map.stats
            XCTAssertEqual(s.bucketSize, 272)
            XCTAssertFalse(s.bucketHasPointers)
            XCTAssertEqual(s.totalBytes, ruleGoBytes(map, goBucketSize: 272, mapextra: s.headerBytes == 72,
                                                     hasPointers: false))
        }
    }

    /// A stand-in for a pointer-free set, map[[16]byte]struct{}, stored as Int -> Empty: the
    /// overflow slice follows the shape's pointer-free bucket.
    func testDifferentialPointerFreeStandIn() {
        let map = runDifferential(
            GoMap<Int, Empty>.self, "[16]byte set", seed: 5, ops: 30_000, keySpace: 5_000,
            make: { GoMap(hint: $0, seed: $1, shape: byteArraySetShape) }, key: { $0 }, value: { _ in Empty() })
        let s = map.stats
        XCTAssertEqual(s.bucketSize, 144)
        XCTAssertFalse(s.bucketHasPointers)
        XCTAssertEqual(s.totalBytes, ruleGoBytes(map, goBucketSize: 144, mapextra: s.headerBytes == 72,
                                                 hasPointers: false))
    }

    // MARK: Exact figures

    /// map[[200]byte]int64, make(map, 1000), then 1000 keys. B: 6.5 * 2^7 = 832 < 1000 <= 6.5 * 2^8,
    /// so B = 8. makeBucketArray: 256 + 16 buckets of 144 = 39,168 bytes, a large object of 5 pages
    /// (40,960), which hold 284 whole buckets: 28 preallocated overflow buckets, 40,960 bytes. hmap
    /// 48 + mapextra 24 (B >= 4). Empty: 72 + 40,960 = 41,032. Full: + 1000 key objects of 208
    /// (200 bytes, class 208) = 249,032, provided no overflow bucket had to be allocated apart.
    func testIndirectKeyFigures() {
        let map = GoMap<Int, Int>(hint: 1_000, seed: 7, shape: indirectKeyShape)
        XCTAssertEqual(map.stats.b, 8)
        XCTAssertEqual(map.stats.preallocatedOverflowBuckets, 28)
        XCTAssertEqual(map.stats.totalBytes, 41_032)
        for i in 0..<1_000 { map[i] = i }
        let s = map.stats
        XCTAssertEqual(s.overflowBucketsAllocated, 0, "the hashes overflowed the preallocated buckets")
        XCTAssertEqual(s.growthsDoubling + s.growthsSameSize, 0)
        XCTAssertEqual(s.boxBytes, 208_000)
        XCTAssertEqual(s.totalBytes, 249_032)
        // The same map stored with the same Swift types but counted as Int -> Int: bucket 144
        // too, no pointers, no key objects.
        let plain = GoMap<Int, Int>(hint: 1_000, seed: 7)
        for i in 0..<1_000 { plain[i] = i }
        XCTAssertEqual(plain.stats.totalBytes, 41_032 + plain.stats.overflowSliceBytes)
    }

    /// make(map[string]Session, 100): B = 4 (6.5 * 16 = 104). 17 buckets of 400 = 6,800 bytes with
    /// pointers: 6,808 with the malloc header, class 6,912, of which 6,904 are usable: 17 whole
    /// buckets (1 preallocated overflow bucket), 6,912 bytes. Total 48 + 24 + 6,912 = 6,984.
    func testSessionFigures() {
        let map = GoMap<Int, Int>(hint: 100, seed: 8, shape: sessionShape)
        let s = map.stats
        XCTAssertEqual(s.bucketSize, 400)
        XCTAssertEqual(s.preallocatedOverflowBuckets, 1)
        XCTAssertEqual(s.primaryBytes, 6_912)
        XCTAssertEqual(s.totalBytes, 6_984)
    }

    /// make(map[[16]byte]struct{}, 100): B = 4. 17 buckets of 144 = 2,448 bytes, pointer-free,
    /// class 2,688, which holds 18 whole buckets (2 preallocated), 18 * 144 = 2,592 bytes, class
    /// 2,688. Total 48 + 24 + 2,688 = 2,760. The Swift stand-in (Int -> Empty, bucket 80) would have
    /// 17 * 80 = 1,360, class 1,408, 17 buckets: the shape, not the storage, decides.
    func testPointerFreeSetFigures() {
        let map = GoMap<Int, Empty>(hint: 100, seed: 9, shape: byteArraySetShape)
        let s = map.stats
        XCTAssertEqual(s.preallocatedOverflowBuckets, 2)
        XCTAssertEqual(s.primaryBytes, 2_688)
        XCTAssertEqual(s.totalBytes, 2_760)
        let plain = GoMap<Int, Empty>(hint: 100, seed: 9).stats
        XCTAssertEqual(plain.preallocatedOverflowBuckets, 1)
        XCTAssertEqual(plain.primaryBytes, 1_408)
    }

    /// Go's hint limit is in the shape's buckets: 2^37 buckets' worth of map[[128]byte][128]byte
    /// (bucket 8 + 1024 + 1024 + 8 = 2,064 bytes) is 2.84e14 bytes, above maxAlloc (2^48), so the
    /// hint counts as 0; in Int -> Int buckets (144 bytes) it is allowed.
    func testHintLimitFollowsShape() {
        let huge = MapShape(key: go(128, 1), value: go(128, 1))
        XCTAssertEqual(huge.bucket.size, 2_064)
        XCTAssertEqual(GoMap<Int, Int>.bucketShift(forHint: 1 << 37, shape: huge), 0)
        XCTAssertEqual(GoMap<Int, Int>.bucketShift(forHint: 1 << 37), ruleB(forHint: 1 << 37))
    }

    // MARK: Structure does not depend on the shape

    /// The same keys with the same seed give the same growths, B, noverflow and chains whatever the
    /// shape counts: only bytes and the preallocated slack differ.
    func testStructureIndependentOfShape() {
        for shape in [indirectKeyShape, sessionShape, byteArraySetShape] {
            let plain = GoMap<Int, Int>(seed: 11)
            let shaped = GoMap<Int, Int>(seed: 11, shape: shape)
            for i in 0..<50_000 {
                plain[i &* 7919] = i
                shaped[i &* 7919] = i
                if i % 3 == 0 { plain[i &* 31] = nil; shaped[i &* 31] = nil }
            }
            let a = plain.stats
            let b = shaped.stats
            XCTAssertEqual(a.b, b.b)
            XCTAssertEqual(a.count, b.count)
            XCTAssertEqual(a.noverflow, b.noverflow)
            XCTAssertEqual(a.overflowBucketsInUse, b.overflowBucketsInUse)
            XCTAssertEqual(a.growthsDoubling, b.growthsDoubling)
            XCTAssertEqual(a.growthsSameSize, b.growthsSameSize)
            XCTAssertEqual(a.growing, b.growing)
        }
    }
}
