// Growth arithmetic, growth events, incremental evacuation, and the map's behaviour mid-growth.
import Foundation
import XCTest
@testable import GoMap

/// Records growth events together with the stats just before the write that produced them.
final class GrowthRecorder {
    var events: [GoMapGrowthEvent] = []
    var starts: [GoMapGrowthStart] { events.compactMap { if case .started(let s) = $0 { s } else { nil } } }
    var finishes: [GoMapGrowthFinish] { events.compactMap { if case .finished(let f) = $0 { f } else { nil } } }
}

final class GrowthTests: XCTestCase {
    /// The rule-derived counts the issue names, computed independently.
    func testRuleArithmetic() {
        XCTAssertEqual(ruleDoublings(inserting: 10_000_000), 21)
        XCTAssertEqual(ruleDoublings(inserting: 1_000_000), 18)
        XCTAssertEqual(ruleDoublings(inserting: 8), 0)
        XCTAssertEqual(ruleDoublings(inserting: 9), 1)
        XCTAssertEqual(ruleTriggerCount(fromB: 0), 8)
        XCTAssertEqual(ruleTriggerCount(fromB: 1), 13)
        XCTAssertEqual(ruleTriggerCount(fromB: 2), 26)
        XCTAssertEqual(ruleTriggerCount(fromB: 20), 6_815_744)
        for n in [1, 8, 9, 13, 14, 100, 12_345, 1_000_000, 10_000_000] {
            XCTAssertEqual(ruleDoublings(inserting: n), ruleB(forHint: n), "unsized n = \(n) ends at makemap's B")
        }
    }

    /// Bucket sizes: 88 / 80 / 152 / 144 for Int64→Bool / Int64→empty / String→Bool / String→empty,
    /// and Void as a value takes 0 bytes too.
    func testBucketSizes() {
        XCTAssertEqual(GoMap<Int64, Bool>.bucketSize, 88)
        XCTAssertEqual(GoMap<Int64, Empty>.bucketSize, 80)
        XCTAssertEqual(GoMap<String, Bool>.bucketSize, 152)
        XCTAssertEqual(GoMap<String, Empty>.bucketSize, 144)
        XCTAssertEqual(GoMap<Int64, Void>.bucketSize, 80)
        XCTAssertEqual(GoMap<Int64, Int64>.bucketSize, 8 + 64 + 64 + 8)
        XCTAssertEqual(GoMap<Int8, Int8>.bucketSize, 8 + 8 + 8 + 8)
        XCTAssertEqual(GoMap<Int64, BigValue>.bucketSize, 8 + 64 + 64 + 8, "boxed values take a pointer slot")
        XCTAssertEqual(GoMap<Int64, Bool>(seed: 1).stats.bucketSize, 88)
    }

    /// A doubling from B starts exactly when count == 8 (B = 0) or floor(6.5 * 2^B), with the
    /// event's index, kind, count, oldB, newB, and bytesAllocated == primaryBytes just after start.
    func testTriggerCountsAndStartEvents() {
        let map = GoMap<Int, Int>(seed: 11)
        let recorder = GrowthRecorder()
        var primaryAtStart: [Int] = []
        map.growthObserver = { [unowned map] event in
            recorder.events.append(event)
            if case .started = event { primaryAtStart.append(map.stats.primaryBytes) }
        }
        var startedAtCount: [Int] = []
        for k in 0..<20_000 {
            let before = recorder.starts.count
            let countBefore = map.count
            map[k] = k
            if recorder.starts.count != before { startedAtCount.append(countBefore) }
        }
        map.growthObserver = nil
        let starts = recorder.starts
        XCTAssertEqual(starts.count, ruleDoublings(inserting: 20_000))
        XCTAssertEqual(starts.count, 12)
        for (i, start) in starts.enumerated() {
            XCTAssertEqual(start.index, i + 1)
            XCTAssertEqual(start.kind, .doubling)
            XCTAssertEqual(start.oldB, i)
            XCTAssertEqual(start.newB, i + 1)
            XCTAssertEqual(start.count, ruleTriggerCount(fromB: i), "growth from B = \(i)")
            XCTAssertEqual(startedAtCount[i], ruleTriggerCount(fromB: i))
            XCTAssertEqual(start.bytesAllocated, primaryAtStart[i], "bytesAllocated == primaryBytes after start")
            XCTAssertGreaterThanOrEqual(start.bytesAllocated, GoMap<Int, Int>.bucketSize << (i + 1))
        }
        XCTAssertEqual(starts.map(\.count), [8, 13, 26, 52, 104, 208, 416, 832, 1664, 3328, 6656, 13312])
        XCTAssertEqual(map.stats.growthsDoubling, 12)
        XCTAssertEqual(map.stats.growthsSameSize, 0)
        XCTAssertEqual(map.stats.b, 12)
    }

    /// Finish events: same index and kind as their start, writes in 1...oldBucketCount, B, and
    /// bytesReleased equal to oldGenerationBytes just before it finished (the old generation is
    /// fixed from the start: measured in the start observer and before every write of the
    /// growth); the bytes then really leave the map.
    func testFinishEvents() {
        for seed: UInt64 in [21, 22] {
            let map = GoMap<Int, Int>(seed: seed)
            let recorder = GrowthRecorder()
            var oldGenAtStart: [Int: Int] = [:]  // growth index -> oldGenerationBytes just after start
            var totalsAtStart: [Int: Int] = [:]  // growth index -> totalBytes less hmap/mapextra after start
            map.growthObserver = { [unowned map] event in
                recorder.events.append(event)
                if case .started(let start) = event {
                    oldGenAtStart[start.index] = map.stats.oldGenerationBytes
                    totalsAtStart[start.index] = map.stats.totalBytes - map.stats.headerBytes
                }
            }
            var rng = SplitMix64(seed: seed)
            for k in 0..<30_000 {
                let s = map.stats
                if s.growing {
                    let index = s.growthsDoubling + s.growthsSameSize
                    XCTAssertEqual(s.oldGenerationBytes, oldGenAtStart[index], "seed \(seed) growth \(index)")
                }
                let finishesBefore = recorder.finishes.count
                if rng.below(5) == 0 { map.removeValue(forKey: rng.below(k + 1)) } else { map[k] = k }
                if recorder.finishes.count != finishesBefore {
                    let after = map.stats
                    let f = recorder.finishes.last!
                    XCTAssertFalse(after.growing)
                    XCTAssertEqual(after.oldGenerationBytes, 0)
                    if s.growing {  // the old generation's bytes left the map's total
                        // What the finishing write itself added: overflow buckets, their slice, mapextra.
                        let added = (after.overflowBytes - s.overflowBytes)
                            + (after.overflowSliceBytes - s.overflowSliceBytes) + (after.headerBytes - s.headerBytes)
                        XCTAssertEqual(s.totalBytes - f.bytesReleased, after.totalBytes - added,
                                       "seed \(seed) growth \(f.index)")
                    }
                }
            }
            map.growthObserver = nil
            let starts = recorder.starts
            let finishes = recorder.finishes
            XCTAssertEqual(starts.count, finishes.count, "seed \(seed): every growth finished")
            XCTAssertGreaterThan(finishes.count, 10)
            for (start, finish) in zip(starts, finishes) {
                XCTAssertEqual(finish.index, start.index)
                XCTAssertEqual(finish.kind, start.kind)
                XCTAssertEqual(finish.b, start.newB)
                XCTAssertGreaterThanOrEqual(finish.writes, 1)
                XCTAssertLessThanOrEqual(finish.writes, 1 << start.oldB, "seed \(seed) growth \(start.index)")
                XCTAssertEqual(finish.bytesReleased, oldGenAtStart[finish.index],
                               "seed \(seed) growth \(finish.index)")
                XCTAssertGreaterThan(finish.bytesReleased, 0)
                XCTAssertEqual(totalsAtStart[finish.index]! - start.bytesAllocated, finish.bytesReleased,
                               "the old generation is what the map held before the start, less its header")
            }
            // Events alternate start, finish, start, finish...
            for (i, event) in recorder.events.enumerated() {
                switch event {
                case .started: XCTAssertEqual(i % 2, 0)
                case .finished: XCTAssertEqual(i % 2, 1)
                }
            }
        }
    }

    /// N distinct keys into an unsized map cause exactly the doublings the rules imply and no
    /// same-size growth; with hint N, none at all.
    ///
    /// The real 10M-key insert runs every time (about 15 s in a debug build on this 2-core machine,
    /// several times that under ASan); 1M first, so a failure shows up early.
    func testUnsizedInsertsDoubleExactlyAsTheRulesSay() {
        for n in [1_000_000, 10_000_000] {
            let map = GoMap<Int64, Empty>(seed: 31)
            var i: Int64 = 0
            let end = Int64(n)
            while i < end {
                map[i] = Empty()
                i += 1
            }
            let stats = map.stats
            XCTAssertEqual(stats.count, n)
            XCTAssertEqual(stats.growthsDoubling, ruleDoublings(inserting: n), "n = \(n)")
            XCTAssertEqual(stats.growthsDoubling, n == 1_000_000 ? 18 : 21)
            XCTAssertEqual(stats.growthsSameSize, 0, "n = \(n)")
            XCTAssertEqual(stats.b, ruleB(forHint: n))
            XCTAssertLessThanOrEqual(stats.noverflow, stats.overflowBucketsInUse, "B >= 16: noverflow only samples")
        }
    }

    /// With hint N no growth happens while inserting N keys, and B is what makemap's rule says.
    func testHintedInsertsDoNotGrow() {
        for n in [1, 8, 9, 13, 14, 27, 100, 1_000, 6_656, 6_657, 100_000] {
            let map = GoMap<Int64, Bool>(hint: n, seed: UInt64(n))
            let b = ruleB(forHint: n)
            XCTAssertEqual(map.stats.b, b, "hint \(n)")
            XCTAssertEqual(GoMap<Int64, Bool>.bucketShift(forHint: n), b)
            for k in 0..<Int64(n) { map[k] = true }
            XCTAssertEqual(map.stats.growthsDoubling + map.stats.growthsSameSize, 0, "hint \(n)")
            XCTAssertEqual(map.stats.b, b)
            XCTAssertEqual(map.count, n)
        }
    }

    /// Same-size growth under churn: kind same-size, B unchanged, count unchanged, and overflow
    /// buckets repacked (the chains after the growth are no longer than before).
    func testSameSizeGrowthUnderChurn() {
        let map = GoMap<Int, Int>(seed: 41)
        let recorder = GrowthRecorder()
        var statsAtStart: [GoMapStats] = []
        map.growthObserver = { [unowned map] event in
            recorder.events.append(event)
            if case .started = event { statsAtStart.append(map.stats) }
        }
        let window = 200
        var schedule = ChurnSchedule(window: window, seed: 41)
        var sawSameSizeGrowing = false
        while recorder.finishes.filter({ $0.kind == .sameSize }).count < 3 && schedule.next < 200_000 {
            let k = schedule.insertKey()
            map[k] = k
            if let victim = schedule.deleteKey() { XCTAssertNotNil(map.removeValue(forKey: victim)) }
            let s = map.stats
            if s.growthKind == .sameSize {
                sawSameSizeGrowing = true
                XCTAssertEqual(s.oldBucketCount, 1 << s.b)
            }
        }
        map.growthObserver = nil
        XCTAssertTrue(sawSameSizeGrowing)
        let sameSize = recorder.starts.filter { $0.kind == .sameSize }
        XCTAssertGreaterThanOrEqual(sameSize.count, 3, "churn of \(schedule.next) ops gave no same-size growth")
        let b = ruleB(forHint: window + 1)
        for start in sameSize {
            XCTAssertEqual(start.oldB, b)
            XCTAssertEqual(start.newB, b)
            XCTAssertEqual(start.count, window, "a same-size growth starts on the insert at a full window")
        }
        for (start, stats) in zip(recorder.starts, statsAtStart) where start.kind == .sameSize {
            // The trigger: noverflow >= 2^min(B, 15); noverflow was reset to 0 by the start.
            XCTAssertEqual(stats.noverflow, 0)
            XCTAssertEqual(stats.growthKind, .sameSize)
            XCTAssertEqual(stats.b, b)
        }
        XCTAssertEqual(map.stats.growthsDoubling, b)
        map.checkInvariants()
    }

    /// The same-size trigger exactly: the growth starts on the first new-key insert that finds
    /// noverflow >= 2^B, and not before.
    func testSameSizeTriggerIsTheOverflowCount() {
        let map = GoMap<Int, Int>(seed: 42)
        var schedule = ChurnSchedule(window: 60, seed: 42)
        for _ in 0..<100_000 {
            let before = map.stats
            let next = schedule.insertKey()
            map[next] = next
            let after = map.stats
            let started = after.growthsSameSize != before.growthsSameSize
            if !before.growing {
                let shouldStart = before.noverflow >= 1 << min(before.b, 15)
                    && !ruleOverLoadFactor(before.count + 1, before.b)
                XCTAssertEqual(started, shouldStart, "insert \(next): noverflow \(before.noverflow) B \(before.b)")
                if started { break }
            }
            if let victim = schedule.deleteKey() { XCTAssertNotNil(map.removeValue(forKey: victim)) }
        }
        XCTAssertEqual(map.stats.growthsSameSize, 1)
    }

    /// At most two old chains are evacuated per write, nevacuate never goes back, and every old
    /// bucket below nevacuate is evacuated; lookups do no growth work.
    func testAtMostTwoOldChainsPerWrite() {
        let map = GoMap<Int, Int>(seed: 51)
        for k in 0..<832 { map[k] = k }  // B = 7, next insert doubles
        XCTAssertFalse(map.stats.growing)
        var dict = Dictionary(uniqueKeysWithValues: (0..<832).map { ($0, $0) })
        func evacuatedCount() -> Int {
            guard let old = map._h.pointee.oldBuckets else { return -1 }
            typealias M = GoMap<Int, Int>
            return (0..<map.stats.oldBucketCount).filter { M._isEvacuated(M._bucket(old, $0)) }.count
        }
        map[832] = 832
        dict[832] = 832
        XCTAssertTrue(map.stats.growing)
        XCTAssertEqual(map.stats.oldBucketCount, 128)
        XCTAssertLessThanOrEqual(evacuatedCount(), 2, "the insert that started the growth did its growth work")
        var writes = 1
        var rng = SplitMix64(seed: 51)
        var key = 833
        var lastNevacuate = map.stats.nevacuate
        while map.stats.growing {
            let evacuatedBefore = evacuatedCount()
            let nevacuateBefore = map.stats.nevacuate
            // Lookups: no growth work.
            for probe in 0..<20 { XCTAssertEqual(map[probe * 37], dict[probe * 37]) }
            XCTAssertEqual(evacuatedCount(), evacuatedBefore)
            XCTAssertEqual(map.stats.nevacuate, nevacuateBefore)
            if rng.below(3) == 0 {
                let k = rng.below(key)
                XCTAssertEqual(map.removeValue(forKey: k), dict.removeValue(forKey: k))
            } else {
                map[key] = key
                dict[key] = key
                key += 1
            }
            writes += 1
            guard map.stats.growing else { break }
            let evacuated = evacuatedCount()
            XCTAssertLessThanOrEqual(evacuated - evacuatedBefore, 2, "write \(writes)")
            XCTAssertGreaterThanOrEqual(evacuated - evacuatedBefore, 1, "write \(writes): the nevacuate bucket")
            XCTAssertGreaterThanOrEqual(map.stats.nevacuate, lastNevacuate)
            lastNevacuate = map.stats.nevacuate
            XCTAssertEqual(map._h.pointee.growthWrites, writes)
            map.checkInvariants()
        }
        XCTAssertLessThanOrEqual(writes, 128)
        XCTAssertGreaterThanOrEqual(writes, 64, "two chains per write: at least 128 / 2 writes")
        assertSameContents(map, dict, "after growth")
    }

    /// nevacuate skips already evacuated old buckets, but at most 1024 past the one just
    /// evacuated (Go's advanceEvacuationMark). Builds an island of 1100 evacuated old buckets
    /// ahead of nevacuate with deletes of absent keys aimed at them, then walks nevacuate up to
    /// the island: it must stop exactly 1024 buckets into it.
    func testEvacuationMarkSkipsAtMost1024() {
        let map = GoMap<Int, Empty>(seed: 55)
        let trigger = ruleTriggerCount(fromB: 13)  // 53_248 entries: the next insert doubles 13 -> 14
        for k in 0..<trigger { map[k] = Empty() }
        XCTAssertEqual(map.stats.b, 13)
        XCTAssertFalse(map.stats.growing)
        map[trigger] = Empty()
        XCTAssertTrue(map.stats.growing)
        XCTAssertEqual(map.stats.oldBucketCount, 8_192)
        // Absent keys for each old bucket (the hash seed stays fixed while count > 0).
        var probe = [Int: Int]()  // old bucket -> an absent key that maps to it
        var candidate = -1
        while probe.count < 8_192 {
            let bucket = Int(truncatingIfNeeded: map._hash(candidate)) & 8_191
            if probe[bucket] == nil { probe[bucket] = candidate }
            candidate -= 1
        }
        let islandStart = 4_000
        let islandEnd = 5_100  // 1_100 buckets: longer than the 1024 skip limit
        for bucket in islandStart..<islandEnd { XCTAssertNil(map.removeValue(forKey: probe[bucket]!)) }
        XCTAssertLessThan(map.stats.nevacuate, islandStart - 1_000)
        // Walk nevacuate up: a delete aimed at nevacuate + 1 evacuates it and nevacuate (+2); one
        // aimed at the island evacuates only nevacuate (+1).
        while map.stats.nevacuate < islandStart - 2 {
            let before = map.stats.nevacuate
            let step = before == islandStart - 3 ? 1 : 2
            map.removeValue(forKey: probe[step == 2 ? before + 1 : islandStart]!)
            XCTAssertEqual(map.stats.nevacuate, before + step)
        }
        XCTAssertEqual(map.stats.nevacuate, islandStart - 2)
        // Evacuates islandStart - 1, then islandStart - 2 (= nevacuate): nevacuate moves to
        // islandStart - 1, then over evacuated buckets until 1024 past that, inside the island.
        map.removeValue(forKey: probe[islandStart - 1]!)
        XCTAssertEqual(map.stats.nevacuate, islandStart - 1 + 1_024, "the 1024 skip limit")
        XCTAssertTrue(GoMap<Int, Empty>._isEvacuated(GoMap<Int, Empty>._bucket(map._h.pointee.oldBuckets!,
                                                                                  map.stats.nevacuate)))
        XCTAssertTrue(map.stats.growing)
        map.checkInvariants()
    }

    /// A map mid-growth answers every lookup as the Dictionary does, and iteration yields every
    /// entry exactly once, after each write of the growth (doubling and same-size).
    func testLookupsAndIterationDuringGrowth() {
        // Doubling.
        for seed: UInt64 in [61, 62, 63] {
            let map = GoMap<String, Int>(seed: seed)
            var dict = [String: Int]()
            var rng = SplitMix64(seed: seed)
            var k = 0
            var growingChecks = 0
            while k < 3_000 {
                if rng.below(4) == 0 && k > 0 {
                    let victim = stringKey(rng.below(k))
                    XCTAssertEqual(map.removeValue(forKey: victim), dict.removeValue(forKey: victim), "seed \(seed)")
                } else {
                    map[stringKey(k)] = k
                    dict[stringKey(k)] = k
                    k += 1
                }
                if map.stats.growing {
                    growingChecks += 1
                    assertSameContents(map, dict, "seed \(seed) mid-growth at k \(k)")
                    for absent in k..<(k + 5) { XCTAssertNil(map[stringKey(absent)]) }
                }
            }
            XCTAssertGreaterThan(growingChecks, 100, "seed \(seed)")
        }
        // Same-size.
        let map = GoMap<Int, Int>(seed: 64)
        var dict = [Int: Int]()
        var next = 0
        var checks = 0
        while next < 100_000 && checks < 400 {
            map[next] = next
            dict[next] = next
            if next >= 100 {
                map.removeValue(forKey: next - 100)
                dict.removeValue(forKey: next - 100)
            }
            next += 1
            if map.stats.growthKind == .sameSize {
                checks += 1
                assertSameContents(map, dict, "same-size mid-growth at \(next)")
            }
        }
        XCTAssertGreaterThan(checks, 0, "no same-size growth observed")
    }
}
