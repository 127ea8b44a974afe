// The maps under test behind one small interface: GoMap, and Swift's Dictionary and Set as peers.
import GoMap

/// A map a workload drives: insert, remove, and what the sampler reads.
protocol _MeasuredMap {
    associatedtype Key: Hashable
    /// Inserts `key` (with the workload's constant value).
    mutating func insert(_ key: Key)
    /// Removes `key`.
    mutating func remove(_ key: Key)
    /// Live entries.
    var count: Int { get }
    /// log2 of the bucket count (GoMap: B; peers: the storage's bucket count).
    var b: Int { get }
    /// Storage capacity in entries; a change means the storage was reallocated (peers).
    var capacity: Int { get }
    /// The map's own byte accounting, when it has one (GoMap).
    var mapBytes: Int? { get }
    /// Overflow buckets in use, when the map has them (GoMap).
    var overflowBuckets: Int? { get }
    /// Whether an incremental growth is in progress (GoMap).
    var growing: Bool { get }
    /// Whether growths are reported through GoMap's observer; otherwise the workload watches
    /// `capacity` for storage reallocations.
    static var observesGrowth: Bool { get }
}

/// GoMap with a constant value.
struct _GoMapUnderTest<Key: Hashable, Value>: _MeasuredMap {
    let map: GoMap<Key, Value>
    let value: Value

    @inline(__always) mutating func insert(_ key: Key) { map.updateValue(value, forKey: key) }
    @inline(__always) mutating func remove(_ key: Key) { map.removeValue(forKey: key) }
    var count: Int { map.count }
    var b: Int { map.stats.b }
    var capacity: Int { 1 << map.stats.b }
    var mapBytes: Int? { map.stats.totalBytes }
    var overflowBuckets: Int? { map.stats.overflowBucketsInUse }
    var growing: Bool { map.stats.growing }
    static var observesGrowth: Bool { true }
}

/// log2 of the bucket count of a Swift hashed collection with this capacity (its storage keeps
/// at most 3/4 of 2^scale buckets occupied).
func _swiftHashedScale(capacity: Int) -> Int {
    var scale = 0
    while Int(Double(1 << scale) * 0.75) < capacity { scale += 1 }
    return scale
}

/// Swift's Dictionary with a constant value.
struct _DictionaryUnderTest<Key: Hashable, Value>: _MeasuredMap {
    var dictionary: [Key: Value]
    let value: Value

    @inline(__always) mutating func insert(_ key: Key) { dictionary[key] = value }
    @inline(__always) mutating func remove(_ key: Key) { dictionary.removeValue(forKey: key) }
    var count: Int { dictionary.count }
    var b: Int { _swiftHashedScale(capacity: dictionary.capacity) }
    var capacity: Int { dictionary.capacity }
    var mapBytes: Int? { nil }
    var overflowBuckets: Int? { nil }
    var growing: Bool { false }
    static var observesGrowth: Bool { false }
}

/// Swift's Set (the peer of an empty-value map).
struct _SetUnderTest<Key: Hashable>: _MeasuredMap {
    var storage: Set<Key>

    @inline(__always) mutating func insert(_ key: Key) { storage.insert(key) }
    @inline(__always) mutating func remove(_ key: Key) { storage.remove(key) }
    var count: Int { storage.count }
    var b: Int { _swiftHashedScale(capacity: storage.capacity) }
    var capacity: Int { storage.capacity }
    var mapBytes: Int? { nil }
    var overflowBuckets: Int? { nil }
    var growing: Bool { false }
    static var observesGrowth: Bool { false }
}
