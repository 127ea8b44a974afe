// The map's state (Go's maps.Map) and one table's state (Go's maps.table), plus this core's own
// byte and event counters, kept exact so that `stats` costs little.
import MapCore

/// The state of one map. Lives behind a pointer owned by `SwissMap`.
@usableFromInline
struct _SwissMapHeader {
    /// Live entries (Go's used).
    @usableFromInline var count = 0
    /// The hash seed; renewed whenever the map becomes empty.
    @usableFromInline var seed: UInt64 = 0
    /// State of the map's seeded random source (wyrand), used for seeds.
    @usableFromInline var rng: UInt64
    /// The directory: `directoryLength` table pointers. Nil while the map is small or unallocated.
    @usableFromInline var directory: UnsafeMutablePointer<UnsafeMutablePointer<_SwissTable>>?
    /// Directory entries (2^globalDepth), or 0 for a small or unallocated map.
    @usableFromInline var directoryLength = 0
    /// log2 of the directory length.
    @usableFromInline var globalDepth = 0
    /// 64 - globalDepth: the shift that turns a hash into a directory index.
    @usableFromInline var globalShift = 64
    /// The small map's one group, or nil (no group yet, or the map has tables).
    @usableFromInline var small: UnsafeMutableRawPointer?
    /// Whether a delete may have left a tombstone since the last clear (Go's tombstonePossible).
    @usableFromInline var tombstonePossible = false
    /// The group layout.
    @usableFromInline let layout: SwissMapGroupLayout
    /// Bumped by every mutation; iterators check it.
    @usableFromInline var mutations = 0

    // Accounting (Go-rounded bytes) and event counts.

    /// Tables in the directory (distinct).
    @usableFromInline var tables = 0
    /// Sum of the capacities of all tables, in slots.
    @usableFromInline var tableCapacity = 0
    /// Go-rounded bytes of all tables' groups arrays.
    @usableFromInline var groupBytes = 0
    /// Go-rounded bytes of the directory.
    @usableFromInline var directoryBytes = 0
    /// Go-rounded bytes of the small group.
    @usableFromInline var smallGroupBytes = 0
    /// Go-rounded bytes that became garbage so far (replaced groups, tables, directories).
    @usableFromInline var garbageBytes = 0
    /// Growth events so far, by kind.
    @usableFromInline var smallToTable = 0
    @usableFromInline var tableGrows = 0
    @usableFromInline var tableSplits = 0
    @usableFromInline var directoryGrows = 0
    /// Tombstone prunings that freed slots.
    @usableFromInline var prunes = 0

    /// The release's rules (GoRelease.swift): tombstone pruning (Go 1.25+) and the in-place
    /// update of a present key in a full small map (Go 1.27+).
    @usableFromInline let prunesTombstones: Bool
    @usableFromInline let smallMapUpdatesInPlace: Bool

    @usableFromInline
    init(seed: UInt64, layout: SwissMapGroupLayout, rules: GoSwissRules) {
        rng = seed
        self.layout = layout
        prunesTombstones = rules.prunesTombstones.value
        smallMapUpdatesInPlace = rules.smallMapUpdatesInPlace.value
    }

    /// The next value of the map's random source (wyrand: a seeded, reproducible generator).
    @inlinable
    mutating func nextRandom() -> UInt64 {
        rng &+= 0xa076_1d64_78bd_642f
        return SeededHash.mix(rng, rng ^ 0xe703_7ed1_a0b4_28db)
    }

    /// Growth events so far (the index of the latest one).
    @inlinable
    var events: Int { smallToTable + tableGrows + tableSplits + directoryGrows }
}

/// One table: a complete open-addressing hash table of `capacity` slots in `capacity / 8` groups.
///
/// Laid out as Go's `maps.table` (32 bytes: three UInt16 counters, a UInt8 depth, index, groups
/// pointer, length mask), so that 16,384 table headers take 512 KiB, not twice that: a lookup
/// reads its table's header before its group, and a smaller header set stays in cache.
@usableFromInline
struct _SwissTable {
    @usableFromInline var _used: UInt16 = 0
    @usableFromInline var _capacity: UInt16
    @usableFromInline var _growthLeft: UInt16
    @usableFromInline var _localDepth: UInt8
    /// The first directory entry pointing at this table.
    @usableFromInline var index: Int
    /// The groups array.
    @usableFromInline var groups: UnsafeMutableRawPointer
    /// Groups - 1.
    @usableFromInline var lengthMask: Int

    @usableFromInline
    init(capacity: Int, localDepth: Int, index: Int, groups: UnsafeMutableRawPointer) {
        _capacity = UInt16(capacity)
        _growthLeft = UInt16(_SwissTable.maxGrowthLeft(capacity))
        _localDepth = UInt8(localDepth)
        self.index = index
        self.groups = groups
        self.lengthMask = capacity / _groupSlots - 1
    }

    /// Full slots.
    @inlinable
    var used: Int {
        @inline(__always) get { Int(_used) }
        @inline(__always) set { _used = UInt16(truncatingIfNeeded: newValue) }
    }

    /// Slots (a power of two, 8...1024).
    @inlinable
    var capacity: Int { @inline(__always) get { Int(_capacity) } }

    /// Inserts into empty slots left before a rehash.
    @inlinable
    var growthLeft: Int {
        @inline(__always) get { Int(_growthLeft) }
        @inline(__always) set { _growthLeft = UInt16(truncatingIfNeeded: newValue) }
    }

    /// Top hash bits this table owns.
    @inlinable
    var localDepth: Int { @inline(__always) get { Int(_localDepth) } }

    /// growthLeft of an empty table: all but one slot of a one-group table, else 7/8.
    @inlinable
    static func maxGrowthLeft(_ capacity: Int) -> Int {
        capacity <= _groupSlots ? capacity - 1 : capacity * _maxAvgGroupLoad / _groupSlots
    }

    /// Tombstones, derived as Go does: capacity * 7/8 - used - growthLeft.
    @inlinable
    var tombstones: Int { capacity * _maxAvgGroupLoad / _groupSlots - used - growthLeft }

    /// Groups in the table.
    @inlinable
    var groupCount: Int { lengthMask + 1 }
}
