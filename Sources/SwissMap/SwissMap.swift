// SwissMap: Go's Swiss-table map (Go 1.24 and later, src/internal/runtime/maps), rebuilt in Swift.
//
// Every Go program built since February 2025 uses this map. mapheap rebuilds it, as it rebuilt
// the classic bucket map (GoMap), to see every growth as it happens and to count exact bytes
// without a garbage collector in the way. The rules are Go 1.27's, one by one
// (../shared/design/swiss-map-semantics.md); the code is this package's own.
//
// Words first.
//
//   slot          one key/value pair.
//   group         8 slots and an 8-byte control word.
//   control byte  one per slot: empty 0b1000_0000, deleted ("tombstone") 0b1111_1110, or full
//                 0b0hhh_hhhh, holding the key's H2.
//   H1, H2        a 64-bit hash splits into H1 = hash >> 7 (where probing starts) and
//                 H2 = hash & 0x7f (kept in the control byte, matched 8 at a time).
//   table         a complete open-addressing hash table of 2^k slots, 8 <= 2^k <= 1024.
//   growthLeft    how many more inserts a table takes before it must rehash: 7/8 of its
//                 capacity when empty (7 of 8 for a one-group table), less every insert into
//                 an empty slot; deletes that leave an empty slot give it back.
//   directory     2^globalDepth table pointers; the top globalDepth bits of a hash pick one.
//   localDepth    how many top hash bits a table really owns. A table with localDepth d fills
//                 2^(globalDepth - d) consecutive directory entries.
//   small map     a map that never held more than 8 entries: one group, no table, no directory.
//
//     directory (globalDepth 2)
//     +----+
//     | 00 | --\
//     +----+    +--> table A (localDepth 1: owns hashes 0b0...)
//     | 01 | --/
//     +----+
//     | 10 | -----> table B (localDepth 2: owns 0b10...)
//     +----+
//     | 11 | -----> table C (localDepth 2: owns 0b11...)
//     +----+
//
// Lookup. The directory entry hash >> (64 - globalDepth) names the table. In the table, probing
// visits groups at o, o+1, o+1+2, o+1+2+3, ... (mod the group count; o = H1 & (groups - 1)),
// which reaches every group once when the count is a power of two. In each group, one word
// operation (SWAR) flags the control bytes equal to H2; only those slots' keys are compared. The
// probe ends at the first group with an empty slot.
//
// Insert and delete. A new key goes to the first tombstone seen on its probe, else to the first
// empty slot of the group that ended it (which costs one growthLeft). A delete empties the slot
// when its group still has an empty slot (no probe ever ran past that group), else leaves a
// tombstone. When growthLeft is 0 and no tombstone can be reused, the table first tries to prune
// tombstones (only if they are at least 10 % of its capacity, and only if pruning frees at least
// 10 %), and otherwise rehashes:
//
//   - below 1024 slots, the table is replaced by one of twice the capacity ("table grow");
//   - at 1024 slots, it is split into two tables of 1024, localDepth + 1, each entry going left
//     or right by the hash bit the new depth adds ("table split"). A split of a table whose
//     localDepth equals globalDepth first doubles the directory ("directory grow").
//
// So one rehash moves at most 1024 slots' worth of entries, and there is no incremental
// evacuation: the old groups become garbage at once. A map of 10M keys ends as 16,384 tables of
// 1024 slots behind a directory of 16,384, whether it was presized or not.
//
// Layout (64-bit). Go lays a group out as the struct { ctrl uint64; slots [8]struct{ key K;
// elem V } } under its struct rules: fields in order at their alignment, one byte of padding
// after a trailing zero-size field of a non-empty struct, size rounded to the largest alignment.
// A zero-size value therefore still costs a slot its padding:
//
//     key Int64,  value Bool  : slot 16, group 8 + 8*16 = 136 bytes
//     key Int64,  value empty : slot 16, group 136 (golang/go#71368)
//     key String, value Bool  : slot 24, group 8 + 8*24 = 200 bytes
//     key String, value empty : slot 24, group 200
//
// Go 1.27's GOEXPERIMENT=mapsplitgroup lays out { ctrl uint64; keys [8]K; elems [8]V } instead
// (`SwissMapGroupLayout.split`): Int64 -> Bool is then 8 + 64 + 8 = 80 bytes, Int64 -> empty
// 8 + 64 + 1, rounded to 80. A key or value larger than 128 bytes is stored indirectly: its slot
// holds a pointer to a box of its own.
//
// Bytes. Every block is counted as Go's allocator would round it (MapCore's GoSizeClasses): the
// map header (48 bytes), the directory (8 per entry), per table its header (32) and its groups
// array, the small map's group, and each entry's indirect key and value objects. Group sizes, the
// groups' pointer flag and the indirect objects come from the map's `mapShape` (MapCore's
// MapShape, Go's map type descriptor). A full Int64 -> Bool table of 1024 slots holds 128 groups
// of 136 bytes, 17,408, which Go rounds to 18,432. The growth observer reports each growth with
// the bytes it allocated, the bytes it turned into garbage and the entries it moved.
//
// Storage and account. The map stores its Swift entries in groups laid out for the Swift Key and
// Value (by the same Go rules, `MapShape.storageGroup`), and counts the bytes of the Go map type
// `mapShape` describes. The two coincide for the default shape. With another shape, e.g. a Swift
// Int (the key's index) standing for Go's [16]byte, the structure is still Go's exactly: nothing
// in it depends on the key's bytes but the hash (8 slots a group, 7/8 load, 1024-slot tables, the
// directory), so growths, table counts and capacities equal Go's for the same hashes, and every
// byte figure is Go's for the shape (the hint limit too). Only the blocks the core really
// allocates (`forEachBlock`) have the Swift entries' size.
//
// Sizing from a hint is Go's NewMap exactly: a hint of at most 8 allocates nothing; otherwise
// targetCapacity = hint * 8 / 7, the directory gets the next power of two of
// ceil(targetCapacity / 1024) entries, and every table capacity
// nextPowerOfTwo(max(8, targetCapacity / dirSize)).
//
// Nothing shrinks: deletes leave tables and directory as they are; removeAll (Go's clear) empties
// every table in place and keeps them. Emptying the map (by delete or clear) renews its seed.
//
// Where this core differs from Go, and why:
// - Go frees a replaced table at its next garbage collection; this core frees it at once, and
//   reports what Go would still hold as garbage (`SwissMapGrowthEvent.bytesGarbage`).
// - The blocks themselves come from malloc (jemalloc under mapheap); the byte figures are Go's
//   rounding of them, not malloc's.
// - Go randomizes iteration order; this core iterates in directory order, each table's groups
//   in order. Mutating the map while iterating is a precondition failure.
// - Updating an existing key keeps the stored key (Swift's Dictionary does the same; Go
//   overwrites it only for keys whose equal values can differ, such as +0.0 and -0.0).
// - The hash is MapCore's seeded wyhash-style hash, not Go's aeshash.

import MapCore

/// The group layout: Go's default, or Go 1.27's `GOEXPERIMENT=mapsplitgroup`.
public enum SwissMapGroupLayout: String, Sendable, CaseIterable {
    /// `struct { ctrl uint64; slots [8]struct { key K; elem V } }`: each key next to its value.
    case interleaved
    /// `struct { ctrl uint64; keys [8]K; elems [8]V }`: all keys, then all values.
    case split
}

/// A hash map with Go's Swiss-table layout, growth rules and directory, and exact accounting of
/// its bytes (by Go's size classes) and of its growth events.
///
/// `SwissMap` has reference semantics, like a Go map: copies of a reference share one map.
/// It is not thread-safe. Create it with a size hint to presize it as Go's `make(map[K]V, hint)`:
///
///     let m = SwissMap<Int64, Bool>(hint: 1_000, seed: 42)
///     m[7] = true
///     print(m.stats.tables, m.stats.totalBytes)
public final class SwissMap<Key: Hashable, Value> {
    /// The map's mutable state, behind a pointer so that hot paths pay no exclusivity checks.
    @usableFromInline
    let _h: UnsafeMutablePointer<_SwissMapHeader>

    /// Whether the map uses the split group layout (else interleaved).
    @usableFromInline
    let _isSplit: Bool

    /// Where stored keys and values sit in a group, for this map's layout: a choice between two
    /// constants once the map is specialized, so slot addresses need no loads or multiplies.
    @inlinable
    var _geometry: GoGroupGeometry {
        @inline(__always) get { _isSplit ? Self._splitGeometry : Self._interleavedGeometry }
    }

    /// The Go map type whose bytes the map counts: its key's and value's layout, group geometry
    /// and indirect blocks. `MapShape.of(Key.self, Value.self)` unless given at init.
    public let mapShape: MapShape

    /// Go's group for `mapShape` in this map's layout: what the byte account counts.
    @usableFromInline
    let _account: GoGroupGeometry

    /// Called after every growth: small-to-table, table grow, table split, directory grow. Runs
    /// inside the mutating call, with the map already consistent; it must not mutate this map.
    /// When nil, growth costs nothing extra.
    public var growthObserver: ((SwissMapGrowthEvent) -> Void)?

    /// Creates an empty map.
    ///
    /// - Parameters:
    ///   - hint: The number of entries expected, as in Go's `make(map[K]V, hint)`. Above 8, the
    ///     directory and its tables are allocated now, sized as Go's `NewMap` sizes them. A
    ///     negative hint counts as 0; a hint whose arithmetic overflows or whose groups would
    ///     exceed Go's allocation limit gives an empty map, as in Go.
    ///   - seed: The seed of the map's hash and of its random source. The same seed and the same
    ///     operations give the same layout and the same counts. When nil, a random seed is used.
    ///   - layout: The group layout; `.split` is Go 1.27's `GOEXPERIMENT=mapsplitgroup`.
    ///   - shape: The Go map type to count bytes for (see "Storage and account");
    ///     `init(hint:seed:layout:)` takes the shape of `Key` and `Value` themselves.
    ///   - rules: The Go release's rules that differ (`GoRelease.swiss`): tombstone pruning and
    ///     the full small map's update in place. The newest release's by default.
    public init(hint: Int = 0, seed: UInt64? = nil, layout: SwissMapGroupLayout = .interleaved, shape: MapShape,
                rules: GoSwissRules = .latest) {
        let seed = seed ?? UInt64.random(in: .min ... .max)
        _isSplit = layout == .split
        mapShape = shape
        _account = layout == .split ? shape.splitGroup : shape.interleavedGroup
        _h = .allocate(capacity: 1)
        _h.initialize(to: _SwissMapHeader(seed: seed, layout: layout, rules: rules))
        _h.pointee.seed = _h.pointee.nextRandom()
        _newMap(hint: hint)
    }

    /// Creates an empty map that counts the bytes of its own Swift types' shape
    /// (`MapShape.of(Key.self, Value.self)`); see `init(hint:seed:layout:shape:)`.
    public convenience init(hint: Int = 0, seed: UInt64? = nil, layout: SwissMapGroupLayout = .interleaved) {
        self.init(hint: hint, seed: seed, layout: layout, shape: .of(Key.self, Value.self))
    }

    /// Creates an empty map of its own Swift types' shape under a Go release's rules (see
    /// `init(hint:seed:layout:shape:rules:)`).
    public convenience init(hint: Int = 0, seed: UInt64? = nil, layout: SwissMapGroupLayout = .interleaved,
                            rules: GoSwissRules) {
        self.init(hint: hint, seed: seed, layout: layout, shape: .of(Key.self, Value.self), rules: rules)
    }

    deinit {
        _releaseEverything()
        _h.deinitialize(count: 1)
        _h.deallocate()
    }

    /// The number of entries in the map.
    @inlinable
    public var count: Int { _h.pointee.count }

    /// The map's group layout.
    public var layout: SwissMapGroupLayout { _h.pointee.layout }

    /// The size in bytes of one group for this key and value type in `layout`, by Go's struct
    /// rules (control word, 8 keys and 8 values, trailing zero-size padding, rounded up to the
    /// largest alignment): the group the map stores its entries in, and Go's for the default
    /// shape. A map made with another shape counts `stats.groupSize`.
    public static func groupSize(layout: SwissMapGroupLayout = .interleaved) -> Int {
        (layout == .split ? _splitGeometry : _interleavedGeometry).size
    }
}
