// The public surface both map cores share (GoMap, Go's classic bucket map; SwissMap, Go's Swiss
// table), stated once: what a core must provide, and everything derived from it.
//
// A core provides the operations that depend on its layout (lookup, insert or update, delete,
// clear, iteration), its byte account by Go's rules, its structure in its own words and its growth
// events. The protocol extension derives the rest (the subscript, `contains`, `isEmpty`, `keys`,
// `values`), so a derived method is written once for both cores. The derived methods and the cores'
// lookup and update are `@inlinable`: code generic over `GoMapModel` (mapheap's adapter, the
// differential tests, gomap-bench) is specialized for each core and calls its hot paths directly,
// with no existential box.

/// A Swift model of a Go map: Go's layout, growth rules and byte account, with the surface of a
/// dictionary of reference semantics (copies of a reference share one map).
public protocol GoMapModel<Key, Value>: AnyObject, Sequence where Element == (key: Key, value: Value) {
    /// The stored key type.
    associatedtype Key: Hashable
    /// The stored value type.
    associatedtype Value
    /// The map's statistics at one moment.
    associatedtype Stats: GoMapModelStats
    /// What the map reports to its growth observer.
    associatedtype GrowthEvent: GoMapModelGrowthEvent

    /// An empty map presized for `hint` entries as Go's `make(map[K]V, hint)` presizes it, hashing
    /// with `seed` (a random seed when nil), counting the bytes of its own Swift types' shape.
    init(hint: Int, seed: UInt64?)

    /// The number of entries in the map.
    var count: Int { get }

    /// The value for `key`, or nil when the map has no entry for it.
    func value(forKey key: Key) -> Value?

    /// Sets the value for `key`, inserting the key if it is new.
    ///
    /// - Returns: The value it replaced, or nil when the key was inserted.
    @discardableResult
    func updateValue(_ value: Value, forKey key: Key) -> Value?

    /// Removes the entry for `key`.
    ///
    /// - Returns: The removed value, or nil when the map had no entry for it.
    @discardableResult
    func removeValue(forKey key: Key) -> Value?

    /// Removes every entry, with Go's clear semantics (the map keeps its storage).
    func removeAll()

    /// The map's statistics now, including its exact byte account by Go's rules.
    var stats: Stats { get }

    /// All bytes the map holds now by Go's rules (`stats.totalBytes`); a core may compute it more
    /// cheaply than a whole `stats`.
    var totalBytes: Int { get }

    /// The map's structure now, in its own words (what does not apply to the core is nil).
    var structure: GoMapModelStructure { get }

    /// Whether a growth that goes on over later writes is in progress; nil for a core whose growths
    /// complete within the insert that causes them.
    var isGrowing: Bool? { get }

    /// Called with every growth event. Runs inside the mutating call; it must not mutate this map.
    /// When nil, growth costs nothing extra.
    var growthObserver: ((GrowthEvent) -> Void)? { get set }

    /// Checks every structural invariant and panics with a description of the first broken one.
    /// O(size); for tests.
    func checkInvariants()
}

extension GoMapModel {
    /// The value for `key`, or nil. Setting a value inserts or updates; setting nil removes.
    @inlinable
    public subscript(key: Key) -> Value? {
        @inline(__always) get { value(forKey: key) }
        @inline(__always) set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Whether the map has an entry for `key`.
    @inlinable @inline(__always)
    public func contains(_ key: Key) -> Bool {
        value(forKey: key) != nil
    }

    /// Whether the map has no entries.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// The number of entries (a Sequence's lower bound is exact for a map).
    @inlinable
    public var underestimatedCount: Int { count }

    /// The map's keys, in iteration order.
    @inlinable
    public var keys: LazyMapSequence<Self, Key> { lazy.map { $0.key } }

    /// The map's values, in iteration order.
    @inlinable
    public var values: LazyMapSequence<Self, Value> { lazy.map { $0.value } }

    /// All bytes the map holds now by Go's rules: `stats.totalBytes`.
    @inlinable
    public var totalBytes: Int { stats.totalBytes }
}

/// What the statistics of both cores share: the entries and the byte account by Go's rules.
public protocol GoMapModelStats: Sendable, Equatable {
    /// Live entries.
    var count: Int { get }
    /// Go's bytes for the map header (and, for the classic map, `mapextra` once allocated).
    var headerBytes: Int { get }
    /// Go's bytes for out-of-line boxes (keys or values larger than 128 bytes in the shape).
    var boxBytes: Int { get }
    /// All bytes the map holds now by Go's rules.
    var totalBytes: Int { get }
}

/// A map's structure in its own words: the classic map's B and overflow buckets, the Swiss map's
/// tables and directory, and both maps' slots. A figure that does not apply to a core is nil.
public struct GoMapModelStructure: Sendable, Equatable {
    /// Classic map: log2 of the bucket count.
    public var b: Int?
    /// Classic map: overflow buckets in use (both generations).
    public var overflowBuckets: Int?
    /// Swiss map: distinct tables.
    public var tables: Int?
    /// Swiss map: directory length (0 for a small map).
    public var directoryLength: Int?
    /// Slots: classic 8·2^B, Swiss the sum of table capacities (8 for a small map), Swift's hashed
    /// collections their `capacity` (MapHeapModel's `MapStructure` is this type).
    public var capacity: Int?

    /// A structure; figures left out do not apply.
    @inlinable
    public init(b: Int? = nil, overflowBuckets: Int? = nil, tables: Int? = nil, directoryLength: Int? = nil,
                capacity: Int? = nil) {
        self.b = b
        self.overflowBuckets = overflowBuckets
        self.tables = tables
        self.directoryLength = directoryLength
        self.capacity = capacity
    }
}
