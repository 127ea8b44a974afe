// What a Go map of a given shape costs at N entries, from Go's rules alone: no map is built and no
// key inserted. `mapheap size` prints these figures; its tests hold them against the models (GoMap,
// SwissMap) and the real runtime (the Go peer).
//
// Where the rules are exact the figure is one number. Where the hash decides (overflow buckets of
// a classic map, the tables of a Swiss map with more than one, whether a classic growth is still
// evacuating), the figure is a range [min, max] derived from the rules under uniformly random
// hashes: every outcome outside it has a probability below `MapRules.improbable` (1e-9), by
// binomial tails for Swiss tables and directory depths and by six standard deviations (an upper
// bound of them, for sums of negatively associated bucket counts) for overflow buckets. A range is
// never a measurement; the docs (docs/size.md) say how each is derived.
//
// The rules themselves live in MapRules+Classic.swift (go-map-semantics.md) and MapRules+Swiss.swift
// (swiss-map-semantics.md); the binomial arithmetic in MapRules+Probability.swift.

/// The two designs of Go's map.
public enum GoMapGeneration: String, Sendable, Equatable, CaseIterable {
    /// Buckets of 8 with overflow chains and incremental evacuation (Go 1.0 to 1.23).
    case classic
    /// Swiss tables behind an extendible-hashing directory (Go 1.24 and later).
    case swiss
}

/// A figure the rules give: exact (`min == max`) or a range with its expected value.
public struct RuleFigure: Sendable, Equatable {
    /// The smallest value outside of improbable outcomes.
    public var min: Int
    /// The largest value outside of improbable outcomes.
    public var max: Int
    /// The expected value under random hashes (equal to `min` when exact).
    public var expected: Double

    /// An exact figure.
    public init(exact value: Int) {
        min = value
        max = value
        expected = Double(value)
    }

    /// A range; `expected` is clamped into it. Collapses to exact when `min == max`.
    public init(min: Int, max: Int, expected: Double) {
        precondition(min <= max, "RuleFigure: min \(min) above max \(max)")
        self.min = min
        self.max = max
        self.expected = Swift.min(Swift.max(expected, Double(min)), Double(max))
        if min == max { self.expected = Double(min) }
    }

    /// Whether the rules fix the figure to one value.
    public var isExact: Bool { min == max }

    /// The figure to print first: the exact value, or the expected value rounded.
    public var value: Int { isExact ? min : Int(expected.rounded()) }

    /// The figure plus another, range ends added.
    public static func + (a: RuleFigure, b: RuleFigure) -> RuleFigure {
        RuleFigure(min: a.min + b.min, max: a.max + b.max, expected: a.expected + b.expected)
    }

    /// The figure plus a constant.
    public static func + (a: RuleFigure, b: Int) -> RuleFigure { a + RuleFigure(exact: b) }
}

/// What the rules need of a map's key and value types: the geometry MapCore's `MapShape` computes
/// (slot bytes, bucket and group sizes, pointer flags, indirect boxes), in one value.
public struct MapSizeGeometry: Sendable, Equatable {
    /// Bytes of a key slot: the key's size, the pointer (8) when stored indirectly, 0 for a zero-size key.
    public var keySlot: Int
    /// Bytes of a value slot, as `keySlot`.
    public var valueSlot: Int
    /// Go's bytes for one entry's key box (indirect keys, over 128 bytes), else 0.
    public var keyBoxBytes: Int
    /// Go's bytes for one entry's value box (indirect values), else 0.
    public var valueBoxBytes: Int
    /// Bytes of a classic bucket.
    public var bucketSize: Int
    /// Whether the classic bucket type holds pointers (then Go keeps no overflow slice).
    public var bucketHasPointers: Bool
    /// Bytes of a Swiss group (control word and 8 slots).
    public var groupSize: Int
    /// Whether the Swiss group type holds pointers.
    public var groupHasPointers: Bool
    /// Whether the release's allocator gives objects with pointers above 512 bytes an 8-byte malloc
    /// header (Go 1.22 and later; GoRelease.mallocHeaders).
    public var mallocHeaders: Bool
    /// The classic map's load factor numerator over 2 (GoClassicRules.loadFactorNum): 13, 6.5
    /// entries per bucket; 12 in Go 1.21.
    public var loadFactorNum: Int

    /// Creates a geometry from its figures (by default under Go 1.23's rules).
    public init(keySlot: Int, valueSlot: Int, keyBoxBytes: Int, valueBoxBytes: Int, bucketSize: Int,
                bucketHasPointers: Bool, groupSize: Int, groupHasPointers: Bool, mallocHeaders: Bool = true,
                loadFactorNum: Int = GoClassicRules.go123.loadFactorNum.value) {
        precondition(bucketSize >= 8 * (keySlot + valueSlot + 1) + 8, "MapSizeGeometry: bucket too small")
        precondition(groupSize >= 8 * (keySlot + valueSlot + 1), "MapSizeGeometry: group too small")
        self.keySlot = keySlot
        self.valueSlot = valueSlot
        self.keyBoxBytes = keyBoxBytes
        self.valueBoxBytes = valueBoxBytes
        self.bucketSize = bucketSize
        self.bucketHasPointers = bucketHasPointers
        self.groupSize = groupSize
        self.groupHasPointers = groupHasPointers
        self.mallocHeaders = mallocHeaders
        self.loadFactorNum = loadFactorNum
    }

    /// Go's bytes of indirect boxes per entry.
    public var boxBytesPerEntry: Int { keyBoxBytes + valueBoxBytes }
}

/// Where a map's bytes go, as if every entry sat in a slot of the primary buckets or groups. The
/// parts add up to the map's bytes exactly.
public struct MapByteSplit: Sendable, Equatable {
    /// Key slots of the entries (N × key slot).
    public var key: Int
    /// Value slots of the entries (N × value slot).
    public var value: Int
    /// Padding inside primary buckets or groups: alignment and, classic, the overflow pointer.
    public var padding: Int
    /// Tophash bytes (classic) or control words (Swiss) of the primary buckets or groups.
    public var control: Int
    /// Empty slots of the primary buckets or groups.
    public var slack: Int
    /// Classic: preallocated and separately allocated overflow buckets, the overflow slice and
    /// `mapextra`. Swiss: 0.
    public var overflow: Int
    /// Boxes of indirect keys and values.
    public var indirect: Int
    /// Headers, the directory, table headers, and what Go's size classes add to the arrays.
    public var structure: Int

    /// The sum of the parts: the map's bytes.
    public var total: Int { key + value + padding + control + slack + overflow + indirect + structure }

    /// The parts in print order, with their names.
    public var parts: [(name: String, bytes: Int)] {
        [("key", key), ("value", value), ("padding", padding), ("control", control), ("slack", slack),
         ("overflow", overflow), ("indirect", indirect), ("structure", structure)]
    }
}

/// One growth an unsized (or under-hinted) map goes through, from the rules.
public struct RuleGrowth: Sendable, Equatable {
    /// What happens: "doubling" (classic), "small-to-table", "table-grow", "table-split",
    /// "directory-grow" (Swiss).
    public var kind: String
    /// The insert that starts it (its entry count once it is in), or a range when the hash decides.
    public var atEntry: RuleFigure
    /// How many growths of this kind this row stands for (1, or a figure for Swiss splits).
    public var count: RuleFigure
    /// A short description of the step ("B 3 -> 4", "16 -> 32 slots").
    public var detail: String
    /// Go's bytes this growth allocates (one growth of the row).
    public var bytesAllocated: Int
}

/// The structure of a map at N entries.
public enum RuleStructure: Sendable, Equatable {
    /// Classic: log2 of the primary buckets, the preallocated overflow buckets of the array, the
    /// overflow buckets in use, and whether a growth may still be evacuating.
    case classic(b: Int, preallocatedOverflow: Int, overflowBuckets: RuleFigure, growing: RuleFigure)
    /// Swiss: tables, groups (all tables, or the small map's one), directory length, and whether the map
    /// is still a small map (one group, no table).
    case swiss(tables: RuleFigure, groups: RuleFigure, directoryLength: RuleFigure, small: Bool)
}

/// Everything `mapheap size` says about one map type, N entries, a hint and one generation.
public struct MapSizePrediction: Sendable, Equatable {
    /// The design the figures follow.
    public var generation: GoMapGeneration
    /// Entries in the map.
    public var entries: Int
    /// The hint given to make (0: unsized).
    public var hint: Int
    /// Go's bytes for the map at N entries (headers, arrays, overflow, boxes; not key data a key points to).
    public var mapBytes: RuleFigure
    /// The structure at N.
    public var structure: RuleStructure
    /// Growths on the way to N, in order.
    public var growths: [RuleGrowth]
    /// Growths in all on the way to N.
    public var growthCount: RuleFigure
    /// Go's bytes at the peak of the last growth (classic: old and new generations both live; Swiss:
    /// the old table and its replacement), or nil when the map never grew.
    public var peakBytes: RuleFigure?
    /// Where the bytes go (at the expected structure when it is a range).
    public var split: MapByteSplit
    /// The entry count whose insert starts the next growth.
    public var nextGrowthAt: RuleFigure?
    /// The entry count whose insert started the last growth, or nil when the map never grew.
    public var lastGrowthAt: RuleFigure?
    /// The smallest hint with which the map reaches N entries without any growth.
    public var noGrowthHint: Int
    /// Go's bytes at N entries made with `noGrowthHint`.
    public var noGrowthHintBytes: RuleFigure
}

/// The rules of both generations, as pure functions.
public enum MapRules {
    /// Outcomes less likely than this (under uniformly random hashes) are left out of a range.
    public static let improbable = 1e-9
    /// Standard deviations that leave out a normal tail of about `improbable` (one-sided 6σ ≈ 1e-9).
    public static let sigmas = 6.0
    /// The largest entry count the rules answer for (beyond it Go's arithmetic and ours overflow).
    public static let maximumEntries = 1 << 48

    /// The prediction for `geometry` with `entries` inserts of distinct keys into a map made with
    /// `hint` (0: unsized), by `generation`'s rules.
    public static func predict(_ geometry: MapSizeGeometry, generation: GoMapGeneration, entries: Int,
                               hint: Int = 0) -> MapSizePrediction {
        precondition(entries >= 0 && entries <= maximumEntries, "MapRules: entries out of range")
        precondition(hint >= 0, "MapRules: negative hint")
        switch generation {
        case .classic: return ClassicRules(geometry: geometry, entries: entries, hint: hint).prediction()
        case .swiss: return SwissRules(geometry: geometry, entries: entries, hint: hint).prediction()
        }
    }

    /// Map bytes only (what the curve needs): the same figure as `predict(...).mapBytes`, cheaper.
    public static func mapBytes(_ geometry: MapSizeGeometry, generation: GoMapGeneration, entries: Int,
                                hint: Int = 0) -> RuleFigure {
        switch generation {
        case .classic: return ClassicRules(geometry: geometry, entries: entries, hint: hint).mapBytes()
        case .swiss: return SwissRules(geometry: geometry, entries: entries, hint: hint).mapBytes()
        }
    }

    /// The entry counts at which an unsized map's bytes change by a growth, from 1 to `maximum`
    /// (classic: each growth start and the counts by which its evacuation may and must have ended;
    /// Swiss: each growth of the single table, then points spaced 1/16 of a doubling apart, where
    /// splits happen at hash-decided counts).
    /// `loadFactorNum` is the classic load factor's (`MapSizeGeometry.loadFactorNum`).
    public static func curvePoints(generation: GoMapGeneration, maximum: Int,
                                   loadFactorNum: Int = GoClassicRules.go123.loadFactorNum.value) -> [Int] {
        var points: Set<Int> = [0]
        if maximum >= 1 { points.insert(1) }
        points.insert(maximum)
        switch generation {
        case .classic:
            var b = 0
            while true {
                let start = ClassicRules.loadLimit(b, loadFactorNum) + 1
                if start > maximum { break }
                points.insert(start - 1)
                points.insert(start)
                // Evacuation of 2^b old buckets ends after 2^b / 2 to 2^b writes.
                for end in [start - 1 + Swift.max(1, (1 << b) / 2), start - 1 + (1 << b)] where end <= maximum {
                    points.insert(end)
                }
                b += 1
            }
        case .swiss:
            let starts = [SwissRules.smallSlots + 1, SwissRules.maxTableLoad + 1]
                + SwissRules.singleTableGrowths().map(\.at)
            for start in starts where start <= maximum {
                points.insert(start - 1)
                points.insert(start)
            }
            var x = Double(SwissRules.maxTableLoad + 1)
            while Int(x) <= maximum {
                points.insert(Int(x))
                x *= 1.044_273_782_427_413_8  // 2^(1/16)
            }
        }
        return points.filter { $0 <= maximum }.sorted()
    }
}

extension MapRules {
    /// Whether an unsized map starts a growth with its `entries`-th insert wherever the hash falls
    /// (classic: every doubling; Swiss: the small map's conversion, the single table's growths and
    /// the first split). Splits beyond the first come at counts the hash decides.
    /// `loadFactorNum` is the classic load factor's (`MapSizeGeometry.loadFactorNum`).
    public static func isGrowthPoint(generation: GoMapGeneration, entries: Int,
                                     loadFactorNum: Int = GoClassicRules.go123.loadFactorNum.value) -> Bool {
        switch generation {
        case .classic:
            var b = 0
            while ClassicRules.loadLimit(b, loadFactorNum) + 1 < entries { b += 1 }
            return ClassicRules.loadLimit(b, loadFactorNum) + 1 == entries
        case .swiss:
            return entries == SwissRules.smallSlots + 1 || entries == SwissRules.maxTableLoad + 1
                || SwissRules.singleTableGrowths().contains { $0.at == entries }
        }
    }
}

extension MapSizeGeometry {
    /// The figures the rules need, read from a map's shape (the one place Go's layout rules live), for
    /// a release with or without malloc headers (without them, Go 1.21, a box is its size class) and
    /// with its classic load factor (`GoClassicRules.loadFactorNum`).
    public init(_ shape: MapShape, mallocHeaders: Bool = true,
                loadFactorNum: Int = GoClassicRules.go123.loadFactorNum.value) {
        self.init(keySlot: shape.keySlot.size, valueSlot: shape.valueSlot.size,
                  keyBoxBytes: shape.keyBlockBytes(mallocHeaders: mallocHeaders),
                  valueBoxBytes: shape.valueBlockBytes(mallocHeaders: mallocHeaders),
                  bucketSize: shape.bucket.size, bucketHasPointers: shape.bucket.hasPointers,
                  groupSize: shape.interleavedGroup.size, groupHasPointers: shape.interleavedGroup.hasPointers,
                  mallocHeaders: mallocHeaders, loadFactorNum: loadFactorNum)
    }
}
