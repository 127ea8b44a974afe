// SwissMap against Swift's Dictionary: random insert/update/delete/lookup/clear sequences over
// many seeds, sizes, key/value types and both layouts, and delete-heavy churn that fills groups
// with tombstones until pruning and rehash happen.
import XCTest
@testable import SwissMap

final class DifferentialTests: XCTestCase {
    /// Int keys over many seeds and sizes (key spaces from 8 to 20,000, crossing the small map,
    /// table growth and splits), with and without a hint, with occasional clears: 140,000
    /// operations.
    func testIntKeysManySeedsAndSizes() {
        var seed: UInt64 = 1
        for size in [8, 9, 20, 60, 200, 1_000, 5_000, 20_000] {
            for hint in [0, size / 2] {
                runDifferential(SwissMap<Int, Int>.self, "Int size \(size) hint \(hint)", seed: seed, ops: 8_000,
                                keySpace: size, hint: hint, mix: OpMix(clear: 20), key: { $0 }, value: { $0 })
                seed += 1
            }
        }
        let grown = runDifferential(SwissMap<Int, Int>.self, "Int insert-heavy", seed: 99, ops: 12_000,
                                    keySpace: 100_000, mix: OpMix(insert: 85, delete: 5, lookup: 10),
                                    key: { $0 }, value: { $0 })
        XCTAssertGreaterThan(grown.count, 9_000)
        XCTAssertGreaterThan(grown.stats.tableSplits, 0, "the run reached splits")
    }

    /// The split group layout (GOEXPERIMENT=mapsplitgroup) behaves the same.
    func testSplitLayout() {
        func split<K, V>(hint: Int, seed: UInt64) -> SwissMap<K, V> {
            SwissMap(hint: hint, seed: seed, layout: .split)
        }
        for (i, size) in [8, 100, 3_000].enumerated() {
            runDifferential(SwissMap<Int, Int>.self, "split Int size \(size)", seed: 50 + UInt64(i), ops: 8_000,
                            keySpace: size, mix: OpMix(clear: 20), make: split, key: { $0 }, value: { $0 })
            runDifferential(SwissMap<String, Empty>.self, "split String→Empty \(size)", seed: 60 + UInt64(i),
                            ops: 4_000, keySpace: size, make: split, key: stringKey, value: { _ in Empty() })
        }
        let tracker = LifetimeTracker()
        runDifferential(SwissMap<BigKey, BigValue>.self, "split boxed", seed: 70, ops: 4_000, keySpace: 600,
                        mix: OpMix(clear: 20), make: split, key: { BigKey($0) },
                        value: { BigValue($0, tracker: tracker) })
        XCTAssertEqual(tracker.live, 0)
    }

    /// Delete-heavy random runs: many deletes land in full groups, so tombstones appear, are
    /// reused, pruned, and cleared by rehash.
    func testDeleteHeavy() {
        var tombstonesSeen = 0
        for (i, size) in [300, 2_000, 9_000].enumerated() {
            let map = runDifferential(SwissMap<Int, Int>.self, "delete-heavy \(size)", seed: 100 + UInt64(i),
                                      ops: 10_000, keySpace: size, hint: size,
                                      mix: OpMix(insert: 45, delete: 45, lookup: 10), key: { $0 }, value: { $0 })
            tombstonesSeen += map.stats.tombstones
        }
        XCTAssertGreaterThan(tombstonesSeen, 0, "delete-heavy runs leave tombstones")
    }

    /// Churn (always-new keys, a fixed live window) prunes tombstones in place, and grows only
    /// when pruning cannot free 10 %.
    func testChurnPrunesTombstones() {
        var prunes = 0
        for (i, window) in [40, 100, 400, 800, 3_000].enumerated() {
            let map = SwissMap<Int, Int>(seed: 400 + UInt64(i))
            runChurnDifferential(map, "churn \(window)", seed: 400 + UInt64(i), ops: 12_000, window: window,
                                 key: { $0 }, value: { $0 })
            prunes += map.stats.prunes
        }
        XCTAssertGreaterThan(prunes, 0, "churn never pruned")
        let tracker = LifetimeTracker()
        let strings = SwissMap<String, LifetimeTracked<Int>>(seed: 410)
        runChurnDifferential(strings, "churn strings", seed: 410, ops: 8_000, window: 60,
                             key: stringKey, value: { tracker.instance(for: $0) })
        XCTAssertEqual(tracker.live, 60)
        strings.removeAll()
        XCTAssertEqual(tracker.live, 0)
    }

    /// String keys: short ASCII (inline), long (heap), non-ASCII (slow hash path).
    func testStringKeys() {
        for (i, size) in [30, 400, 3_000].enumerated() {
            runDifferential(SwissMap<String, Int>.self, "String size \(size)", seed: 200 + UInt64(i), ops: 10_000,
                            keySpace: size, mix: OpMix(clear: 10), key: stringKey, value: { $0 })
        }
    }

    /// Class keys and values that count live instances: no leak and no double release after
    /// updates, removes, clears, growths, splits and deinit.
    func testClassKeysAndValuesDoNotLeak() {
        let tracker = LifetimeTracker()
        for (i, size) in [16, 300, 3_000].enumerated() {
            runDifferential(SwissMap<LifetimeTracked<Int>, LifetimeTracked<Int>>.self, "class size \(size)",
                            seed: 300 + UInt64(i), ops: 8_000, keySpace: size, mix: OpMix(clear: 30),
                            key: { tracker.instance(for: $0) }, value: { tracker.instance(for: $0) })
            XCTAssertEqual(tracker.live, 0, "live instances after the map and Dictionary died, size \(size)")
        }
        XCTAssertGreaterThan(tracker.created, 40_000)
        XCTAssertEqual(tracker.released, tracker.created)
    }

    /// Exact live counts at each stage: insert, update, remove, removeAll, deinit.
    func testClassLifetimesStageByStage() {
        let tracker = LifetimeTracker()
        do {
            let map = SwissMap<LifetimeTracked<Int>, LifetimeTracked<Int>>(seed: 7)
            for i in 0..<3_000 { map[tracker.instance(for: i)] = tracker.instance(for: -i) }
            XCTAssertEqual(tracker.live, 6_000)
            XCTAssertGreaterThan(map.stats.tableSplits, 0)
            for i in 0..<3_000 {  // update: the old value dies, the stored key stays, the probe key dies
                let old = map.updateValue(tracker.instance(for: i * 10), forKey: tracker.instance(for: i))
                XCTAssertEqual(old?.payload, -i)
            }
            XCTAssertEqual(tracker.live, 6_000)
            for i in 0..<1_500 { XCTAssertEqual(map.removeValue(forKey: tracker.instance(for: i))?.payload, i * 10) }
            XCTAssertEqual(tracker.live, 3_000)
            map.removeAll()
            XCTAssertEqual(tracker.live, 0)
            for i in 0..<5 { map[tracker.instance(for: i)] = tracker.instance(for: i) }
            XCTAssertEqual(tracker.live, 10)
        }
        XCTAssertEqual(tracker.live, 0, "deinit released every key and value")
        do {
            let small = SwissMap<LifetimeTracked<Int>, Int>(seed: 8)
            for i in 0..<8 { small[tracker.instance(for: i)] = i }
            XCTAssertTrue(small.stats.isSmall)
        }
        XCTAssertEqual(tracker.live, 0, "a small map's deinit released its keys")
        XCTAssertEqual(tracker.released, tracker.created)
    }

    /// A zero-size value (Go's map[K]struct{}), a zero-size key, and keys and values larger than
    /// 128 bytes (stored indirectly).
    func testZeroSizeAndIndirect() {
        runDifferential(SwissMap<Int, Empty>.self, "Empty value", seed: 500, ops: 10_000, keySpace: 2_000,
                        mix: OpMix(clear: 20), key: { $0 }, value: { _ in Empty() })
        runDifferential(SwissMap<String, Empty>.self, "String→Empty", seed: 501, ops: 4_000, keySpace: 500,
                        key: stringKey, value: { _ in Empty() })
        let tracker = LifetimeTracker()
        runDifferential(SwissMap<Int, BigValue>.self, "BigValue", seed: 502, ops: 10_000, keySpace: 1_500,
                        mix: OpMix(clear: 20), key: { $0 }, value: { BigValue($0, tracker: tracker) })
        XCTAssertEqual(tracker.live, 0, "boxed values leaked")
        runDifferential(SwissMap<BigKey, BigValue>.self, "BigKey", seed: 503, ops: 6_000, keySpace: 800,
                        mix: OpMix(clear: 20), key: { BigKey($0) }, value: { BigValue($0, tracker: tracker) })
        XCTAssertEqual(tracker.live, 0, "boxed keys/values leaked")
        runDifferential(SwissMap<Empty, Int>.self, "Empty key", seed: 504, ops: 500, keySpace: 3,
                        key: { _ in Empty() }, value: { $0 })
        runDifferential(SwissMap<Empty, Empty>.self, "Empty→Empty", seed: 505, ops: 300, keySpace: 3,
                        key: { _ in Empty() }, value: { _ in Empty() })
    }

    /// Other key widths, a custom Hashable struct, over-aligned keys and values.
    func testOtherKeyTypes() {
        runDifferential(SwissMap<Int8, Int>.self, "Int8", seed: 600, ops: 3_000, keySpace: 256,
                        key: { Int8(truncatingIfNeeded: $0 - 128) }, value: { $0 })
        runDifferential(SwissMap<UInt32, Int>.self, "UInt32", seed: 605, ops: 3_000, keySpace: 1_000,
                        key: { UInt32($0) << 20 }, value: { $0 })
        runDifferential(SwissMap<Int64, Bool>.self, "Int64→Bool", seed: 606, ops: 6_000, keySpace: 3_000,
                        key: { Int64($0) << 40 - 7 }, value: { $0 % 2 == 0 })
        runDifferential(SwissMap<Point, Int>.self, "Point", seed: 609, ops: 4_000, keySpace: 1_000,
                        key: { Point(x: Int32($0 % 37), y: Int16($0 / 37), tag: $0 % 3 == 0 ? "a" : "b") },
                        value: { $0 })
        runDifferential(SwissMap<SIMD4<Float>, Int8>.self, "SIMD4 key", seed: 610, ops: 3_000, keySpace: 800,
                        key: { SIMD4<Float>(Float($0), 1, 2, 3) }, value: { Int8(truncatingIfNeeded: $0) })
        runDifferential(SwissMap<Int8, SIMD4<Int32>>.self, "SIMD4 value", seed: 611, ops: 3_000, keySpace: 200,
                        key: { Int8(truncatingIfNeeded: $0) }, value: { SIMD4<Int32>(Int32($0), 0, -1, 2) })
    }

    /// checkInvariants after every single operation, across small map, growths and splits.
    func testInvariantsAfterEveryOperation() {
        for seed: UInt64 in 700..<703 {
            var rng = SplitMix64(seed: seed)
            let map = SwissMap<Int, Int>(seed: seed)
            var dict = [Int: Int]()
            for op in 0..<3_000 {
                let k = rng.below(1_500)
                switch rng.below(10) {
                case 0..<6:
                    XCTAssertEqual(map.updateValue(op, forKey: k), dict.updateValue(op, forKey: k))
                case 6..<9:
                    XCTAssertEqual(map.removeValue(forKey: k), dict.removeValue(forKey: k))
                default:
                    if rng.below(40) == 0 { map.removeAll(); dict.removeAll() }
                }
                map.checkInvariants()
            }
            assertSameContents(map, dict, "seed \(seed)")
        }
    }
}
