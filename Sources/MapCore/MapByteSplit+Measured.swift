// Where a measured map's bytes go: the parts of `MapByteSplit` (the type `mapheap size` prints) derived
// from a map's shape (MapShape, the one place Go's layout rules live) and the counts a workload
// measured (entries, B and overflow buckets, or Swiss slots), with the measured map bytes as the
// total. `mapheap size` derives the same parts from the counts the rules predict; the report
// (Report+Shapes.swift, "Where each entry's bytes go") from the counts a row measured.
//
// Every part but `structure` is layout × count: key and value slots of the entries, the tophash
// bytes or control words, the padding Go's struct rules put into every bucket or group, the key and
// value bytes of empty slots, overflow buckets and indirect blocks. `structure` is the measured map
// bytes less all of them: the headers (hmap and mapextra; the Swiss map header,
// directory and table headers), what Go's size classes add to the arrays, and, while a classic
// growth is still evacuating, the old generation. The parts therefore add up to the measured bytes
// exactly, and `structure` is the only part not derived from the layout alone.

extension MapByteSplit {
    /// The split of a classic map (Go 1.23's buckets) of `shape` holding `entries` entries in 2^`b`
    /// primary buckets with `overflowBuckets` overflow buckets in use, whose bytes were measured as
    /// `mapBytes`.
    ///
    /// - overflow: the spare buckets `makeBucketArray` preallocates in the array (all of them,
    ///   allocated with it), Go's bytes for each overflow bucket in use beyond those (one `newobject`
    ///   each) and, for a pointer-free bucket, the `extra.overflow` slice that lists them
    ///   (`mapheap size`'s rules, ClassicRules.overflowBytes); `mapextra` itself is a header;
    /// - slack: the key and value bytes of the 8 · 2^b primary slots no entry fills (negative when
    ///   overflow buckets hold more entries than the primary buckets leave free).
    public static func classic(shape: MapShape, entries: Int, b: Int, overflowBuckets: Int,
                               mapBytes: Int) -> MapByteSplit {
        let bucket = shape.bucket
        let slots = MapShape.slotsPerBlock
        let primary = 1 << b
        let slot = shape.keySlot.size + shape.valueSlot.size
        let rules = ClassicRules(geometry: MapSizeGeometry(shape), entries: entries, hint: 0)
        let spare = rules.arrayBuckets(b) - primary
        let key = entries * shape.keySlot.size
        let value = entries * shape.valueSlot.size
        let control = primary * slots
        let padding = primary * (bucket.size - slots * (slot + 1))
        let slack = (primary * slots - entries) * slot
        let overflow = spare * bucket.size + rules.overflowBytes(b, overflowBuckets)
        let indirect = entries * shape.indirectBytesPerEntry
        return MapByteSplit(key: key, value: value, padding: padding, control: control, slack: slack,
                            overflow: overflow, indirect: indirect,
                            structure: mapBytes - key - value - padding - control - slack - overflow - indirect)
    }

    /// The split of a Swiss map (Go 1.24+) of `shape` holding `entries` entries in `slots` slots (8
    /// per group: the sum of the tables' capacities, or 8 for a small map), its groups laid out as
    /// `group` (`shape.interleavedGroup`, or `shape.splitGroup` under GOEXPERIMENT=mapsplitgroup),
    /// whose bytes were measured as `mapBytes`. A Swiss map has no overflow: `overflow` is 0.
    public static func swiss(shape: MapShape, group: GoGroupGeometry, entries: Int, slots: Int,
                             mapBytes: Int) -> MapByteSplit {
        let groups = slots / MapShape.slotsPerBlock
        let slot = shape.keySlot.size + shape.valueSlot.size
        let key = entries * shape.keySlot.size
        let value = entries * shape.valueSlot.size
        let control = groups * 8
        let padding = groups * (group.size - 8 - MapShape.slotsPerBlock * slot)
        let slack = (groups * MapShape.slotsPerBlock - entries) * slot
        let indirect = entries * shape.indirectBytesPerEntry
        return MapByteSplit(key: key, value: value, padding: padding, control: control, slack: slack,
                            overflow: 0, indirect: indirect,
                            structure: mapBytes - key - value - padding - control - slack - indirect)
    }
}
