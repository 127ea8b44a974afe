@testable import GoMap
import XCTest

/// The insert fast path in `_assign` must put every new key exactly where Go's mapassign (here:
/// `_assignSlow`, the full algorithm) puts it, and start every growth the full algorithm starts.
/// Contents alone cannot show that, so this compares layouts: two maps with one seed get the same
/// operations, one through the public API (fast path when it applies), one with every insert
/// through `_assignSlow`; their tophash bytes and keys must match slot for slot.
final class FastPathTests: XCTestCase {
    /// Inserts through the full algorithm only.
    private func slowInsert(_ map: GoMap<Int, Int>, _ key: Int, _ value: Int) {
        let (bucket, slot, inserted) = map._assignSlow(key, hash: map._hash(key))
        let pointer = GoMap<Int, Int>._valuePointer(bucket, slot)
        if inserted { pointer.initialize(to: value) } else { pointer.pointee = value }
    }

    /// Every chain of `array` (2^b primary buckets): tophash words and live keys, in chain order.
    private func layout(_ array: UnsafeMutableRawPointer?, buckets: Int) -> [[UInt64]] {
        guard let array else { return [] }
        return (0..<buckets).map { index in
            var words: [UInt64] = []
            var current: UnsafeMutableRawPointer? = GoMap<Int, Int>._bucket(array, index)
            while let b = current {
                words.append(GoMap<Int, Int>._topWord(b))
                for i in 0..<8 where GoMap<Int, Int>._top(b, i) >= 5 {
                    words.append(UInt64(bitPattern: Int64(GoMap<Int, Int>._keyPointer(b, i).pointee)))
                }
                current = GoMap<Int, Int>._overflow(b)
            }
            return words
        }
    }

    private func assertSameLayout(_ fast: GoMap<Int, Int>, _ slow: GoMap<Int, Int>, _ context: String) {
        XCTAssertEqual(fast.stats, slow.stats, context)
        let f = fast._h.pointee
        let s = slow._h.pointee
        XCTAssertEqual(layout(f.buckets, buckets: 1 << f.b), layout(s.buckets, buckets: 1 << s.b), context)
        if f.oldBuckets != nil {
            XCTAssertEqual(layout(f.oldBuckets, buckets: f.oldBucketCount),
                           layout(s.oldBuckets, buckets: s.oldBucketCount), context)
        }
    }

    func testFastPathPlacesKeysLikeMapassign() {
        for seed: UInt64 in [1, 2, 3, 4] {
            var random = SplitMix64(seed: seed)
            let hint = [0, 100, 1_000, 0][Int(seed - 1)]
            let fast = GoMap<Int, Int>(hint: hint, seed: seed)
            let slow = GoMap<Int, Int>(hint: hint, seed: seed)
            var fastEvents: [GoMapGrowthEvent] = []
            var slowEvents: [GoMapGrowthEvent] = []
            fast.growthObserver = { fastEvents.append($0) }
            slow.growthObserver = { slowEvents.append($0) }
            // Inserts, updates and deletes over a key range that keeps the map near full load, so
            // that emptyOne holes, overflow chains and both kinds of growth all occur.
            for step in 0..<60_000 {
                let key = Int(random.next() % 6_000)
                if random.next() % 3 == 0 {
                    XCTAssertEqual(fast.removeValue(forKey: key), slow.removeValue(forKey: key))
                } else {
                    fast[key] = step
                    slowInsert(slow, key, step)
                }
                if step % 997 == 0 { assertSameLayout(fast, slow, "seed \(seed), step \(step)") }
            }
            assertSameLayout(fast, slow, "seed \(seed), end")
            XCTAssertEqual(fastEvents, slowEvents, "seed \(seed): growth events")
            XCTAssertGreaterThan(fastEvents.count, 0, "seed \(seed): the run saw growths")
        }
    }
}
