// SwissMap with a MapShape: the map stores its Swift stand-in entries and counts Go 1.27's bytes
// for the shape's Go map type, in both group layouts. Differential runs against Dictionary for
// non-trivial shapes (an indirect key over 128 bytes, a padded struct key, a pointer value), exact
// byte figures worked out by hand from Go's rules, and the structure independent of the shape.
import MapCore
import XCTest
@testable import SwissMap

/// A Go layout, briefly.
private func go(_ size: Int, _ alignment: Int, pointers: Bool = false) -> GoTypeLayout {
    GoTypeLayout(size: size, alignment: alignment, hasPointers: pointers)
}

/// map[[200]byte]int64: the key is indirect (an 8-byte pointer slot, a 200-byte object per
/// entry, class 208). Slot {*key; int64} = 16, group 8 + 8*16 = 136 (split: 8 + 64 + 64 = 136),
/// with pointers.
private let indirectKeyShape = MapShape(key: go(200, 1), value: go(8, 8))
/// map[string]Session, Session = struct{id int64; name string; active bool} (32 bytes, alignment
/// 8, pointers). Slot 16 + 32 = 48, group 8 + 384 = 392 (split: 8 + 128 + 256 = 392).
private let sessionShape = MapShape(key: go(16, 8, pointers: true), value: go(32, 8, pointers: true))
/// map[[16]byte]struct{}: slot {[16]uint8; struct{}} ends in a zero-size field at 16: 17 bytes at
/// alignment 1; group 8 + 8*17 = 144. Split: 8 + 128, then the empty values array: 137, to 144.
private let byteArraySetShape = MapShape(key: go(16, 1), value: go(0, 1))
/// map[struct{a int8; b int64; c int8}]int64: slot 24 + 8 = 32, group 8 + 256 = 264 (split:
/// 8 + 192 + 64 = 264), pointer-free.
private let paddedShape = MapShape(key: go(24, 8), value: go(8, 8))

/// A SwissMap with a shape and a layout, for the differential runner.
private func shaped<K, V>(_ shape: MapShape, _ layout: SwissMapGroupLayout) -> (Int, UInt64) -> SwissMap<K, V> {
    { SwissMap(hint: $0, seed: $1, layout: layout, shape: shape) }
}

final class ShapeTests: XCTestCase {
    // MARK: Differential

    /// A stand-in Int key counted as Go's indirect [200]byte key: contents agree with Dictionary
    /// under inserts, deletes, lookups and clears, in both layouts; each live entry counts one
    /// 208-byte key object.
    func testDifferentialIndirectKeyStandIn() {
        for layout in SwissMapGroupLayout.allCases {
            let map = runDifferential(
                SwissMap<Int, Int>.self, "[200]byte stand-in \(layout)", seed: 1, ops: 30_000, keySpace: 3_000,
                mix: OpMix(clear: 20), make: shaped(indirectKeyShape, layout), key: { $0 }, value: { $0 })
            let s = map.stats
            XCTAssertEqual(s.groupSize, 136)
            XCTAssertEqual(s.boxBytes, map.count * 208)
            XCTAssertEqual(s.totalBytes, ruleSwissBytes(map, group: 136, pointers: true, perEntry: 208))
        }
    }

    /// A real boxed Swift key (BigKey, boxed in storage too) counted as Go's [200]byte, with
    /// BigValue values (boxed in storage) counted as Go's inline int64.
    func testDifferentialBoxedStorageIndirectShape() {
        let tracker = LifetimeTracker()
        do {
            let map = runDifferential(
                SwissMap<BigKey, BigValue>.self, "BigKey as [200]byte", seed: 3, ops: 20_000, keySpace: 2_000,
                mix: OpMix(clear: 10), make: shaped(indirectKeyShape, .split),
                key: { BigKey($0) }, value: { BigValue($0, tracker: tracker) })
            XCTAssertEqual(map.stats.boxBytes, map.count * 208, "Go's boxes: keys only, by the shape")
        }
        XCTAssertEqual(tracker.live, 0, "every boxed value was destroyed")
    }

    /// A padded struct key whose Swift layout is Go's, presized and unsized, both layouts.
    func testDifferentialPaddedStructKey() {
        XCTAssertEqual(MapShape.of(PaddedKey.self, Int64.self), paddedShape, "Swift lays it out as Go does")
        for layout in SwissMapGroupLayout.allCases {
            for hint in [0, 1_500] {
                let map = runDifferential(
                    SwissMap<PaddedKey, Int64>.self, "padded \(layout)", seed: 4, ops: 30_000, keySpace: 4_000,
                    hint: hint, make: shaped(paddedShape, layout), key: { PaddedKey($0) }, value: { Int64($0) })
                XCTAssertEqual(map.stats.groupSize, 264)
                XCTAssertEqual(map.stats.totalBytes, ruleSwissBytes(map, group: 264, pointers: false, perEntry: 0))
            }
        }
    }

    /// A stand-in Int -> Int counted as map[string]Session (pointer groups of 392 bytes).
    func testDifferentialSessionStandIn() {
        let map = runDifferential(
            SwissMap<Int, Int>.self, "Session stand-in", seed: 5, ops: 30_000, keySpace: 5_000,
            make: shaped(sessionShape, .interleaved), key: { $0 }, value: { $0 })
        XCTAssertEqual(map.stats.groupSize, 392)
        XCTAssertEqual(map.stats.totalBytes, ruleSwissBytes(map, group: 392, pointers: true, perEntry: 0))
    }

    // MARK: Exact figures

    /// make(map[[200]byte]int64, 1000): targetCapacity 1000 * 8 / 7 = 1142, ceil(1142 / 1024) = 2
    /// tables, directory 2, capacity nextPowerOfTwo(1142 / 2 = 571) = 1024: 128 groups of 136 =
    /// 17,408 bytes, with pointers 17,416, class 18,432 per table. Header 48 + directory 16 +
    /// 2 * (table 32 + 18,432) = 36,992. With 1000 keys (about 500 a table, under 896): + 1000 key
    /// objects of 208 = 244,992.
    func testIndirectKeyFigures() {
        for layout in SwissMapGroupLayout.allCases {
            let map = SwissMap<Int, Int>(hint: 1_000, seed: 7, layout: layout, shape: indirectKeyShape)
            XCTAssertEqual(map.totalBytes, 36_992)
            for i in 0..<1_000 { map[i] = i }
            XCTAssertEqual(map.stats.tables, 2)
            XCTAssertEqual(map.stats.tableGrows + map.stats.tableSplits, 0)
            XCTAssertEqual(map.totalBytes, 244_992)
        }
    }

    /// make(map[string]Session, 100): target 114, one table of nextPowerOfTwo(114) = 128 slots, 16
    /// groups of 392 = 6,272 bytes, with pointers 6,280, class 6,528. 48 + 8 + 32 + 6,528 = 6,616.
    func testSessionFigures() {
        let map = SwissMap<Int, Int>(hint: 100, seed: 8, shape: sessionShape)
        XCTAssertEqual(map.stats.groupBytes, 6_528)
        XCTAssertEqual(map.totalBytes, 6_616)
    }

    /// make(map[[16]byte]struct{}, 100): one table of 128 slots, 16 groups of 144 = 2,304 bytes,
    /// pointer-free, class 2,304: 48 + 8 + 32 + 2,304 = 2,392. The stand-in's own groups (Int ->
    /// Empty) are 136 bytes: the account follows the shape, not the storage.
    func testPointerFreeSetFigures() {
        for layout in SwissMapGroupLayout.allCases {
            let map = SwissMap<Int, Empty>(hint: 100, seed: 9, layout: layout, shape: byteArraySetShape)
            XCTAssertEqual(map.stats.groupSize, 144)
            XCTAssertEqual(map.totalBytes, 2_392)
        }
        XCTAssertEqual(SwissMap<Int, Empty>.groupSize(), 136)
    }

    /// Go's hint limit is in the shape's groups: NewMap refuses when directory * 1024 slots times
    /// the group size exceeds 2^48. A hint of 2^36 asks 2^36 * 8 / 7 slots: a directory of 2^27,
    /// 2^37 slots. In groups of 136 bytes that is 1.9e13 < 2^48, allowed; in map[[128]byte][128]byte's
    /// (slot 256, group 8 + 2,048 = 2,056) 2.826e14 > 2^48 = 2.815e14: the hint counts as 0.
    func testHintLimitFollowsShape() {
        let huge = MapShape(key: go(128, 1), value: go(128, 1))
        XCTAssertEqual(huge.interleavedGroup.size, 2_056)
        XCTAssertNotNil(SwissMap<Int64, Bool>.shape(forHint: 1 << 36))
        XCTAssertNil(SwissMap<Int64, Bool>.shape(forHint: 1 << 36, mapShape: huge))
    }

    // MARK: Structure does not depend on the shape

    /// The same keys with the same seed give the same tables, capacities and growth events whatever
    /// the shape counts.
    func testStructureIndependentOfShape() {
        for shape in [indirectKeyShape, sessionShape, byteArraySetShape] {
            let plain = SwissMap<Int, Int>(seed: 11)
            let other = SwissMap<Int, Int>(seed: 11, shape: shape)
            for i in 0..<50_000 {
                plain[i &* 7919] = i
                other[i &* 7919] = i
                if i % 3 == 0 { plain[i &* 31] = nil; other[i &* 31] = nil }
            }
            let a = plain.stats
            let b = other.stats
            XCTAssertEqual(plain.tableCapacities, other.tableCapacities)
            XCTAssertEqual(a.directoryLength, b.directoryLength)
            XCTAssertEqual(a.tombstones, b.tombstones)
            XCTAssertEqual([a.smallToTable, a.tableGrows, a.tableSplits, a.directoryGrows, a.prunes],
                           [b.smallToTable, b.tableGrows, b.tableSplits, b.directoryGrows, b.prunes])
        }
    }
}

/// Go's bytes for a map's structure, recomputed from its tables rather than from its counters:
/// 48 of header, the directory's pointers, per table 32 bytes of header and its groups of `group`
/// bytes (or the small map's one group), and `perEntry` indirect bytes per live entry.
private func ruleSwissBytes<K, V>(_ map: SwissMap<K, V>, group: Int, pointers: Bool, perEntry: Int) -> Int {
    let s = map.stats
    var bytes = goBytes(48, pointers: true) + map.count * perEntry
    if s.isSmall { return bytes + goBytes(group, pointers: pointers) }
    if s.directoryLength > 0 { bytes += goBytes(8 * s.directoryLength, pointers: true) }
    for capacity in map.tableCapacities {
        bytes += goBytes(32, pointers: true) + goBytes(capacity / 8 * group, pointers: pointers)
    }
    return bytes
}
