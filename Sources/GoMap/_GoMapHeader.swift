import MapCore

/// The state of one map. Lives behind a pointer owned by `GoMap`.
///
/// Go keeps most of this in `hmap` and `mapextra`; the byte and bucket counters are this core's
/// own accounting, kept exact so that `stats` costs nothing to compute.
@usableFromInline
struct _GoMapHeader {
    /// Live entries.
    @usableFromInline var count = 0
    /// log2 of the number of primary buckets.
    @usableFromInline var b = 0
    /// Go's approximate overflow bucket count (exact below B = 16), a 16-bit counter.
    @usableFromInline var noverflow: UInt16 = 0
    /// The hash seed (Go's hash0).
    @usableFromInline var hash0: UInt64 = 0
    /// State of the map's seeded random source (wyrand), used for hash0 and noverflow.
    @usableFromInline var rng: UInt64
    /// The current bucket array (2^b primary buckets, then preallocated overflow buckets); nil
    /// until the first insert when B is 0.
    @usableFromInline var buckets: UnsafeMutableRawPointer?
    /// The old bucket array while a growth is in progress, else nil.
    @usableFromInline var oldBuckets: UnsafeMutableRawPointer?
    /// The next old bucket to evacuate in order; everything below it is evacuated.
    @usableFromInline var nevacuate = 0
    /// Whether the growth in progress keeps B (same-size) rather than doubling.
    @usableFromInline var sameSizeGrow = false
    /// The next unused preallocated overflow bucket of the current array, or nil.
    @usableFromInline var nextOverflow: UnsafeMutableRawPointer?
    /// Go's bytes of the current array (its size class or pages).
    @usableFromInline var arrayBytes = 0
    /// Whole buckets in the current array: primary plus preallocated overflow.
    @usableFromInline var arrayBucketCount = 0
    /// Go's bytes of the old array.
    @usableFromInline var oldArrayBytes = 0
    /// Whole buckets in the old array.
    @usableFromInline var oldArrayBucketCount = 0
    /// B of the old array.
    @usableFromInline var oldB = 0
    /// Overflow buckets linked into the current array's chains (preallocated or allocated); for a
    /// pointer-free bucket type, the length of Go's `extra.overflow` slice.
    @usableFromInline var overflowInUse = 0
    /// Overflow buckets linked into the old array's chains (the length of `extra.oldoverflow`).
    @usableFromInline var oldOverflowInUse = 0
    /// Capacity of Go's `extra.overflow` slice (0: none); only pointer-free bucket types have one.
    @usableFromInline var overflowSliceCapacity = 0
    /// Capacity of Go's `extra.oldoverflow` slice (0: none).
    @usableFromInline var oldOverflowSliceCapacity = 0
    /// Whether Go would have allocated `mapextra` by now (it is never freed).
    @usableFromInline var hasMapextra = false
    /// Separately allocated overflow buckets of the current generation, to free them.
    @usableFromInline var overflowList = _BlockList()
    /// Separately allocated overflow buckets of the old generation.
    @usableFromInline var oldOverflowList = _BlockList()
    /// Growths started so far, by kind.
    @usableFromInline var growthsDoubling = 0
    @usableFromInline var growthsSameSize = 0
    /// Writes that did evacuation work in the growth in progress.
    @usableFromInline var growthWrites = 0
    /// Bumped by every mutation; iterators check it.
    @usableFromInline var mutations = 0

    /// The release's rules (GoRelease): whether pointerful blocks above 512 bytes carry malloc
    /// headers (Go 1.22+), and the bytes of Go's `hmap` (56 in 1.24 and 1.25).
    @usableFromInline let mallocHeaders: Bool
    @usableFromInline let hmapBytes: Int
    /// The load factor's numerator over 2: 13 (6.5 entries per bucket), 12 in Go 1.21.
    @usableFromInline let loadFactorNum: Int

    @usableFromInline
    init(seed: UInt64, rules: GoClassicRules) {
        rng = seed
        mallocHeaders = rules.mallocHeaders.value
        hmapBytes = rules.hmapBytes.value
        loadFactorNum = rules.loadFactorNum.value
    }

    /// The next value of the map's random source (wyrand: a seeded, reproducible generator).
    @inlinable
    mutating func nextRandom() -> UInt64 {
        rng &+= 0xa076_1d64_78bd_642f
        return SeededHash.mix(rng, rng ^ 0xe703_7ed1_a0b4_28db)
    }

    /// Growths started so far (the index of the latest one).
    @inlinable
    var growths: Int { growthsDoubling + growthsSameSize }

    /// The kind of the growth in progress, or nil.
    @inlinable
    var growthKind: GoMapGrowthKind? {
        oldBuckets == nil ? nil : (sameSizeGrow ? .sameSize : .doubling)
    }

    /// Whether a growth is in progress.
    @inlinable
    var growing: Bool { oldBuckets != nil }

    /// The number of old buckets (Go's noldbuckets).
    @inlinable
    var oldBucketCount: Int { 1 << oldB }
}

/// A growable list of separately allocated blocks (GoMap's own, to free them; Go's garbage
/// collector needs none). Its bytes are the Swift core's, not Go's: Go's `extra.overflow` slice is
/// counted by the rules instead (see `GoMapStats`).
@usableFromInline
struct _BlockList {
    @usableFromInline var base: UnsafeMutablePointer<UnsafeMutableRawPointer>?
    @usableFromInline var count = 0
    @usableFromInline var capacity = 0

    @usableFromInline
    init() {}

    /// Bytes requested for the list's own block.
    @usableFromInline
    var listBytes: Int { capacity * MemoryLayout<UnsafeMutableRawPointer>.stride }

    /// Appends a block.
    @usableFromInline
    mutating func append(_ block: UnsafeMutableRawPointer) {
        if count == capacity {
            let newCapacity = Swift.max(8, capacity * 2)
            let bytes = newCapacity * MemoryLayout<UnsafeMutableRawPointer>.stride
            let raw = _realloc(UnsafeMutableRawPointer(base), bytes)
            base = raw.bindMemory(to: UnsafeMutableRawPointer.self, capacity: newCapacity)
            capacity = newCapacity
        }
        base.unsafelyUnwrapped[count] = block
        count += 1
    }

    /// Frees every listed block and the list itself.
    @usableFromInline
    mutating func freeAll() {
        if let base {
            for i in 0..<count { _free(base[i]) }
            _free(UnsafeMutableRawPointer(base))
        }
        self = _BlockList()
    }

    /// Calls `body` with every listed block.
    @usableFromInline
    func forEach(_ body: (UnsafeMutableRawPointer) -> Void) {
        guard let base else { return }
        for i in 0..<count { body(base[i]) }
    }
}
