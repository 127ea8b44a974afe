// Growth arithmetic: the shape a hint gives, the small map and its conversion, the sequence of
// table grows and splits with their bytes and moved entries, directory doubling, tombstone reuse
// and pruning, and the 10M-key shape.
import XCTest
@testable import SwissMap

final class GrowthTests: XCTestCase {
    /// NewMap's shape for hints at every boundary, against the rule restated in the tests.
    func testShapeFromHint() {
        for hint in [-5, 0, 1, 8] {
            XCTAssertNil(SwissMap<Int64, Bool>.shape(forHint: hint), "hint \(hint) allocates nothing")
        }
        let expected: [(Int, Int, Int)] = [  // hint, directory, capacity
            (9, 1, 16), (14, 1, 16), (15, 1, 32), (448, 1, 512), (449, 1, 1024), (896, 1, 1024), (897, 2, 512),
            (1_000, 2, 1024), (1_792, 2, 1024), (1_793, 4, 512), (5_000, 8, 1024), (100_000, 128, 1024),
            (10_000_000, 16_384, 1024),
        ]
        for (hint, directory, capacity) in expected {
            let shape = SwissMap<Int64, Bool>.shape(forHint: hint)
            XCTAssertEqual(shape?.directoryLength, directory, "hint \(hint)")
            XCTAssertEqual(shape?.tableCapacity, capacity, "hint \(hint)")
            XCTAssertEqual(shape.map { 1 << $0.globalDepth }, directory, "hint \(hint)")
        }
        // Just above a power of two of 896, the target splits over a doubled directory and each
        // table gets half: hint 897 targets 1025 slots, 2 tables of 1025 / 2 = 512.
        for hint in stride(from: 9, through: 300_000, by: 977) {
            let shape = SwissMap<Int64, Bool>.shape(forHint: hint)
            let rule = ruleShape(hint: hint)
            XCTAssertEqual(shape?.directoryLength, rule?.directory, "hint \(hint)")
            XCTAssertEqual(shape?.tableCapacity, rule?.capacity, "hint \(hint)")
        }
        // Overflow and the allocation limit give an empty map.
        XCTAssertNil(SwissMap<Int64, Bool>.shape(forHint: Int.max))
        XCTAssertNil(SwissMap<Int64, Bool>.shape(forHint: Int.max / 8 + 1), "hint * 8 wraps")
        XCTAssertNil(SwissMap<Int64, Bool>.shape(forHint: 1 << 40), "groups above 2^48 bytes")
        XCTAssertNotNil(SwissMap<Int64, Bool>.shape(forHint: 1 << 30))
        let empty = SwissMap<Int64, Bool>(hint: Int.max, seed: 1)
        XCTAssertEqual(empty.stats.tables, 0)
        XCTAssertEqual(empty.stats.totalBytes, 48)
    }

    /// A presized map allocates the shape at once: every table, the directory, their bytes.
    func testPresizedMapHasItsShapeAndBytes() {
        for hint in [9, 15, 500, 2_000, 40_000] {
            let map = SwissMap<Int64, Bool>(hint: hint, seed: 3)
            let rule = ruleShape(hint: hint)!
            let s = map.stats
            XCTAssertEqual(s.tables, rule.directory)
            XCTAssertEqual(s.directoryLength, rule.directory)
            XCTAssertEqual(s.totalCapacity, rule.directory * rule.capacity)
            XCTAssertEqual(s.growthLeft, rule.directory * rule.capacity * 7 / 8)
            XCTAssertEqual(map.tableCapacities, Array(repeating: rule.capacity, count: rule.directory))
            let groups = goBytes(rule.capacity / 8 * 136, pointers: false)
            XCTAssertEqual(s.totalBytes,
                           48 + goBytes(rule.directory * 8, pointers: true) + rule.directory * (32 + groups))
            let log = EventLog()
            log.attach(map)
            for k in 0..<Int64(hint) { map[k &* 0x9e37_79b9] = true }
            XCTAssertEqual(log.events, [], "a presized map takes its hint without growing (hint \(hint))")
            map.checkInvariants()
        }
    }

    /// The small map: nothing before the first insert, one group for up to 8 entries, and the
    /// 9th distinct key converts it into one table of 16 behind a directory of one.
    func testSmallMapAndItsConversion() {
        let map = SwissMap<Int64, Bool>(seed: 5)
        let log = EventLog()
        log.attach(map)
        XCTAssertFalse(map.stats.isSmall)
        XCTAssertEqual(map.stats.totalBytes, 48)
        for k in 0..<8 as Range<Int64> { map[k] = true }
        map[3] = false  // an update does not convert
        var s = map.stats
        XCTAssertTrue(s.isSmall)
        XCTAssertEqual(s.totalCapacity, 8)
        XCTAssertEqual(s.growthLeft, 0)
        XCTAssertEqual(s.directoryLength, 0)
        XCTAssertEqual(s.smallGroupBytes, goBytes(136, pointers: false))
        XCTAssertEqual(s.totalBytes, 48 + 144)
        XCTAssertEqual(log.events, [])
        map[8] = true
        s = map.stats
        XCTAssertFalse(s.isSmall)
        XCTAssertEqual(s.tables, 1)
        XCTAssertEqual(s.directoryLength, 1)
        XCTAssertEqual(s.totalCapacity, 16)
        XCTAssertEqual(s.growthLeft, 14 - 9)
        let event = try! XCTUnwrap(log.events.first)
        XCTAssertEqual(log.events.count, 1)
        XCTAssertEqual(event.kind, .smallToTable)
        XCTAssertEqual(event.count, 8)
        XCTAssertEqual(event.entriesMoved, 8)
        XCTAssertEqual(event.oldCapacity, 8)
        XCTAssertEqual(event.newCapacity, 16)
        XCTAssertEqual(event.bytesAllocated, 32 + goBytes(2 * 136, pointers: false) + 8)
        XCTAssertEqual(event.bytesGarbage, 144)
        XCTAssertEqual(s.garbageBytes, 144)
        // Deleting back to 8 keeps the table: nothing shrinks.
        map[8] = nil
        map[7] = nil
        XCTAssertFalse(map.stats.isSmall)
        XCTAssertEqual(map.stats.totalCapacity, 16)
        map.checkInvariants()
    }

    /// Unsized inserts of distinct keys: the table doubles when the insert of key 7c/8 + 1
    /// finds growthLeft 0 (16 -> 32 at 14 entries, ..., 512 -> 1024 at 448), the first split
    /// comes at 896 and doubles the directory. Every event's bytes and moved entries follow.
    func testGrowthSequenceAndEventArithmetic() {
        let map = SwissMap<Int64, Bool>(seed: 11)
        let log = EventLog()
        log.attach(map)
        for k in 0..<Int64(897) { map[k] = true }
        let grows = log.of(.tableGrow)
        XCTAssertEqual(grows.map(\.oldCapacity), [16, 32, 64, 128, 256, 512])
        XCTAssertEqual(grows.map(\.newCapacity), [32, 64, 128, 256, 512, 1024])
        XCTAssertEqual(grows.map(\.count), [14, 28, 56, 112, 224, 448])
        XCTAssertEqual(grows.map(\.entriesMoved), grows.map(\.count))
        for e in grows {
            XCTAssertEqual(e.bytesAllocated, 32 + goBytes(e.newCapacity / 8 * 136, pointers: false))
            XCTAssertEqual(e.bytesGarbage, 32 + goBytes(e.oldCapacity / 8 * 136, pointers: false))
        }
        let directory = log.of(.directoryGrow)
        let splits = log.of(.tableSplit)
        XCTAssertEqual(splits.count, 1)
        XCTAssertEqual(directory.count, 1)
        XCTAssertEqual(splits[0].count, 896)
        XCTAssertEqual(splits[0].entriesMoved, 896)
        XCTAssertEqual(splits[0].localDepth, 1)
        XCTAssertEqual(splits[0].bytesAllocated, 2 * (32 + 18_432))
        XCTAssertEqual(splits[0].bytesGarbage, 32 + 18_432)
        XCTAssertEqual(directory[0].bytesAllocated, 16)
        XCTAssertEqual(directory[0].bytesGarbage, 8)
        XCTAssertEqual(directory[0].index + 1, splits[0].index, "the directory doubles, then the split is reported")
        XCTAssertEqual(log.events.map(\.index), Array(1...log.events.count))
        let s = map.stats
        XCTAssertEqual(s.tables, 2)
        XCTAssertEqual(s.directoryLength, 2)
        XCTAssertEqual(s.globalDepth, 1)
        XCTAssertEqual(s.growthLeft, 2 * 896 - 897)
        // Bytes held = header + the first small group + everything allocated - everything garbage.
        let allocated = log.events.reduce(0) { $0 + $1.bytesAllocated }
        let garbage = log.events.reduce(0) { $0 + $1.bytesGarbage }
        XCTAssertEqual(s.totalBytes, 48 + 144 + allocated - garbage)
        XCTAssertEqual(s.garbageBytes, 144 + garbage - 144)
        map.checkInvariants()
    }

    /// Splits past the first: a table whose localDepth is below globalDepth splits without a
    /// directory grow; with it equal, the directory doubles. Directory and tables stay consistent.
    func testSplitsAndDirectoryDoubling() {
        let map = SwissMap<Int, Int>(seed: 12)
        let log = EventLog()
        log.attach(map)
        for k in 0..<60_000 { map[k] = k }
        let s = map.stats
        XCTAssertEqual(s.tables, 1 + log.of(.tableSplit).count)
        XCTAssertEqual(s.directoryLength, 1 << log.of(.directoryGrow).count)
        XCTAssertEqual(s.globalDepth, log.of(.directoryGrow).count)
        XCTAssertGreaterThan(log.of(.tableSplit).count, log.of(.directoryGrow).count, "splits without doubling")
        for e in log.of(.directoryGrow) {
            XCTAssertEqual(e.bytesAllocated, goBytes(e.directoryLength * 8, pointers: true))
            XCTAssertEqual(e.bytesGarbage, goBytes(e.directoryLength / 2 * 8, pointers: true))
            XCTAssertEqual(e.entriesMoved, 0)
        }
        XCTAssertEqual(map.tableCapacities.reduce(0, +), s.totalCapacity)
        XCTAssertEqual(s.totalCapacity, s.tables * 1024)
        map.checkInvariants()
        for k in 0..<60_000 { XCTAssertEqual(map[k], k) }
    }

    /// A delete in a full group leaves a tombstone; the next insert whose probe passes it reuses
    /// it without spending growthLeft. A delete in a group with an empty slot empties the slot.
    func testTombstoneReuse() {
        let map = SwissMap<Int, Int>(hint: 14, seed: 21)  // one table of 16 slots: 2 groups
        XCTAssertEqual(map.stats.totalCapacity, 16)
        let group = { (k: Int) in Int(truncatingIfNeeded: map._hash(k) >> 7) & 1 }
        let zeros = (0..<10_000).filter { group($0) == 0 }
        for k in zeros.prefix(8) { map[k] = k }
        XCTAssertEqual(map.stats.growthLeft, 6)
        map[zeros[0]] = nil  // group 0 is full: tombstone
        XCTAssertEqual(map.stats.tombstones, 1)
        XCTAssertEqual(map.stats.growthLeft, 6)
        map[zeros[8]] = 8  // probes group 0 (tombstone), then group 1 (empty): reuses the tombstone
        XCTAssertEqual(map.stats.tombstones, 0)
        XCTAssertEqual(map.stats.growthLeft, 6)
        let ones = (0..<10_000).filter { group($0) == 1 }
        map[ones[0]] = 0
        XCTAssertEqual(map.stats.growthLeft, 5)
        map[ones[0]] = nil  // group 1 has empty slots: the slot is emptied, growthLeft returns
        XCTAssertEqual(map.stats.tombstones, 0)
        XCTAssertEqual(map.stats.growthLeft, 6)
        map.checkInvariants()
    }

    /// With growthLeft 0, an insert first prunes tombstones no probe needs (when they are at
    /// least 10 % of the capacity and pruning frees 10 %), instead of rehashing; below the
    /// threshold, it rehashes.
    func testPruneBeforeRehash() {
        for tombstones in [1, 2] {
            let map = SwissMap<Int, Int>(hint: 14, seed: 22)
            let log = EventLog()
            log.attach(map)
            let group = { (k: Int) in Int(truncatingIfNeeded: map._hash(k) >> 7) & 1 }
            let zeros = (0..<10_000).filter { group($0) == 0 }
            let ones = (0..<10_000).filter { group($0) == 1 }
            for k in zeros.prefix(8) { map[k] = k }
            for k in ones.prefix(6) { map[k] = k }
            XCTAssertEqual(map.stats.growthLeft, 0)
            for k in zeros.prefix(tombstones) { map[k] = nil }
            XCTAssertEqual(map.stats.tombstones, tombstones)
            map[ones[6]] = 6  // probe ends in group 1, no tombstone on the way: growthLeft 0
            if tombstones == 2 {  // 2 * 10 >= 16: pruned, no rehash
                XCTAssertEqual(map.stats.prunes, 1)
                XCTAssertEqual(map.stats.tombstones, 0)
                XCTAssertEqual(map.stats.totalCapacity, 16)
                XCTAssertEqual(map.stats.growthLeft, 1)
                XCTAssertEqual(log.events, [])
            } else {  // 1 * 10 < 16: not worth it, the table grows
                XCTAssertEqual(map.stats.prunes, 0)
                XCTAssertEqual(map.stats.totalCapacity, 32)
                XCTAssertEqual(log.of(.tableGrow).count, 1)
                XCTAssertEqual(map.stats.tombstones, 0, "a rehash drops tombstones")
            }
            map.checkInvariants()
        }
    }

    /// A tombstone some probe still needs is not pruned: a key whose probe starts in group 1 but
    /// sits in group 0 (group 1 was full) keeps group 1's tombstones, so pruning frees nothing
    /// and the table grows instead.
    func testPruneKeepsNeededTombstones() {
        let map = SwissMap<Int, Int>(hint: 14, seed: 23)
        let log = EventLog()
        log.attach(map)
        let group = { (k: Int) in Int(truncatingIfNeeded: map._hash(k) >> 7) & 1 }
        let zeros = (0..<10_000).filter { group($0) == 0 }
        let ones = (0..<10_000).filter { group($0) == 1 }
        for k in ones.prefix(9) { map[k] = k }  // 8 fill group 1; the 9th lands in group 0
        for k in zeros.prefix(5) { map[k] = k }  // 14 entries: growthLeft 0, group 0 has 2 empty slots
        XCTAssertEqual(map.stats.growthLeft, 0)
        for k in ones.prefix(2) { map[k] = nil }  // tombstones in full group 1, needed by ones[8]
        XCTAssertEqual(map.stats.tombstones, 2)
        map[zeros[5]] = 5  // probe ends in group 0: growthLeft 0, prune finds nothing to free
        XCTAssertEqual(map.stats.prunes, 0)
        XCTAssertEqual(log.of(.tableGrow).count, 1)
        XCTAssertEqual(map.stats.totalCapacity, 32)
        map.checkInvariants()
        XCTAssertEqual(map[ones[8]], ones[8])
    }

    /// Delete keeps every table and the directory; emptying the map renews the seed; clear empties
    /// tables in place (tombstones gone) and renews the seed too.
    func testNothingShrinksAndSeedsRenew() {
        let map = SwissMap<Int, Int>(seed: 31)
        for k in 0..<5_000 { map[k] = k }
        let before = map.stats
        let seed = map._h.pointee.seed
        for k in 0..<4_999 { map[k] = nil }
        XCTAssertEqual(map.stats.tables, before.tables)
        XCTAssertEqual(map.stats.totalCapacity, before.totalCapacity)
        XCTAssertEqual(map.stats.totalBytes, before.totalBytes)
        XCTAssertEqual(map._h.pointee.seed, seed)
        map[4_999] = nil
        XCTAssertNotEqual(map._h.pointee.seed, seed, "the last delete renews the seed")
        XCTAssertGreaterThan(map.stats.tombstones, 0)
        let seed2 = map._h.pointee.seed
        map.removeAll()  // no entries, but tombstones are possible: Go clears anyway
        XCTAssertEqual(map.stats.tombstones, 0)
        XCTAssertEqual(map.stats.growthLeft, before.totalCapacity * 7 / 8)
        XCTAssertEqual(map.stats.totalBytes, before.totalBytes)
        XCTAssertNotEqual(map._h.pointee.seed, seed2)
        let seed3 = map._h.pointee.seed
        map.removeAll()  // empty, no tombstones: nothing happens
        XCTAssertEqual(map._h.pointee.seed, seed3)
        map.checkInvariants()
    }

    /// 10M distinct Int64 keys inserted unsized end as 16,384 tables of 1024 slots behind a
    /// directory of 16,384 (globalDepth 14), after 16,383 splits, with Go's bytes:
    /// 48 + 131,072 + 16,384 * (32 + 18,432). About 30 s in a debug build.
    func testTenMillionKeysUnsized() {
        assertTenMillionKeysShape(presized: false)
    }

    /// The same 10M keys into a map presized for them: the same shape, with no growth at all.
    func testTenMillionKeysPresized() {
        assertTenMillionKeysShape(presized: true)
    }

    private func assertTenMillionKeysShape(presized: Bool) {
        let n = 10_000_000
        let map = SwissMap<Int64, Bool>(hint: presized ? n : 0, seed: 77)
        var events = 0
        var splits = 0
        map.growthObserver = {
            events += 1
            if $0.kind == .tableSplit { splits += 1 }
        }
        var x: UInt64 = 0
        for _ in 0..<n {  // distinct keys: a bijective scramble of 1...n
            x &+= 1
            map[Int64(bitPattern: x &* 0x9e37_79b9_7f4a_7c15)] = true
        }
        let s = map.stats
        XCTAssertEqual(s.count, n)
        XCTAssertEqual(s.tables, 16_384)
        XCTAssertEqual(s.directoryLength, 16_384)
        XCTAssertEqual(s.globalDepth, 14)
        XCTAssertEqual(s.totalCapacity, 16_384 * 1024)
        XCTAssertEqual(s.growthLeft, 16_384 * 896 - n)
        XCTAssertEqual(s.totalBytes, 48 + 131_072 + 16_384 * (32 + 18_432))
        XCTAssertEqual(splits, presized ? 0 : 16_383)
        XCTAssertEqual(events, presized ? 0 : 1 + 6 + 16_383 + 14)
    }
}
