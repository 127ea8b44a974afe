// Byte accounting against the allocator, preallocated overflow buckets, noverflow, boxes, and
// what delete and removeAll keep or drop.
import XCTest
@testable import GoMap

final class MemoryTests: XCTestCase {
    /// Asserts that the map's byte figures equal the usable sizes of the blocks it holds.
    func assertBytesMatch<K, V>(
        _ map: GoMap<K, V>, _ context: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let s = map.stats
        let measured = measuredBlocks(map)
        XCTAssertEqual(s.totalBytes, measured.bytes, "totalBytes; \(context)", file: file, line: line)
        XCTAssertEqual(s.totalBytes, s.primaryBytes + s.overflowBytes + s.oldGenerationBytes + s.boxBytes,
                       file: file, line: line)
        if let buckets = map._h.pointee.buckets {
            XCTAssertEqual(s.primaryBytes, usableSize(buckets), "primaryBytes; \(context)", file: file, line: line)
        } else {
            XCTAssertEqual(s.primaryBytes, 0, file: file, line: line)
        }
        if let old = map._h.pointee.oldBuckets {
            XCTAssertGreaterThanOrEqual(s.oldGenerationBytes, usableSize(old), context, file: file, line: line)
        }
    }

    /// The byte figures equal the sum of malloc_usable_size of the map's blocks after every
    /// write, during and after growths of both kinds, and after delete and clear.
    func testByteAccountingMatchesTheAllocator() {
        let map = GoMap<Int, Int>(seed: 71)
        assertBytesMatch(map, "empty")
        var duringGrowth = 0
        for k in 0..<7_000 {
            map[k] = k
            if map.stats.growing { duringGrowth += 1 }
            assertBytesMatch(map, "insert \(k)")
        }
        XCTAssertGreaterThan(duringGrowth, 1_000)
        // Churn through same-size growths.
        for k in 0..<7_000 { map.removeValue(forKey: k) }
        assertBytesMatch(map, "all deleted")
        map[1] = 1
        map.removeAll()
        assertBytesMatch(map, "cleared")
        // Churn through same-size growths.
        let churn = GoMap<Int, Int>(seed: 72)
        var schedule = ChurnSchedule(window: 400, seed: 72)
        var duringSameSize = 0
        for _ in 0..<20_000 {
            let k = schedule.insertKey()
            churn[k] = k
            if let victim = schedule.deleteKey() { XCTAssertNotNil(churn.removeValue(forKey: victim)) }
            if churn.stats.growthKind == .sameSize { duringSameSize += 1 }
            assertBytesMatch(churn, "churn \(k)")
        }
        XCTAssertGreaterThan(churn.stats.growthsSameSize, 0)
        XCTAssertGreaterThan(duringSameSize, 0)
    }

    /// Byte accounting with boxed keys and values, and with String keys and an empty value.
    func testByteAccountingWithBoxesAndStrings() {
        let boxed = GoMap<BigKey, BigValue>(seed: 72)
        for k in 0..<700 {
            boxed[BigKey(k)] = BigValue(k)
            if k % 3 == 0 { assertBytesMatch(boxed, "boxed insert \(k)") }
        }
        XCTAssertEqual(boxed.stats.boxBytes, 700 * 2 * usableSizeOfMalloc(MemoryLayout<BigKey>.size))
        for k in stride(from: 0, to: 700, by: 2) { boxed.removeValue(forKey: BigKey(k)) }
        assertBytesMatch(boxed, "boxed after deletes")
        let strings = GoMap<String, Empty>(seed: 73)
        for k in 0..<3_000 {
            strings[stringKey(k)] = Empty()
            if k % 5 == 0 { assertBytesMatch(strings, "string insert \(k)") }
        }
    }

    /// A hint of 0 allocates nothing until the first insert, then exactly one bucket.
    func testHintZeroAllocatesOneBucketOnFirstInsert() {
        let map = GoMap<Int64, Bool>(seed: 81)
        XCTAssertNil(map._h.pointee.buckets)
        XCTAssertEqual(map.stats.totalBytes, 0)
        XCTAssertEqual(measuredBlocks(map).blocks, 0)
        XCTAssertEqual(map[1], nil)
        XCTAssertEqual(map.removeValue(forKey: 1), nil)
        XCTAssertNil(map._h.pointee.buckets, "lookups and deletes allocate nothing")
        map[1] = true
        XCTAssertEqual(map.stats.b, 0)
        XCTAssertEqual(map._h.pointee.arrayBucketCount, 1)
        XCTAssertEqual(map.stats.preallocatedOverflowBuckets, 0)
        XCTAssertEqual(map.stats.primaryBytes, usableSizeOfMalloc(88))
        XCTAssertEqual(measuredBlocks(map).blocks, 1)
        XCTAssertEqual(map.stats.totalBytes, measuredBlocks(map).bytes)
    }

    /// Negative and huge hints: B = 0, nothing allocated, no crash; the map still works.
    func testHintEdgeCases() {
        for hint in [-1, -1_000, Int.min, Int.max / 2, Int.max, Int.max / 88 + 1] {
            let map = GoMap<Int64, Bool>(hint: hint, seed: 82)
            XCTAssertEqual(map.stats.b, 0, "hint \(hint)")
            XCTAssertEqual(map.stats.totalBytes, 0, "hint \(hint)")
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
            XCTAssertEqual(map.stats.b, expected[hint]!)
            XCTAssertNotNil(map._h.pointee.buckets, "B > 0: allocated at creation")
            XCTAssertEqual(map.count, 0)
            XCTAssertEqual(map.stats.primaryBytes, usableSize(map._h.pointee.buckets!))
        }
    }

    /// From B >= 4 the array carries >= 2^(B-4) preallocated overflow buckets, exactly
    /// usable / bucketSize - 2^B; below 4 none.
    func testPreallocatedOverflowBuckets() {
        for b in 1...16 {
            let hint = 13 << (b - 1)  // the largest hint that gives B = b
            XCTAssertEqual(ruleB(forHint: hint), b)
            let map = GoMap<Int64, Bool>(hint: hint, seed: 84)
            let s = map.stats
            XCTAssertEqual(s.b, b)
            let size = GoMap<Int64, Bool>.bucketSize
            if b < 4 {
                XCTAssertEqual(s.preallocatedOverflowBuckets, 0, "B \(b)")
                XCTAssertEqual(s.preallocatedOverflowBucketsFree, 0, "B \(b)")
            } else {
                XCTAssertGreaterThanOrEqual(s.preallocatedOverflowBuckets, 1 << (b - 4), "B \(b)")
                XCTAssertEqual(s.preallocatedOverflowBuckets, s.primaryBytes / size - (1 << b), "B \(b)")
                XCTAssertEqual(s.preallocatedOverflowBucketsFree, s.preallocatedOverflowBuckets, "B \(b): none used")
            }
            XCTAssertGreaterThanOrEqual(s.primaryBytes, size * ((1 << b) + (b >= 4 ? 1 << (b - 4) : 0)))
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
        XCTAssertEqual(after.totalBytes, after.primaryBytes)
        XCTAssertNotEqual(map._h.pointee.hash0, seedBefore, "clear renews the seed")
        XCTAssertEqual(measuredBlocks(map).bytes, after.totalBytes)
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
        XCTAssertEqual(measuredBlocks(growing).bytes, growing.stats.totalBytes)
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
        let box = usableSizeOfMalloc(MemoryLayout<BigValue>.size)
        XCTAssertEqual(map.stats.boxBytes, 100 * box)
        XCTAssertEqual(map.removeValue(forKey: 5), BigValue(5, tracker: tracker))
        XCTAssertEqual(map.stats.boxBytes, 99 * box)
        map[6] = BigValue(60, tracker: tracker)  // update: same box
        XCTAssertEqual(map.stats.boxBytes, 99 * box)
        XCTAssertEqual(map[6]?.all.first, 60)
        XCTAssertEqual(tracker.live, 99)
        assertBytesMatch(map, "boxes")
        map.removeAll()
        XCTAssertEqual(map.stats.boxBytes, 0)
        XCTAssertEqual(tracker.live, 0)
        let keys = GoMap<BigKey, Int>(seed: 100)
        for k in 0..<50 { keys[BigKey(k)] = k }
        XCTAssertEqual(keys.stats.boxBytes, 50 * usableSizeOfMalloc(MemoryLayout<BigKey>.size))
        for k in 0..<50 { XCTAssertEqual(keys.removeValue(forKey: BigKey(k)), k) }
        XCTAssertEqual(keys.stats.boxBytes, 0)
    }
}

/// The usable size malloc gives a request of `size` bytes in this process.
func usableSizeOfMalloc(_ size: Int) -> Int {
    let p = malloc(size)!
    defer { free(p) }
    return usableSize(p)
}
