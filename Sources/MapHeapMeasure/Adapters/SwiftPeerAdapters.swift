// Swift's Dictionary and Set as maps under test: the peers. They keep no byte account of their own,
// do not grow incrementally, and name their structure by `capacity`; their growths are
// reallocations, seen by the loop as a change of capacity after an insert.
import MapHeapModel

/// Swift's Dictionary with a constant value.
struct DictionaryAdapter<Key: Hashable, Value>: MapAdapter {
    var dictionary: [Key: Value]
    let value: Value

    @inline(__always) mutating func insert(_ key: Key) { dictionary[key] = value }
    @inline(__always) mutating func remove(_ key: Key) { dictionary.removeValue(forKey: key) }
    @inline(__always) func lookup(_ key: Key) -> Bool { dictionary[key].map(_isWorkloadValue) ?? false }
    var count: Int { dictionary.count }
    var structure: MapStructure { MapStructure(capacity: dictionary.capacity) }
    var mapBytes: Int? { nil }
    var growing: Bool? { nil }
    static var growthReporting: GrowthReporting { .watchedCapacity }
    var watchedCapacity: Int { dictionary.capacity }
}

/// Swift's Set (the peer of an empty-value map; the value is ignored).
struct SetAdapter<Key: Hashable>: MapAdapter {
    var storage: Set<Key>

    @inline(__always) mutating func insert(_ key: Key) { storage.insert(key) }
    @inline(__always) mutating func remove(_ key: Key) { storage.remove(key) }
    @inline(__always) func lookup(_ key: Key) -> Bool { storage.contains(key) }
    var count: Int { storage.count }
    var structure: MapStructure { MapStructure(capacity: storage.capacity) }
    var mapBytes: Int? { nil }
    var growing: Bool? { nil }
    static var growthReporting: GrowthReporting { .watchedCapacity }
    var watchedCapacity: Int { storage.capacity }
}

/// Dictionary's registration: `Dictionary(minimumCapacity: hint)`.
struct _DictionaryMaker: _ShapeVisitor {
    let run: _WorkloadRun

    func visit<Keys: _KeySource, Value>(keys: Keys, value: Value) -> ResultSet {
        let hint = run.spec.workload.hint
        return run.measure(keys) { DictionaryAdapter<Keys.Key, Value>(dictionary: .init(minimumCapacity: hint),
                                                                      value: value) }
    }
}

/// Set's registration: `Set(minimumCapacity: hint)`; suites give it empty values only.
struct _SetMaker: _ShapeVisitor {
    let run: _WorkloadRun

    func visit<Keys: _KeySource, Value>(keys: Keys, value: Value) -> ResultSet {
        let hint = run.spec.workload.hint
        return run.measure(keys) { SetAdapter<Keys.Key>(storage: Set(minimumCapacity: hint)) }
    }
}
