// GoMap: Go's classic bucket hash map (Go 1.0 to 1.23, src/runtime/map.go), rebuilt in Swift.
//
// mapheap exists to show how this map grows and what the growth costs in memory, so the core
// follows Go's rules one by one (../shared/design/go-map-semantics.md) and counts its own bytes
// exactly.
//
// The shape. A map is an array of 2^B buckets. A bucket holds up to 8 entries: 8 bytes of
// "tophash" (the top byte of each entry's hash, or a marker), then the 8 keys, then the 8 values,
// then a pointer to an overflow bucket. Keys sit together and values together so that a small
// value (Bool) packs without padding; a zero-size value (Go's struct{}, Swift's empty struct or
// Void) takes no bytes at all. A key or value larger than 128 bytes is boxed out of line.
//
//     key Int64,  value Bool  : 8 + 8*8  + 8*1 + 8 =  88 bytes
//     key Int64,  value empty : 8 + 8*8  + 0   + 8 =  80 bytes
//     key String, value Bool  : 8 + 8*16 + 8*1 + 8 = 152 bytes
//     key String, value empty : 8 + 8*16 + 0   + 8 = 144 bytes
//
// The low B bits of a key's hash pick its bucket; its top 8 bits are its tophash, which lets a
// lookup skip most key comparisons. Tophash values 0...4 are markers (empty, empty-with-nothing-
// after, evacuated to X, evacuated to Y, evacuated-empty), so a computed tophash below 5 gets 5
// added.
//
// Growth. The map grows when an insert of a new key would take the average load above 6.5
// entries per bucket (count > 8 and count > 13 * 2^B / 2): the bucket array doubles. It also
// grows when too many overflow buckets exist (noverflow >= 2^min(B, 15)): then a same-size
// growth repacks the entries and drops sparse chains. Go's table for the chosen load factor:
//
//     loadFactor  %overflow  bytes/entry  hitprobe  missprobe
//           4.00       2.13        20.77      3.00       4.00
//           4.50       4.05        17.30      3.25       4.50
//           5.00       6.85        14.77      3.50       5.00
//           5.50      10.55        12.94      3.75       5.50
//           6.00      15.27        11.67      4.00       6.00
//           6.50      20.90        10.79      4.25       6.50
//           7.00      27.14        10.15      4.50       7.00
//           7.50      34.03         9.73      4.75       7.50
//           8.00      41.10         9.40      5.00       8.00
//
// (From map.go, for 64-bit, 8-byte keys and values, maximally loaded tables just before growth.
// %overflow: buckets that have an overflow bucket; bytes/entry: overhead per key/value pair;
// hitprobe and missprobe: entries checked per lookup of a present or absent key.)
//
// Growth is incremental. Starting a growth allocates the new array and keeps the old one as
// the "old generation"; nothing moves yet. Every insert or delete while growing first evacuates
// the old bucket its key maps to and then old bucket `nevacuate`, so a write moves at most two
// old chains and no single insert pays for the whole copy. While both arrays live, the map holds
// old + new bytes: this is the peak a heap curve shows. When the last old bucket is evacuated the
// old array and its overflow buckets are freed at once.
//
// Nothing shrinks: deleting keys leaves the array and the chains; only a later same-size growth
// repacks. removeAll keeps B and the array (Go's clear).
//
// Bytes. `stats` counts the map's bytes by Go's rules, so they are Go's bytes: every block Go 1.23
// allocates for the map, rounded by Go's allocator (MapCore's GoSizeClasses: 67 size classes up to
// 32 KiB, an 8-byte malloc header on objects with pointers above 512 bytes, 8 KiB pages above).
// The figures come from the map's `mapShape` (MapCore's MapShape, Go's map type descriptor): its
// bucket size, whether the bucket type has pointers, and its indirect blocks.
//   - Bucket arrays hold the buckets Go's makeBucketArray gives them: 2^B, and from B = 4 on
//     2^(B-4) more, the request rounded up with Go's roundupsize and every whole bucket of that
//     slack kept as a preallocated overflow bucket. So the preallocated overflow buckets number
//     exactly Go's.
//   - Overflow buckets are one object each (Go's newobject), and so is each entry's key or value
//     when the shape stores it indirectly (over 128 bytes): `count * mapShape.indirectBytesPerEntry`.
//   - The map header (hmap, 48 bytes) and mapextra (24 bytes, once Go would allocate it: the first
//     array with preallocated overflow buckets, or the first overflow bucket of a pointer-free
//     bucket type) are counted, not allocated in that shape: the core keeps its own state.
//   - For a bucket type without pointers Go also keeps every overflow bucket it hands out in the
//     slice extra.overflow (extra.oldoverflow while growing): a 24-byte slice header and an array of
//     pointers grown by append (growslice, rounded by roundupsize). The core counts that slice as Go
//     grows it; it tracks its own overflow blocks in a list of its own, which is not counted.
//   Whether a bucket type has pointers decides the malloc header and the slice. Go decides by type
//   (a key or value slot with pointers; an indirect slot is a pointer); the default shape reads
//   "not trivial" (`_isPOD`) as "has pointers": Int64, Bool and empty structs are pointer-free as
//   in Go, String (Go's string) and class references have pointers. A Swift UnsafePointer key is
//   trivial but would be a pointer in Go; it counts as pointer-free there.
//
// Storage and account. The map stores its Swift entries in buckets laid out for the Swift Key and
// Value (by the same Go rules, `MapShape.storageBucket`), and counts the bytes of the Go map type
// `mapShape` describes. The two coincide for the default shape. With another shape, e.g. a Swift Int
// (the key's index) standing for Go's [16]byte, the map keeps Go's structure exactly, because
// nothing in it depends on the key's bytes but the hash: 8 entries per bucket, the load factor, the
// overflow chains and the counts are the same; each bucket array holds as many buckets as Go's
// makeBucketArray gives the shape's bucket (the preallocated overflow buckets depend on the bucket
// size), and the hint limit is Go's for the shape's bucket. So growths, B, noverflow and every
// count equal Go's for the same hashes, and every byte figure is Go's for the shape; only the
// blocks the core really asks malloc for (`forEachBlock`) are the Swift entries' size.
//   What malloc (jemalloc) makes of the core's real blocks is its own rounding; the harness
//   measures it and reports it beside these figures.
//
// Where this core differs from Go, and why:
// - Go frees the old generation when its garbage collector runs; this core frees it the moment
//   evacuation completes. Heap curves therefore show the earliest possible release.
// - Go allocates from its own size classes; this core allocates the same requests from malloc and
//   counts them by Go's classes (see "Bytes"). What malloc spends on them differs from Go's
//   figures; reports show both.
// - Go's tiny allocator packs pointer-free objects under 16 bytes together; no block of a map is
//   that small and pointer-free, so this changes nothing here.
// - Go randomizes iteration order; this core iterates in bucket order (still hash order, not
//   insertion order). Mutating the map while iterating is a precondition failure.
// - Updating an existing key keeps the stored key (Swift's Dictionary does the same).
// - The hash is not Go's aeshash but a seeded wyhash-style mix (Int and String keys) or Swift's
//   Hasher seeded with the map's seed (any other Hashable); see GoMap+Hashing.swift.

import MapCore

/// A hash map with Go's bucket layout, growth rules and incremental evacuation, and exact
/// accounting of its own bytes and growth events.
///
/// `GoMap` has reference semantics, like a Go map: copies of a reference share one map.
/// It is not thread-safe. Create it with a size hint to presize it as Go's `make(map[K]V, hint)`:
///
///     let m = GoMap<Int64, Bool>(hint: 1_000, seed: 42)
///     m[7] = true
///     print(m.stats.b, m.stats.totalBytes)
public final class GoMap<Key: Hashable, Value> {
    /// The map's mutable state, behind a pointer so that hot paths pay no exclusivity checks.
    @usableFromInline
    let _h: UnsafeMutablePointer<_GoMapHeader>

    /// The Go map type whose bytes the map counts: its key's and value's layout, bucket geometry and
    /// indirect blocks. `MapShape.of(Key.self, Value.self)` unless given at init.
    public let mapShape: MapShape

    /// Called when a growth starts and when it finishes. Runs inside the mutating call; it must
    /// not mutate this map. When nil, growth costs nothing extra.
    public var growthObserver: ((GoMapGrowthEvent) -> Void)?

    /// Creates an empty map.
    ///
    /// - Parameters:
    ///   - hint: The number of entries expected, as in Go's `make(map[K]V, hint)`. B becomes
    ///     the smallest value whose buckets hold `hint` entries within the load factor, and the
    ///     bucket array is allocated now (for B > 0). A negative hint counts as 0, and so does a
    ///     hint whose bucket array could not be allocated (as Go does).
    ///   - seed: The seed of the map's hash and of its random source. The same seed and the same
    ///     operations give the same layout and the same counts. When nil, a random seed is used.
    ///   - shape: The Go map type to count bytes for (see "Storage and account"); `init(hint:seed:)`
    ///     takes the shape of `Key` and `Value` themselves. Its key and value may be other types than the
    ///     stored ones, e.g. `MapShape(key: [16]byte's layout, value: Session's layout)` for a map
    ///     that stores an index as its key.
    ///   - rules: The Go release's rules that differ (`GoRelease.classic`): malloc headers, the
    ///     header's bytes and the load factor. Go 1.23's by default.
    public init(hint: Int = 0, seed: UInt64? = nil, shape: MapShape, rules: GoClassicRules = .go123) {
        let seed = seed ?? UInt64.random(in: .min ... .max)
        self.mapShape = shape
        _h = .allocate(capacity: 1)
        _h.initialize(to: _GoMapHeader(seed: seed, rules: rules))
        _h.pointee.hash0 = _h.pointee.nextRandom()
        _makeMap(hint: hint)
    }

    /// Creates an empty map that counts the bytes of its own Swift types' shape
    /// (`MapShape.of(Key.self, Value.self)`); see `init(hint:seed:shape:)`.
    public convenience init(hint: Int = 0, seed: UInt64? = nil) {
        self.init(hint: hint, seed: seed, shape: .of(Key.self, Value.self))
    }

    /// Creates an empty map of its own Swift types' shape under a Go release's rules (see
    /// `init(hint:seed:shape:rules:)`).
    public convenience init(hint: Int = 0, seed: UInt64? = nil, rules: GoClassicRules) {
        self.init(hint: hint, seed: seed, shape: .of(Key.self, Value.self), rules: rules)
    }

    deinit {
        _releaseEverything()
        _h.deinitialize(count: 1)
        _h.deallocate()
    }

    /// The number of entries in the map.
    @inlinable
    public var count: Int { _h.pointee.count }

    /// The size in bytes of one bucket for this key and value type (8 tophash bytes, 8 key
    /// slots, 8 value slots and an overflow pointer, rounded up to the largest alignment): the
    /// bucket the map stores its entries in, and Go's for the default shape. A map made with
    /// another shape counts `mapShape.bucket.size` (`stats.bucketSize`).
    @inlinable
    public static var bucketSize: Int { _bucketSize }
}
