// GoMapModel's derived surface (the subscript, contains, isEmpty, keys, values, totalBytes) on a
// Dictionary-backed model, and the growth detail's facts. GoMap and SwissMap run the same derived
// methods in their differential tests.
import MapCore
import XCTest

/// The smallest GoMapModel: a Dictionary, a byte account of 48 + 16 per entry, no growths.
private final class DictionaryModel<Key: Hashable, Value>: GoMapModel {
    struct Stats: GoMapModelStats {
        var count: Int
        var headerBytes: Int { 48 }
        var boxBytes: Int { 0 }
        var totalBytes: Int { headerBytes + 16 * count }
    }

    struct Event: GoMapModelGrowthEvent {
        var modelGrowth: GoMapModelGrowth
    }

    var storage: [Key: Value] = [:]
    var growthObserver: ((Event) -> Void)?

    init(hint: Int, seed: UInt64?) { storage.reserveCapacity(hint) }
    var count: Int { storage.count }
    func value(forKey key: Key) -> Value? { storage[key] }
    func updateValue(_ value: Value, forKey key: Key) -> Value? { storage.updateValue(value, forKey: key) }
    func removeValue(forKey key: Key) -> Value? { storage.removeValue(forKey: key) }
    func removeAll() { storage.removeAll(keepingCapacity: true) }
    var stats: Stats { Stats(count: storage.count) }
    var structure: GoMapModelStructure { GoMapModelStructure(capacity: storage.capacity) }
    var isGrowing: Bool? { nil }
    func checkInvariants() {}
    func makeIterator() -> AnyIterator<(key: Key, value: Value)> {
        var inner = storage.makeIterator()
        return AnyIterator { inner.next() }
    }
}

final class GoMapModelTests: XCTestCase {
    /// Setting through the subscript inserts, updates and (with nil) removes; contains and isEmpty
    /// follow.
    func testSubscriptContainsAndIsEmpty() {
        let map = DictionaryModel<Int, String>(hint: 4, seed: nil)
        XCTAssertTrue(map.isEmpty)
        XCTAssertFalse(map.contains(1))
        XCTAssertNil(map[1])
        map[1] = "one"
        map[2] = "two"
        map[1] = "uno"
        XCTAssertEqual(map.count, 2)
        XCTAssertEqual(map[1], "uno")
        XCTAssertTrue(map.contains(2))
        XCTAssertFalse(map.isEmpty)
        map[2] = nil
        XCTAssertFalse(map.contains(2))
        XCTAssertNil(map[2])
        XCTAssertEqual(map.count, 1)
        map[1] = nil
        XCTAssertTrue(map.isEmpty)
    }

    /// keys and values are iteration's, pair by pair; underestimatedCount is the count.
    func testKeysValuesAndUnderestimatedCount() {
        let map = DictionaryModel<Int, Int>(hint: 0, seed: 1)
        for k in 0..<50 { map[k] = k * 3 }
        let pairs = Array(map)
        XCTAssertEqual(Array(map.keys), pairs.map(\.key))
        XCTAssertEqual(Array(map.values), pairs.map(\.value))
        XCTAssertEqual(Set(map.keys), Set(0..<50))
        XCTAssertEqual(map.underestimatedCount, 50)
    }

    /// A model that keeps no cheaper total reads `stats.totalBytes`.
    func testTotalBytesDefaultsToStats() {
        let map = DictionaryModel<Int, Int>(hint: 0, seed: 1)
        for k in 0..<10 { map[k] = k }
        XCTAssertEqual(map.totalBytes, 48 + 160)
    }

    /// A detail keeps its facts in order and ends at the first empty name.
    func testGrowthDetailFacts() {
        let one = GoMapModelGrowth.Detail("splits", 1)
        XCTAssertEqual(one.count, 1)
        XCTAssertEqual(one.facts.map(\.name), ["splits"])
        let three = GoMapModelGrowth.Detail("old_b", 3, "new_b", 4, "load", 6.5)
        XCTAssertEqual(three.count, 3)
        XCTAssertEqual(three.facts.map(\.name), ["old_b", "new_b", "load"])
        XCTAssertEqual(three.facts.map(\.value), [3, 4, 6.5])
        let four = GoMapModelGrowth.Detail("a", 1, "b", 2, "c", 3, "d", 4)
        XCTAssertEqual(four.facts.map(\.name), ["a", "b", "c", "d"])
        XCTAssertEqual(four.facts.map(\.value), [1, 2, 3, 4])
    }
}
