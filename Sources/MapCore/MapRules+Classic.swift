// The classic map's rules (go-map-semantics.md; GoMap+Growth.swift is the model they must agree
// with): B from the hint and the load factor, makeBucketArray's preallocated overflow buckets,
// overflow buckets from the hash (a range), the `extra.overflow` slice of a pointer-free bucket,
// and incremental evacuation (a growth that may still be running at N).
//
// Inserting N distinct keys never starts a same-size growth: overflow buckets in one generation are
// at most N/8 < 2^B (a chain of k entries has ceil(k/8) - 1 overflow buckets, and N <= 6.5 × 2^B),
// so `tooManyOverflowBuckets` cannot fire; only doublings happen, at fixed entry counts.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The classic rules for one geometry, N entries and a hint.
struct ClassicRules {
    let geometry: MapSizeGeometry
    let entries: Int
    let hint: Int

    /// Bytes of Go's `hmap`.
    static let hmapBytes = 48
    /// Bytes of Go's `mapextra`.
    static let mapextraBytes = 24
    /// Bytes of a slice header (`extra.overflow`).
    static let sliceHeaderBytes = 24
    /// Entries per bucket.
    static let bucketSlots = 8

    /// The entries 2^b buckets hold before the next insert starts a growth (Go's overLoadFactor:
    /// more than 8, and more than loadFactorNum × (2^b / 2); loadFactorNum is 13, or 12 in Go 1.21).
    static func loadLimit(_ b: Int, _ loadFactorNum: Int) -> Int {
        b == 0 ? bucketSlots : Swift.max(bucketSlots, loadFactorNum * (1 << (b - 1)))
    }

    /// `loadLimit` under this geometry's load factor.
    func loadLimit(_ b: Int) -> Int { Self.loadLimit(b, geometry.loadFactorNum) }

    /// Go's makemap B for `count` entries: the smallest with `count` not over the load factor.
    func bFor(_ count: Int) -> Int {
        var b = 0
        while count > loadLimit(b) { b += 1 }
        return b
    }

    // MARK: Bytes of the blocks

    var size: Int { geometry.bucketSize }
    /// Whether the bucket type has pointers, as the allocator sees it: without malloc headers (Go 1.21)
    /// "has pointers" changes no object's size, so it counts as false.
    var pointers: Bool { geometry.bucketHasPointers && geometry.mallocHeaders }
    /// Whether the allocator gives objects with pointers a malloc header (Go 1.22+).
    var headers: Bool { geometry.mallocHeaders }

    /// makeBucketArray's buckets for 2^b primary buckets.
    func arrayBuckets(_ b: Int) -> Int {
        var buckets = 1 << b
        if b >= 4 {
            buckets += 1 << (b - 4)
            buckets = GoSizeClasses.roundUpSize(buckets * size, hasPointers: pointers) / size
        }
        return buckets
    }

    /// Go's bytes for the array of 2^b buckets.
    func arrayBytes(_ b: Int) -> Int { GoSizeClasses.footprint(size: arrayBuckets(b) * size, hasPointers: pointers) }

    /// Go's bytes for one overflow bucket allocated on its own.
    var bucketBlockBytes: Int { GoSizeClasses.footprint(size: size, hasPointers: pointers) }

    /// The `extra.overflow` slice after `count` appends from nil (header and array), 0 with pointers.
    func sliceBytes(_ count: Int) -> Int {
        geometry.bucketHasPointers ? 0 : GoSizeClasses.overflowSliceBytes(count: count, mallocHeaders: headers)
    }

    /// The bytes one generation of 2^b buckets adds for `overflow` overflow buckets in use: those
    /// beyond the preallocated ones as blocks of their own, and the slice.
    func overflowBytes(_ b: Int, _ overflow: Int) -> Int {
        let spare = arrayBuckets(b) - (1 << b)
        return Swift.max(0, overflow - spare) * bucketBlockBytes + sliceBytes(overflow)
    }

    /// Overflow buckets in use when `count` distinct keys sit in 2^b buckets (no growth running):
    /// sum over buckets of ceil(k/8) - 1 with k ~ Binomial(count, 2^-b). Exact 0 when no bucket can
    /// plausibly hold 9; otherwise mean ± 6σ (σ bounded by the independent sum).
    func overflowBuckets(_ b: Int, _ count: Int) -> RuleFigure {
        let buckets = 1 << b
        let maximum = Swift.max(0, (count + 7) / 8 - 1)
        if count <= Self.bucketSlots { return RuleFigure(exact: 0) }
        let binomial = Binomial(n: count, p: b >= 62 ? 0 : 1 / Double(buckets))
        if b == 0 { return RuleFigure(exact: maximum) }
        let anyChain = Double(buckets) * binomial.tail(above: Self.bucketSlots)
        if anyChain < MapRules.improbable { return RuleFigure(exact: 0) }
        let (mean, variance) = binomial.moments { k in Double(Swift.max(0, (k + 7) / 8 - 1)) }
        return MapRules.integerRange(mean: Double(buckets) * mean, sd: (Double(buckets) * variance).squareRoot(),
                                     low: 0, high: maximum)
    }

    // MARK: The map at N

    /// B from the hint (a hint whose array Go could not allocate counts as 0).
    var hintB: Int {
        let (bytes, overflow) = hint.multipliedReportingOverflow(by: size)
        return overflow || bytes > 1 << 48 ? 0 : bFor(hint)
    }

    /// B at N.
    var b: Int { Swift.max(hintB, bFor(entries)) }

    /// Whether a growth happened on the way to N.
    var grew: Bool { b > hintB }

    /// Whether the last growth may still be evacuating at N (min 0, max 1; expected by the
    /// nevacuate sweep, which ends near ln 2 × 2^oldB writes).
    var growing: RuleFigure {
        guard grew else { return RuleFigure(exact: 0) }
        let oldB = b - 1
        let oldBuckets = 1 << oldB
        let writes = entries - loadLimit(oldB)
        // Each write evacuates its own old bucket and then at least bucket nevacuate: done within
        // 2^oldB writes; each write evacuates at most two buckets: not done before 2^oldB / 2. An
        // old array of one or two buckets is done within the first write.
        let doneBy = oldB <= 1 ? 1 : oldBuckets
        if writes >= doneBy { return RuleFigure(exact: 0) }
        if 2 * writes < oldBuckets { return RuleFigure(exact: 1) }
        let expected: Double = Double(writes) < log(2) * Double(oldBuckets) ? 1 : 0
        return RuleFigure(min: 0, max: 1, expected: expected)
    }

    /// Whether `mapextra` exists at N: from the first array with preallocated overflow buckets (B >= 4),
    /// or for a pointer-free bucket from the first overflow bucket of any generation.
    var mapextra: RuleFigure {
        if entries == 0 && hintB == 0 { return RuleFigure(exact: 0) }
        if b >= 4 { return RuleFigure(exact: 1) }
        if geometry.bucketHasPointers { return RuleFigure(exact: 0) }
        let current = overflowBuckets(b, entries)
        if current.min > 0 { return RuleFigure(exact: 1) }
        var possible = current.max > 0
        for earlier in hintB..<b where overflowBuckets(earlier, loadLimit(earlier)).max > 0 { possible = true }
        return possible ? RuleFigure(min: 0, max: 1, expected: current.expected > 0.5 ? 1 : 0) : RuleFigure(exact: 0)
    }

    /// The map's bytes when no growth is running, for `overflow` overflow buckets in use.
    func settledBytes(overflow: Int, extra: Int) -> Int {
        var bytes = Self.hmapBytes + extra * Self.mapextraBytes + entries * geometry.boxBytesPerEntry
        if entries > 0 || hintB > 0 { bytes += arrayBytes(b) + overflowBytes(b, overflow) }
        return bytes
    }

    /// The old generation's bytes while a growth runs: the array, and its overflow (none counted
    /// at least: with pointers, evacuated chains are cleared; all of it at most).
    func oldGenerationBytes() -> (min: Int, max: Int) {
        let oldB = b - 1
        let old = overflowBuckets(oldB, loadLimit(oldB))
        let low = geometry.bucketHasPointers ? 0 : overflowBytes(oldB, old.min)
        return (arrayBytes(oldB) + low, arrayBytes(oldB) + overflowBytes(oldB, old.max))
    }

    func mapBytes() -> RuleFigure {
        let overflow = overflowBuckets(b, entries)
        let extra = mapextra
        let growing = self.growing
        var low = settledBytes(overflow: overflow.min, extra: extra.min)
        var high = settledBytes(overflow: overflow.max, extra: extra.max)
        var expected = Double(settledBytes(overflow: overflow.value, extra: extra.value))
        if growing.max == 1 {
            // While evacuating, the new generation holds between none and all entries.
            let old = oldGenerationBytes()
            let newLow = Self.hmapBytes + extra.min * Self.mapextraBytes + entries * geometry.boxBytesPerEntry
                + arrayBytes(b)
            let newHigh = settledBytes(overflow: overflowBuckets(b, entries).max, extra: extra.max)
            let whileGrowing = (newLow + old.min, newHigh + old.max)
            if growing.min == 1 {
                (low, high) = whileGrowing
            } else {
                low = Swift.min(low, whileGrowing.0)
                high = Swift.max(high, whileGrowing.1)
            }
            if growing.value == 1 { expected += Double(old.min + old.max) / 2 }
        }
        return RuleFigure(min: low, max: high, expected: expected)
    }

    func prediction() -> MapSizePrediction {
        let bytes = mapBytes()
        let overflow = overflowBuckets(b, entries)
        let exists = entries > 0 || hintB > 0
        var growths: [RuleGrowth] = []
        for from in hintB..<b {
            growths.append(RuleGrowth(kind: "doubling", atEntry: RuleFigure(exact: loadLimit(from) + 1),
                                      count: RuleFigure(exact: 1), detail: "B \(from) -> \(from + 1)",
                                      bytesAllocated: arrayBytes(from + 1)))
        }
        var peak: RuleFigure? = nil
        if grew {
            let oldB = b - 1
            let oldBuckets = 1 << oldB
            let start = loadLimit(oldB)
            let entriesLow = Swift.min(entries, start + (oldB <= 1 ? 1 : (oldBuckets + 1) / 2))
            let entriesHigh = Swift.min(entries, start + oldBuckets)
            let old = oldGenerationBytes()
            let extra = mapextra
            let base = Self.hmapBytes + arrayBytes(b)
            let low = base + extra.min * Self.mapextraBytes + old.min + entriesLow * geometry.boxBytesPerEntry
            let high = base + extra.max * Self.mapextraBytes + old.max + entriesHigh * geometry.boxBytesPerEntry
                + overflowBytes(b, overflowBuckets(b, entriesHigh).max)
            peak = RuleFigure(min: low, max: high, expected: Double(low + high) / 2)
        }
        let noGrowthHint = entries <= Self.bucketSlots ? 0 : loadLimit(bFor(entries) - 1) + 1
        let hinted = ClassicRules(geometry: geometry, entries: entries, hint: noGrowthHint)
        return MapSizePrediction(
            generation: .classic, entries: entries, hint: hint, mapBytes: bytes,
            structure: .classic(b: b, preallocatedOverflow: exists ? arrayBuckets(b) - (1 << b) : 0,
                                overflowBuckets: overflow, growing: growing),
            growths: growths, growthCount: RuleFigure(exact: b - hintB), peakBytes: peak,
            split: split(bytes: bytes.value, overflow: overflow.value, exists: exists),
            nextGrowthAt: RuleFigure(exact: loadLimit(b) + 1),
            lastGrowthAt: grew ? RuleFigure(exact: loadLimit(b - 1) + 1) : nil,
            noGrowthHint: noGrowthHint, noGrowthHintBytes: hinted.mapBytes())
    }

    /// Where `bytes` go, with `overflow` overflow buckets in use.
    func split(bytes: Int, overflow: Int, exists: Bool) -> MapByteSplit {
        let g = geometry
        guard exists else {
            return MapByteSplit(key: 0, value: 0, padding: 0, control: 0, slack: 0, overflow: 0, indirect: 0,
                                structure: bytes)
        }
        let primary = 1 << b
        let slot = g.keySlot + g.valueSlot
        let key = entries * g.keySlot
        let value = entries * g.valueSlot
        let control = primary * Self.bucketSlots
        let padding = primary * (size - Self.bucketSlots * (slot + 1))
        let slack = (primary * Self.bucketSlots - entries) * slot
        let extra = mapextra.value * Self.mapextraBytes
        let overflowPart = (arrayBuckets(b) - primary) * size + overflowBytes(b, overflow) + extra
        let indirect = entries * g.boxBytesPerEntry
        let structure = bytes - key - value - control - padding - slack - overflowPart - indirect
        return MapByteSplit(key: key, value: value, padding: padding, control: control, slack: slack,
                            overflow: overflowPart, indirect: indirect, structure: structure)
    }
}

extension GoSizeClasses {
    /// Go's bytes for a classic map's `extra.overflow` slice (the list a map whose buckets hold no
    /// pointers keeps of its overflow buckets) after `count` appends from nil: its header and its array,
    /// grown by `growslice`; 0 for none. Not linear in `count`: the array doubles.
    public static func overflowSliceBytes(count: Int, mallocHeaders: Bool) -> Int {
        guard count > 0 else { return 0 }
        var capacity = 0
        while capacity < count {
            capacity = growSliceCapacity(oldCapacity: capacity, newLength: capacity + 1, elementSize: 8,
                                         hasPointers: mallocHeaders)
        }
        return footprint(size: ClassicRules.sliceHeaderBytes, hasPointers: mallocHeaders)
            + footprint(size: capacity * 8, hasPointers: mallocHeaders)
    }
}
