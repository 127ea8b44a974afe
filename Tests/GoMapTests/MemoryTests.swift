// Byte accounting by Go's allocator rules, preallocated overflow buckets, noverflow, boxes, and
// what delete and removeAll keep or drop.
import MapCore
import XCTest
@testable import GoMap

/// Whether Go would have allocated `mapextra` for a map by now: once it had an array with
/// preallocated overflow buckets (B >= 4), or, for a pointer-free bucket type, an overflow bucket.
/// Go never frees it. Observed after every write, independently of GoMap's own flag.
struct MapextraWitness {
    private(set) var allocated = false

    mutating func observe<K, V>(_ map: GoMap<K, V>, hasPointers: Bool) {
        let s = map.stats
        if s.b >= 4 || (!hasPointers && s.overflowBucketsInUse > 0) { allocated = true }
    }
}

final class MemoryTests: XCTestCase {
    /// Asserts that the map's byte figures are Go's: the total equals Go's rules applied to the
    /// map's structure (`ruleGoBytes`), the kinds add up to it, the array is Go's bucket count in
    /// Go's size class; and that malloc's blocks are the ones Go would request.
    func assertGoBytes<K, V>(
        _ map: GoMap<K, V>, _ witness: inout MapextraWitness, hasPointers: Bool, keyBox: Int = 0, valueBox: Int = 0,
        _ context: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        witness.observe(map, hasPointers: hasPointers)
        let s = map.stats
        XCTAssertEqual(s.bucketHasPointers, hasPointers, context, file: file, line: line)
        let expected = ruleGoBytes(map, mapextra: witness.allocated, hasPointers: hasPointers,
                                   keyBox: keyBox, valueBox: valueBox)
        XCTAssertEqual(s.totalBytes, expected, "totalBytes; \(context)", file: file, line: line)
        XCTAssertEqual(s.totalBytes, s.headerBytes + s.primaryBytes + s.overflowBytes + s.overflowSliceBytes
                       + s.oldGenerationBytes + s.boxBytes, file: file, line: line)
        XCTAssertEqual(s.headerBytes, witness.allocated ? 72 : 48, "headerBytes; \(context)", file: file, line: line)
        // GoMapModel's figures (what mapheap's adapter reads) are the stats'.
        XCTAssertEqual(map.totalBytes, s.totalBytes, context, file: file, line: line)
        XCTAssertEqual(map.structure, GoMapModelStructure(b: s.b, overflowBuckets: s.overflowBucketsInUse,
                                                          capacity: 8 << s.b), context, file: file, line: line)
        XCTAssertEqual(map.isGrowing, s.growing, context, file: file, line: line)
        if !hasPointers || s.overflowSliceBytes != 0 {
            XCTAssertFalse(hasPointers, "a bucket type with pointers has no overflow slice", file: file, line: line)
        }
        let size = GoMap<K, V>.bucketSize
        let buckets = map._h.pointee.buckets
        if buckets != nil {
            let count = ruleArrayBuckets(b: s.b, bucketSize: size, hasPointers: hasPointers)
            XCTAssertEqual(s.primaryBytes, GoSizeClasses.footprint(size: count * size, hasPointers: hasPointers),
                           "primaryBytes; \(context)", file: file, line: line)
        } else {
            XCTAssertEqual(s.primaryBytes, 0, file: file, line: line)
        }
        // malloc's side: the array block is Go's request, and every block is accounted.
        var arrayRequest = 0
        map.forEachBlock { block, request in if block == buckets { arrayRequest = request } }
        if buckets != nil {
            XCTAssertEqual(arrayRequest, (s.preallocatedOverflowBuckets + (1 << s.b)) * size, context,
                           file: file, line: line)
        }
        let measured = measuredBlocks(map)
        XCTAssertGreaterThanOrEqual(measured.bytes, measured.requested, context, file: file, line: line)
        XCTAssertLessThanOrEqual(measured.bytes, measured.requested + measured.requested / 4 + 4_128 * measured.blocks,
                                 "malloc's rounding of the map's requests; \(context)", file: file, line: line)
    }

    /// The byte figures equal Go's rules applied to the map's structure after every write, during
    /// and after growths of both kinds, and after delete and clear.
    func testByteAccountingFollowsGoRules() {
        let map = GoMap<Int, Int>(seed: 71)
        var witness = MapextraWitness()
        XCTAssertEqual(GoMap<Int, Int>.bucketSize, 144)
        assertGoBytes(map, &witness, hasPointers: false, "empty")
        XCTAssertEqual(map.stats.totalBytes, 48, "an empty map is its hmap")
        var duringGrowth = 0
        var sawSlice = false
        for k in 0..<7_000 {
            map[k] = k
            if map.stats.growing { duringGrowth += 1 }
            if map.stats.overflowSliceBytes > 0 && map.stats.growing && map.stats.oldGenerationBytes
                > map._h.pointee.oldArrayBytes { sawSlice = true }
            assertGoBytes(map, &witness, hasPointers: false, "insert \(k)")
        }
        XCTAssertGreaterThan(duringGrowth, 1_000)
        XCTAssertTrue(sawSlice, "both generations had overflow buckets at once")
        for k in 0..<7_000 { map.removeValue(forKey: k) }
        assertGoBytes(map, &witness, hasPointers: false, "all deleted")
        map[1] = 1
        map.removeAll()
        assertGoBytes(map, &witness, hasPointers: false, "cleared")
        // Churn through same-size growths.
        let churn = GoMap<Int, Int>(seed: 72)
        var churnWitness = MapextraWitness()
        var schedule = ChurnSchedule(window: 400, seed: 72)
        var duringSameSize = 0
        for _ in 0..<20_000 {
            let k = schedule.insertKey()
            churn[k] = k
            if let victim = schedule.deleteKey() { XCTAssertNotNil(churn.removeValue(forKey: victim)) }
            if churn.stats.growthKind == .sameSize { duringSameSize += 1 }
            assertGoBytes(churn, &churnWitness, hasPointers: false, "churn \(k)")
        }
        XCTAssertGreaterThan(churn.stats.growthsSameSize, 0)
        XCTAssertGreaterThan(duringSameSize, 0)
    }

    /// Byte accounting with boxed keys and values (the bucket then has pointers), and with String
    /// keys (pointers: no overflow slice, malloc headers on arrays above 512 bytes).
    func testByteAccountingWithBoxesAndStrings() {
        // BigKey: 136 pointer-free bytes → class 144. BigValue: 136 bytes with a reference → 144
        // (no malloc header at or below 512 bytes).
        let keyBox = GoSizeClasses.footprint(size: MemoryLayout<BigKey>.size, hasPointers: false)
        let valueBox = GoSizeClasses.footprint(size: MemoryLayout<BigValue>.size, hasPointers: true)
        XCTAssertEqual([MemoryLayout<BigKey>.size, MemoryLayout<BigValue>.size, keyBox, valueBox],
                       [136, 136, 144, 144])
        let boxed = GoMap<BigKey, BigValue>(seed: 72)
        var witness = MapextraWitness()
        for k in 0..<700 {
            boxed[BigKey(k)] = BigValue(k)
            if k % 3 == 0 {
                assertGoBytes(boxed, &witness, hasPointers: true, keyBox: keyBox, valueBox: valueBox, "boxed \(k)")
            }
        }
        XCTAssertEqual(boxed.stats.boxBytes, 700 * (144 + 144))
        for k in stride(from: 0, to: 700, by: 2) { boxed.removeValue(forKey: BigKey(k)) }
        assertGoBytes(boxed, &witness, hasPointers: true, keyBox: keyBox, valueBox: valueBox, "boxed after deletes")
        let strings = GoMap<String, Empty>(seed: 73)
        var stringWitness = MapextraWitness()
        for k in 0..<3_000 {
            strings[stringKey(k)] = Empty()
            if k % 5 == 0 { assertGoBytes(strings, &stringWitness, hasPointers: true, "string insert \(k)") }
        }
        XCTAssertEqual(strings.stats.overflowSliceBytes, 0)
        XCTAssertGreaterThan(strings.stats.overflowBucketsInUse, 0)
        // Pointer-free types have no pointers, boxed or non-trivial ones do (Go: string has pointers).
        XCTAssertFalse(GoMap<Int64, Bool>(seed: 1).stats.bucketHasPointers)
        XCTAssertFalse(GoMap<Int64, Empty>(seed: 1).stats.bucketHasPointers)
        XCTAssertFalse(GoMap<BigKey, Int>._keyIndirect && !GoMap<BigKey, Int>(seed: 1).stats.bucketHasPointers)
        XCTAssertTrue(GoMap<String, Bool>(seed: 1).stats.bucketHasPointers)
        XCTAssertTrue(GoMap<Int, BigValue>(seed: 1).stats.bucketHasPointers)
    }

    /// Go's bytes for the workloads' maps by hand, from the rules: the 10M-key arrays are whole
    /// pages; String buckets have pointers, so their small arrays carry a malloc header.
    func testWorkedFigures() {
        // hint 10M → B = 21: (2^21 + 2^17) buckets; 2,228,224 × 88 = 196,083,712 = 23,936 pages of 8 KiB.
        let intBool = GoMap<Int64, Bool>(hint: 10_000_000, seed: 1)
        XCTAssertEqual(intBool.stats.primaryBytes, 196_083_712)
        XCTAssertEqual(intBool.stats.preallocatedOverflowBuckets, 131_072)
        XCTAssertEqual(intBool.stats.totalBytes, 196_083_712 + 48 + 24)
        // × 80 = 178,257,920 = 21,760 pages: struct{} saves 8 bytes a bucket, 9.1 % of the array.
        let intEmpty = GoMap<Int64, Empty>(hint: 10_000_000, seed: 1)
        XCTAssertEqual(intEmpty.stats.primaryBytes, 178_257_920)
        XCTAssertEqual(intEmpty.stats.totalBytes, 178_257_920 + 72)
        // × 152 = 338,690,048 and × 144 = 320,864,256: whole pages.
        XCTAssertEqual(GoMap<String, Bool>(hint: 10_000_000, seed: 1).stats.primaryBytes, 338_690_048)
        XCTAssertEqual(GoMap<String, Empty>(hint: 10_000_000, seed: 1).stats.primaryBytes, 320_864_256)
        // B = 1 String/Bool array: 2 × 152 = 304 bytes, no header at or below 512 → class 320.
        let small = GoMap<String, Bool>(hint: 9, seed: 1)
        XCTAssertEqual(small.stats.primaryBytes, 320)
        // B = 2: 4 × 152 = 608 + 8-byte header = 616 → class 640; B = 0's one bucket: 152 → 160.
        XCTAssertEqual(GoMap<String, Bool>(hint: 14, seed: 1).stats.primaryBytes, 640)
        let one = GoMap<String, Bool>(seed: 1)
        one["a"] = true
        XCTAssertEqual(one.stats.primaryBytes, 160)
        XCTAssertEqual(one.stats.totalBytes, 48 + 160)
        // The first overflow bucket of a pointer-free type: the bucket (88 → class 96), mapextra (24),
        // the slice header (24) and a one-pointer array (8). B = 1: 2 × 88 = 176, a class of its own.
        var found = false
        for seed: UInt64 in 1...200 where !found {
            let map = GoMap<Int64, Bool>(hint: 13, seed: seed)
            for k in Int64(0)..<13 where !found {
                map[k] = true
                let s = map.stats
                guard s.overflowBucketsInUse == 1 else { continue }
                XCTAssertEqual([s.b, s.primaryBytes, s.overflowBytes, s.overflowSliceBytes, s.headerBytes],
                               [1, 176, 96, 32, 72])
                XCTAssertEqual(s.totalBytes, 176 + 96 + 32 + 72)
                found = true
            }
        }
        XCTAssertTrue(found, "some seed puts 9 of 13 keys in one bucket")
    }

    /// A hint of 0 allocates nothing until the first insert, then exactly one bucket.
    func testHintZeroAllocatesOneBucketOnFirstInsert() {
        let map = GoMap<Int64, Bool>(seed: 81)
        XCTAssertNil(map._h.pointee.buckets)
        XCTAssertEqual(map.stats.totalBytes, 48, "Go's hmap only")
        XCTAssertEqual(measuredBlocks(map).blocks, 0)
        XCTAssertEqual(map[1], nil)
        XCTAssertEqual(map.removeValue(forKey: 1), nil)
        XCTAssertNil(map._h.pointee.buckets, "lookups and deletes allocate nothing")
        map[1] = true
        XCTAssertEqual(map.stats.b, 0)
        XCTAssertEqual(map._h.pointee.arrayBucketCount, 1)
        XCTAssertEqual(map.stats.preallocatedOverflowBuckets, 0)
        XCTAssertEqual(map.stats.primaryBytes, 96, "one 88-byte bucket in Go's 96-byte class")
        XCTAssertEqual(map.stats.totalBytes, 48 + 96)
        XCTAssertEqual(measuredBlocks(map).blocks, 1)
        XCTAssertEqual(measuredBlocks(map).requested, 88)
    }

    /// Negative and huge hints: B = 0, nothing allocated, no crash; the map still works.
    func testHintEdgeCases() {
        for hint in [-1, -1_000, Int.min, Int.max / 2, Int.max, Int.max / 88 + 1] {
            let map = GoMap<Int64, Bool>(hint: hint, seed: 82)
            XCTAssertEqual(map.stats.b, 0, "hint \(hint)")
            XCTAssertEqual(map.stats.totalBytes, 48, "hint \(hint)")
            XCTAssertNil(map._h.pointee.buckets, "hint \(hint)")
            XCTAssertEqual(GoMap<Int64, Bool>.bucketShift(forHint: hint), 0, "hint \(hint)")
            for k in 0..<100 { map[Int64(k)] = k % 2 == 0 }
            XCTAssertEqual(map.count, 100)
            XCTAssertEqual(map[42], true)
        }
        // B for a hint, from count > 13 * (2^B / 2): 8 -> 0, 9 -> 1, 13 -> 1, 14 -> 2, 1e6 -> 18.
        let expected = [0: 0, 1: 0, 8: 0, 9: 1, 13: 1, 14: 2, 26: 2, 27: 3, 52: 3, 53: 4, 1_000_000: 18]
        for (hint, b) in expected {
            XCTAssertEqual(ruleB(forHint: hint), b, "rule for hint \(hint)")
            XCTAssertEqual(GoMap<Int64, Bool>.bucketShift(forHint: hint), b, "hint \(hint)")
            XCTAssertEqual(GoMap<String, Empty>.bucketShift(forHint: hint), b, "hint \(hint)")
        }
        for hint in [9, 13, 14, 53, 1_000_000] {
            let map = GoMap<Int64, Bool>(hint: hint, seed: 83)
            var witness = MapextraWitness()
            XCTAssertEqual(map.stats.b, expected[hint]!)
            XCTAssertNotNil(map._h.pointee.buckets, "B > 0: allocated at creation")
            XCTAssertEqual(map.count, 0)
            assertGoBytes(map, &witness, hasPointers: false, "hint \(hint)")
        }
    }

    /// Preallocated overflow buckets for B = 4 ... 21 are Go's: read from Go 1.23.9's own maps (a
    /// Go program made `make(map[K]V, 13 << (B-1))` and counted the buckets from
    /// `h.extra.nextOverflow` to the one carrying the end sentinel), for int64/bool (88-byte
    /// buckets, no pointers), int64/struct{} (80), string/bool (152, pointers) and string/struct{}
    /// (144, pointers). Below B = 4 there are none.
    ///
    /// By hand, B = 9, int64/struct{}: (512 + 32) × 80 = 43,520 bytes, above 32 KiB, so 6 pages =
    /// 49,152 bytes = 614 whole buckets: 102 preallocated. B = 8, string/bool: (256 + 16) × 152 =
    /// 41,344 → 6 pages = 49,152 = 323 buckets: 67. From B = 14 on, (2^B + 2^(B-4)) × size is a
    /// whole number of pages for all four sizes, so exactly 2^(B-4).
    func testPreallocatedOverflowBucketsAreGos() {
        let fromGo: [Int: [Int]] = [
            4: [1, 1, 1, 2], 5: [2, 6, 3, 5], 6: [5, 12, 7, 7], 7: [11, 8, 15, 14], 8: [23, 16, 67, 28],
            9: [46, 102, 80, 56], 10: [93, 102, 107, 113], 11: [186, 204, 161, 170], 12: [279, 307, 269, 284],
            13: [558, 512, 538, 512],
        ]
        for b in 1...21 {
            let hint = 13 << (b - 1)  // the largest hint that gives B = b
            XCTAssertEqual(ruleB(forHint: hint), b)
            let expected = b < 4 ? [0, 0, 0, 0] : fromGo[b] ?? Array(repeating: 1 << (b - 4), count: 4)
            let stats = [
                GoMap<Int64, Bool>(hint: hint, seed: 84).stats, GoMap<Int64, Empty>(hint: hint, seed: 84).stats,
                GoMap<String, Bool>(hint: hint, seed: 84).stats, GoMap<String, Empty>(hint: hint, seed: 84).stats,
            ]
            XCTAssertEqual(stats.map(\.bucketSize), [88, 80, 152, 144])
            XCTAssertEqual(stats.map(\.preallocatedOverflowBuckets), expected, "B \(b)")
            XCTAssertEqual(stats.map(\.preallocatedOverflowBucketsFree), expected, "B \(b): none used")
            for (s, hasPointers) in zip(stats, [false, false, true, true]) {
                XCTAssertEqual(s.b, b)
                let buckets = (1 << b) + s.preallocatedOverflowBuckets
                XCTAssertEqual(buckets, ruleArrayBuckets(b: b, bucketSize: s.bucketSize, hasPointers: hasPointers))
                XCTAssertEqual(s.primaryBytes,
                               GoSizeClasses.footprint(size: buckets * s.bucketSize, hasPointers: hasPointers))
                // No room for one more bucket in the block.
                XCTAssertLessThan(GoSizeClasses.roundUpSize(buckets * s.bucketSize, hasPointers: hasPointers),
                                  (buckets + 1) * s.bucketSize, "B \(b)")
                XCTAssertEqual(s.headerBytes, b >= 4 ? 72 : 48)
            }
        }
    }

    /// Below B = 16, noverflow counts exactly the overflow buckets handed out since the last
    /// growth or clear; with no growth in progress that is the overflow buckets in the chains.
    /// Preallocated ones are used before any block of its own is allocated.
    func testNoverflowExactBelowB16() {
        for seed: UInt64 in [91, 92] {
            let map = GoMap<Int, Int>(hint: 6_656, seed: seed)  // B = 10, grows at 6_656 + 1
            var rng = SplitMix64(seed: seed)
            for k in 0..<6_656 {
                map[k] = k
                let s = map.stats
                XCTAssertFalse(s.growing)
                XCTAssertEqual(s.noverflow, s.overflowBucketsInUse, "seed \(seed) insert \(k)")
                // Preallocated first, then blocks of their own.
                let preallocatedUsed = s.preallocatedOverflowBuckets - s.preallocatedOverflowBucketsFree
                XCTAssertEqual(s.overflowBucketsInUse, preallocatedUsed + s.overflowBucketsAllocated)
                if s.overflowBucketsAllocated > 0 { XCTAssertEqual(s.preallocatedOverflowBucketsFree, 0) }
            }
            // Deletes unlink nothing: noverflow and the chains stay.
            let before = map.stats
            XCTAssertGreaterThan(before.noverflow, 64, "seed \(seed): 6.5 per bucket gives overflow chains")
            for _ in 0..<3_000 { map.removeValue(forKey: rng.below(6_656)) }
            XCTAssertEqual(map.stats.noverflow, before.noverflow)
            XCTAssertEqual(map.stats.overflowBucketsInUse, before.overflowBucketsInUse)
            map.checkInvariants()
        }
        // Across growths: after each growth finishes, noverflow == overflow buckets in chains.
        let map = GoMap<Int, Int>(seed: 93)
        for k in 0..<50_000 {
            map[k] = k
            let s = map.stats
            if !s.growing { XCTAssertEqual(s.noverflow, s.overflowBucketsInUse, "insert \(k)") }
        }
    }

    /// Nothing shrinks: deleting every key keeps B, primaryBytes and the overflow chains.
    func testDeleteAllShrinksNothing() {
        let map = GoMap<Int, Int>(seed: 95)
        for k in 0..<5_000 { map[k] = k }
        while map.stats.growing { map.removeValue(forKey: -1); map[-1] = -1 }  // finish the growth
        let before = map.stats
        for k in -1..<5_000 { map.removeValue(forKey: k) }
        let after = map.stats
        XCTAssertEqual(after.count, 0)
        XCTAssertTrue(map.isEmpty)
        XCTAssertEqual(after.b, before.b)
        XCTAssertEqual(after.primaryBytes, before.primaryBytes)
        XCTAssertEqual(after.overflowBucketsInUse, before.overflowBucketsInUse)
        XCTAssertEqual(after.overflowBytes, before.overflowBytes)
        XCTAssertEqual(after.totalBytes, before.totalBytes)
        XCTAssertEqual(Array(map).count, 0)
        map.checkInvariants()
        // removeAll on an empty map leaves it as it is (Go's mapclear returns when count == 0).
        map.removeAll()
        XCTAssertEqual(map.stats.totalBytes, before.totalBytes)
    }

    /// removeAll keeps B and primaryBytes, drops separately allocated overflow buckets and any
    /// growth in progress, resets noverflow, renews the seed, and makes preallocated overflow
    /// buckets available again.
    func testRemoveAll() {
        let map = GoMap<Int, Int>(seed: 96)
        for k in 0..<26_000 { map[k] = k }
        let before = map.stats
        XCTAssertGreaterThan(before.overflowBucketsAllocated, 0)
        XCTAssertGreaterThan(before.noverflow, 0)
        let seedBefore = map._h.pointee.hash0
        map.removeAll()
        let after = map.stats
        XCTAssertEqual(after.count, 0)
        XCTAssertEqual(after.b, before.b)
        XCTAssertEqual(after.primaryBytes, before.primaryBytes)
        XCTAssertEqual(after.overflowBucketsAllocated, 0)
        XCTAssertEqual(after.overflowBucketsInUse, 0)
        XCTAssertEqual(after.overflowBytes, 0)
        XCTAssertEqual(after.noverflow, 0)
        XCTAssertEqual(after.preallocatedOverflowBucketsFree, after.preallocatedOverflowBuckets)
        XCTAssertEqual(after.overflowSliceBytes, 0)
        XCTAssertEqual(after.headerBytes, 72, "mapextra stays")
        XCTAssertEqual(after.totalBytes, after.headerBytes + after.primaryBytes)
        XCTAssertNotEqual(map._h.pointee.hash0, seedBefore, "clear renews the seed")
        XCTAssertEqual(measuredBlocks(map).blocks, 1, "only the array")
        XCTAssertEqual(measuredBlocks(map).requested, map._h.pointee.arrayBucketCount * after.bucketSize)
        map.checkInvariants()
        for k in 0..<1_000 { XCTAssertNil(map[k]) }
        for k in 0..<1_000 { map[k] = -k }
        XCTAssertEqual(map.count, 1_000)
        XCTAssertEqual(map[999], -999)
        // removeAll during a growth drops the old generation.
        let growing = GoMap<Int, Int>(seed: 97)
        for k in 0...832 { growing[k] = k }
        XCTAssertTrue(growing.stats.growing)
        growing.removeAll()
        XCTAssertFalse(growing.stats.growing)
        XCTAssertEqual(growing.stats.oldGenerationBytes, 0)
        XCTAssertEqual(growing.stats.b, 8)
        XCTAssertEqual(measuredBlocks(growing).blocks, 1, "only the array")
        XCTAssertEqual(growing.stats.totalBytes, 48 + 24 + growing.stats.primaryBytes, "hmap, mapextra, array")
        growing.checkInvariants()
    }

    /// The seed (hash0) is renewed when count drops to 0 by a delete, and only then.
    func testCountToZeroRenewsTheSeed() {
        let map = GoMap<Int, Int>(seed: 98)
        map[1] = 1
        map[2] = 2
        let s0 = map._h.pointee.hash0
        map.removeValue(forKey: 1)
        XCTAssertEqual(map._h.pointee.hash0, s0)
        map.removeValue(forKey: 3)
        XCTAssertEqual(map._h.pointee.hash0, s0)
        map.removeValue(forKey: 2)
        let s1 = map._h.pointee.hash0
        XCTAssertNotEqual(s1, s0)
        map.removeValue(forKey: 2)
        XCTAssertEqual(map._h.pointee.hash0, s1, "a delete on an empty map changes nothing")
        map[5] = 5
        XCTAssertEqual(map[5], 5)
        map.checkInvariants()
    }

    /// Keys and values over 128 bytes are boxed: boxBytes > 0, a remove frees exactly its boxes,
    /// removeAll leaves none; values up to 128 bytes are not boxed.
    func testBoxes() {
        XCTAssertTrue(GoMap<Int, BigValue>._valueIndirect)
        XCTAssertTrue(GoMap<BigKey, Int>._keyIndirect)
        XCTAssertFalse(GoMap<Int, (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)>
            ._valueIndirect, "exactly 128 bytes stays inline")
        let tracker = LifetimeTracker()
        let map = GoMap<Int, BigValue>(seed: 99)
        XCTAssertEqual(map.stats.boxBytes, 0)
        for k in 0..<100 { map[k] = BigValue(k, tracker: tracker) }
        let box = 144  // 136 bytes with a reference: class 144 (no malloc header at or below 512)
        XCTAssertEqual(map.stats.boxBytes, 100 * box)
        XCTAssertEqual(map.removeValue(forKey: 5), BigValue(5, tracker: tracker))
        XCTAssertEqual(map.stats.boxBytes, 99 * box)
        map[6] = BigValue(60, tracker: tracker)  // update: same box
        XCTAssertEqual(map.stats.boxBytes, 99 * box)
        XCTAssertEqual(map[6]?.all.first, 60)
        XCTAssertEqual(tracker.live, 99)
        var witness = MapextraWitness()  // boxed values: the bucket has pointers, so B alone decides
        assertGoBytes(map, &witness, hasPointers: true, valueBox: box, "boxes")
        map.removeAll()
        XCTAssertEqual(map.stats.boxBytes, 0)
        XCTAssertEqual(tracker.live, 0)
        let keys = GoMap<BigKey, Int>(seed: 100)
        for k in 0..<50 { keys[BigKey(k)] = k }
        XCTAssertEqual(keys.stats.boxBytes, 50 * 144)
        for k in 0..<50 { XCTAssertEqual(keys.removeValue(forKey: BigKey(k)), k) }
        XCTAssertEqual(keys.stats.boxBytes, 0)
    }
}
