// Delete markers inside a chain, String key equivalence and hashing, reproducibility.
import XCTest
@testable import GoMap

final class StructureTests: XCTestCase {
    typealias M = GoMap<Int, Int>

    /// The tophash bytes of a bucket.
    func tops(_ b: UnsafeMutableRawPointer) -> [UInt8] { (0..<8).map { M._top(b, $0) } }

    /// A hand-built chain: 12 keys in bucket 0 of a B = 2 map (8 in the bucket, 4 in one
    /// overflow bucket); deletes from the end turn trailing empties into emptyRest (0) through the
    /// chain, deletes before a live entry leave emptyOne (1).
    func testDeleteKeepsEmptyRestRight() {
        let map = M(hint: 14, seed: 123)  // B = 2: four buckets
        XCTAssertEqual(map.stats.b, 2)
        // Twelve keys whose hash selects bucket 0 under this map's seed.
        var keys: [Int] = []
        var candidate = 0
        while keys.count < 12 {
            if Int(truncatingIfNeeded: map._hash(candidate)) & 3 == 0 { keys.append(candidate) }
            candidate += 1
        }
        for k in keys { map[k] = k }
        XCTAssertFalse(map.stats.growing)
        let first = M._bucket(map._h.pointee.buckets!, 0)
        guard let overflow = M._overflow(first) else { return XCTFail("no overflow bucket") }
        XCTAssertNil(M._overflow(overflow))
        XCTAssertEqual(map.stats.overflowBucketsInUse, 1)
        let top = { (k: Int) in M._tophash(map._hash(k)) }
        XCTAssertEqual(tops(first), keys[0..<8].map(top))
        XCTAssertEqual(tops(overflow), keys[8..<12].map(top) + [0, 0, 0, 0])

        // The last entry of the chain: becomes emptyRest.
        map.removeValue(forKey: keys[11])
        XCTAssertEqual(tops(overflow), keys[8..<11].map(top) + [0, 0, 0, 0, 0])
        // A middle entry of the first bucket: emptyOne.
        map.removeValue(forKey: keys[4])
        XCTAssertEqual(tops(first)[4], 1)
        // The last slot of the first bucket, while the overflow bucket is live: emptyOne.
        map.removeValue(forKey: keys[7])
        XCTAssertEqual(tops(first), keys[0..<4].map(top) + [1] + keys[5..<7].map(top) + [1])
        map.checkInvariants()
        // Empty the overflow bucket from its first slot on: slots 0 and 1 become emptyOne...
        map.removeValue(forKey: keys[8])
        map.removeValue(forKey: keys[9])
        XCTAssertEqual(tops(overflow), [1, 1, top(keys[10]), 0, 0, 0, 0, 0])
        // ...until its last live entry goes: the run of empties becomes emptyRest backwards,
        // through the chain into the first bucket's slot 7, and stops at the live slot 6.
        map.removeValue(forKey: keys[10])
        XCTAssertEqual(tops(overflow), [0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(tops(first), keys[0..<4].map(top) + [1] + keys[5..<7].map(top) + [0])
        // Slots 6 and 5 go: the run reaches the emptyOne at 4 and stops at live slot 3.
        map.removeValue(forKey: keys[6])
        XCTAssertEqual(tops(first), keys[0..<4].map(top) + [1, top(keys[5]), 0, 0])
        map.removeValue(forKey: keys[5])
        XCTAssertEqual(tops(first), keys[0..<4].map(top) + [0, 0, 0, 0])
        map.checkInvariants()
        // A new key reuses the first empty slot, and the overflow bucket stays linked (nothing shrinks).
        map[keys[11]] = 11
        XCTAssertEqual(tops(first)[4], top(keys[11]))
        XCTAssertEqual(M._overflow(first), overflow)
        // Delete the rest from the front: emptyOne until the last one, then all emptyRest.
        for k in [keys[0], keys[1], keys[2]] { map.removeValue(forKey: k) }
        XCTAssertEqual(tops(first), [1, 1, 1, top(keys[3]), top(keys[11]), 0, 0, 0])
        let seed = map._h.pointee.hash0
        map.removeValue(forKey: keys[11])
        map.removeValue(forKey: keys[3])
        XCTAssertEqual(tops(first), [0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(map.count, 0)
        XCTAssertNotEqual(map._h.pointee.hash0, seed)
        map.checkInvariants()
    }

    /// Tophash: the top byte of the hash, with values below 5 moved up by 5.
    func testTophash() {
        XCTAssertEqual(M._tophash(0), 5)
        XCTAssertEqual(M._tophash(4 << 56), 9)
        XCTAssertEqual(M._tophash(5 << 56), 5)
        XCTAssertEqual(M._tophash(0xff << 56 | 0x1234), 0xff)
    }

    /// Canonically equivalent strings are one key: Kelvin sign and K, e + combining acute and é,
    /// Greek question mark and semicolon, and they hash alike under any seed.
    func testStringEquivalence() {
        let pairs: [(String, String)] = [
            ("\u{212A}", "K"), ("e\u{301}", "\u{e9}"), ("\u{37E}", ";"), ("\u{1FEF}", "`"),
            ("\u{212A}elvin", "Kelvin"), ("caf\u{e9}", "cafe\u{301}"),
            ("long prefix to be on the heap \u{212A}", "long prefix to be on the heap K"),
            ("\u{212A}\u{301}", "K\u{301}"), ("A\u{30A}", "\u{C5}"), ("\u{212B}", "\u{C5}"),
        ]
        for (a, b) in pairs {
            XCTAssertEqual(a, b, "Swift says equal")
            for seed: UInt64 in [0, 1, 0xdead_beef] {
                XCTAssertEqual(M._hashFor(a, seed: seed), M._hashFor(b, seed: seed),
                               "\(a.debugDescription) seed \(seed)")
            }
            let map = GoMap<String, Int>(seed: 7)
            map[a] = 1
            XCTAssertEqual(map[b], 1, "\(b.debugDescription) finds \(a.debugDescription)")
            map[b] = 2
            XCTAssertEqual(map.count, 1)
            XCTAssertEqual(map[a], 2)
            XCTAssertEqual(map.removeValue(forKey: b), 2)
            XCTAssertTrue(map.isEmpty)
        }
        // Different strings stay different.
        let map = GoMap<String, Int>(seed: 8)
        for s in ["k", "K", "\u{e9}", "e", "", " ", "K\u{301}", "\u{1E31}"] { map[s] = 1 }
        XCTAssertEqual(map.count, 8)
        XCTAssertEqual(map["\u{212A}\u{301}"], 1, "Kelvin + acute == K + acute (both are U+1E30 canonically)")
    }

    /// Same seed and same operations: identical stats and iteration order (Int, String and
    /// custom struct keys); different seeds: a different order.
    func testReproducibility() {
        func build<K: Hashable>(_ seed: UInt64, _ key: (Int) -> K) -> (GoMapStats, [K], [GoMapGrowthEvent]) {
            let map = GoMap<K, Int>(seed: seed)
            var events: [GoMapGrowthEvent] = []
            map.growthObserver = { events.append($0) }
            var rng = SplitMix64(seed: 5)
            for i in 0..<20_000 {
                let k = rng.below(8_000)
                if rng.below(3) == 0 { map.removeValue(forKey: key(k)) } else { map[key(k)] = i }
            }
            map.growthObserver = nil
            return (map.stats, map.map(\.key), events)
        }
        for seed: UInt64 in [1, 2] {
            let a = build(seed, { $0 }), b = build(seed, { $0 })
            XCTAssertEqual(a.0, b.0)
            XCTAssertEqual(a.1, b.1)
            XCTAssertEqual(a.2, b.2)
            let s1 = build(seed, stringKey), s2 = build(seed, stringKey)
            XCTAssertEqual(s1.0, s2.0)
            XCTAssertEqual(s1.1, s2.1)
            let p1 = build(seed, { Point(x: Int32($0), y: 1, tag: "") })
            let p2 = build(seed, { Point(x: Int32($0), y: 1, tag: "") })
            XCTAssertEqual(p1.1, p2.1, "same process: Hasher's own seed is fixed")
        }
        XCTAssertNotEqual(build(1, { $0 }).1, build(2, { $0 }).1)
        XCTAssertNotEqual(build(1, stringKey).1, build(2, stringKey).1)
        XCTAssertEqual(Set(build(1, { $0 }).1), Set(build(2, { $0 }).1))
        // The hash itself depends on the seed.
        XCTAssertNotEqual(M._hash(42, seed: 1), M._hash(42, seed: 2))
    }
}

extension GoMap where Key == Int {
    /// The String hash under `seed` (for checks of equivalent strings).
    static func _hashFor(_ s: String, seed: UInt64) -> UInt64 { GoMap<String, Int>._hash(s, seed: seed) }
}

final class IterationGuardTests: XCTestCase {
    /// A delete of an absent key during a growth still evacuates old chains, so it must count as
    /// a mutation (iterators check the counter): otherwise an iterator in the middle of an old
    /// chain silently skipped the entries that moved (seen: 831 of 833 entries). Outside a growth
    /// the same delete moves nothing and leaves iterators valid.
    func testDeleteOfAbsentKeyDuringGrowthIsAMutation() {
        let map = GoMap<Int, Int>(seed: 5)
        for k in 0...832 { map[k] = k }
        XCTAssertTrue(map.stats.growing)
        let before = map._h.pointee.mutations
        let evacuatedBefore = map.stats.nevacuate
        XCTAssertNil(map.removeValue(forKey: -1))
        XCTAssertGreaterThan(map.stats.nevacuate, evacuatedBefore, "the delete did growth work")
        XCTAssertNotEqual(map._h.pointee.mutations, before, "growth work invalidates iterators")
        while map.stats.growing { map.removeValue(forKey: -1) }
        let settled = map._h.pointee.mutations
        XCTAssertNil(map.removeValue(forKey: -1))
        XCTAssertEqual(map._h.pointee.mutations, settled, "no growth: nothing moved")
        XCTAssertNil(map[-2])
        XCTAssertEqual(map._h.pointee.mutations, settled, "lookups never mutate")
        // Iteration with lookups in between is exact.
        var seen = Set<Int>()
        for (k, v) in map {
            XCTAssertEqual(k, v)
            XCTAssertTrue(seen.insert(k).inserted)
            _ = map[k &+ 1]
        }
        XCTAssertEqual(seen.count, 833)
    }
}
