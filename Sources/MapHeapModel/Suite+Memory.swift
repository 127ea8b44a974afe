// The memory estimate: how many bytes a workload may need at its peak, so that a suite too
// large for the machine is refused before it runs (and is not killed halfway by the OOM killer).
//
// It is an ESTIMATE, deliberately generous, derived from these rules (all in this file):
//
// GoMap
//   bucket size   = 8 (tophash) + 8·keySlot + 8·valueSlot + 8 (overflow pointer)
//                   keySlot: int64 8, string 16;  valueSlot: bool 1, empty 0, int64 8
//   B(n)          = 0 for n ≤ 8, else the smallest B with n ≤ 6.5·2^B
//   grown map     peak ≈ 1.5·2^B·bucketSize (new array + the old half-size one during the last
//                 doubling) × 1.25 (preallocated overflow buckets + allocator slack) × 1.10
//                 (overflow margin)
//   presized map  (hint's B ≥ final B: it never grows) peak ≈ 2^B·bucketSize × 1.3
// SwissMap
//   group size    = 8 (control word) + 8·slot, slot = keySlot + valueSlot (+1 when the value is
//                   empty), rounded up to 8
//   slots         = a presized map's NewMap shape (next power of two of ⌈hint·8/7 / 1024⌉ tables
//                   of ≤ 1024 slots), else 2.3·n (tables between half and 7/8 full after splits)
//   peak          ≈ slots/8 · group size × 1.15 (size-class rounding, table headers, directory,
//                   the one table being rehashed)
// Swift Dictionary / Set
//   buckets       = the next power of two ≥ n / 0.75 (n = max(keys, hint))
//   bytes         = buckets·(keyStride + valueStride) + buckets/8 (occupancy bitmap)
//                   keyStride: int64 8, string 16 (keys are ≤ 15 bytes, stored inline: no heap);
//                   valueStride: bool 1, empty 0, int64 8
//   grown map     peak = 1.5 × bytes (old and new storage live during a resize)
//   presized map  peak = bytes
// Churn: the whole estimate × 2, for safety (deletes leave garbage; same-size growths reallocate).
// Go types (docs/shapes.md): keySlot and valueSlot are the types' Go sizes (a pointer's 8 over 128
// bytes), and each entry's blocks outside the slots are added per key (`keyStorage`).
import MapCore

extension Workload {
    /// Estimated peak heap bytes of this workload (an estimate from the rules above, not a measurement).
    public var estimatedPeakBytes: Int {
        let estimate = impl.kind.estimatedPeak(self)
        let keys = Double(Swift.min(self.keys, Int.max / 64)) * Double(keyStorage)
        let total = ops == .churn ? (estimate + keys) * Workload.churnFactor : estimate + keys
        return total >= Double(Int.max) ? Int.max : Int(total.rounded(.up))
    }

    /// GoMap's average load factor limit (entries per bucket) that triggers a doubling.
    static let goMapLoadFactor = 6.5
    /// Entries a GoMap bucket holds.
    static let goMapBucketEntries = 8
    /// Overflow buckets preallocated with the array, plus allocator slack.
    static let goMapSlackFactor = 1.25
    /// Margin for overflow buckets allocated while inserting.
    static let goMapOverflowMargin = 1.10
    /// Factor on a presized GoMap's bucket array (preallocated overflow and slack).
    static let goMapPresizedFactor = 1.3
    /// Swift's maximum load factor for Dictionary and Set storage.
    static let swiftMaximumLoadFactor = 0.75
    /// Old and new storage both live during a resize: 1 + 1/2.
    static let resizeFactor = 1.5
    /// Churn workloads are estimated at twice their insert-only peak.
    static let churnFactor = 2.0

    /// Bytes of one key slot (GoMap) or key stride (Swift): the key type's Go size (int64 8, string 16),
    /// or a pointer's 8 when Go stores the key apart (over 128 bytes; MapCore's MapShape).
    var keySlot: Int { mapShape.keySlot.size }

    /// Bytes of one value slot (GoMap) or value stride (Swift): the value type's Go size (bool 1,
    /// empty 0, int64 8), or a pointer's 8 when Go stores the value apart.
    var valueSlot: Int { mapShape.valueSlot.size }

    /// Heap bytes each entry holds outside the map's slots: a `string-long` key's storage block (24 UTF-8
    /// bytes plus Swift's 32-byte string header, a 64-byte size class, rounded up for the estimate); for
    /// other shapes, a key or value stored apart (MapShape's per-entry blocks), 16 bytes per string leaf
    /// of the key (Go's `key-0000042`) and one block per pointer leaf (its pointee's size class, at
    /// least 16).
    var keyStorage: Int {
        if key.recipe == .stringLong { return 64 }
        var bytes = mapShape.indirectBytesPerEntry
        guard key.recipe == .shape else { return bytes }
        for leaf in key.goType.keyLeaves {
            switch leaf {
            case .string: bytes += 16
            case .pointer(let pointee):
                let layout = pointee?.layout ?? GoTypeLayout(size: 8, alignment: 8, hasPointers: false)
                bytes += max(16, GoSizeClasses.footprint(size: max(1, layout.size), hasPointers: layout.hasPointers))
            case .bool, .integer, .float: break
            }
        }
        return bytes
    }

    /// GoMap's B for `n` entries: 0 up to one bucket's worth, else the smallest B with n ≤ 6.5·2^B.
    static func goMapB(entries n: Int) -> Int {
        guard n > goMapBucketEntries else { return 0 }
        var b = 0
        while Double(n) > goMapLoadFactor * Double(1 << b) && b < 62 { b += 1 }
        return b
    }

    static func goMapPeak(keys: Int, hint: Int, keySlot: Int, valueSlot: Int) -> Double {
        let bucketSize = Double(8 + goMapBucketEntries * keySlot + goMapBucketEntries * valueSlot + 8)
        let finalB = goMapB(entries: keys)
        let hintB = goMapB(entries: hint)
        if hint > 0 && hintB >= finalB {
            return Double(1 << hintB) * bucketSize * goMapPresizedFactor
        }
        return resizeFactor * Double(1 << finalB) * bucketSize * goMapSlackFactor * goMapOverflowMargin
    }

    /// Slots beyond the entries a grown SwissMap may hold: tables between half and 7/8 full.
    static let swissMapSlotsPerEntry = 2.3
    /// Size-class rounding, headers, directory and the table being rehashed.
    static let swissMapOverhead = 1.15

    static func swissMapPeak(keys: Int, hint: Int, keySlot: Int, valueSlot: Int) -> Double {
        let slot = (keySlot + valueSlot + (valueSlot == 0 ? 1 : 0) + 7) / 8 * 8
        let groupSize = Double(8 + 8 * slot)
        var slots = swissMapSlotsPerEntry * Double(keys)
        if hint > 8 {
            let target = Double(hint) * 8 / 7
            var tables = 1.0
            while tables * 1024 < target { tables *= 2 }
            var capacity = 8.0
            while capacity < target / tables { capacity *= 2 }
            slots = Swift.max(slots, tables * capacity)
        }
        return Swift.max(16, slots) / 8 * groupSize * swissMapOverhead
    }

    static func swiftHashedPeak(keys: Int, hint: Int, keyStride: Int, valueStride: Int) -> Double {
        let needed = Double(max(keys, hint)) / swiftMaximumLoadFactor
        var buckets = 1.0
        while buckets < needed { buckets *= 2 }
        let bytes = buckets * Double(keyStride + valueStride) + buckets / 8
        return hint >= keys ? bytes : bytes * resizeFactor
    }
}

extension Suite {
    /// The share of physical memory a workload's estimate may take.
    public static let memoryShareLimit = 0.8

    /// Refuses the suite if any workload's estimated peak exceeds 80% of `physicalMemory` bytes.
    ///
    /// Throws a one-line `ConfigError` naming the file, the workload, the estimate, the memory and
    /// the fix. It blames what makes the estimate too large: a `hint` above `keys` when the workload
    /// would fit without it (the fix is the largest hint that fits), else `keys` (the largest count).
    /// The bytes a workload's estimated peak may take on a machine with `physicalMemory` bytes (and, with
    /// `mapheap run --jobs`, those of the workloads running at once together).
    public static func memoryLimit(physicalMemory: Int) -> Double {
        Double(physicalMemory) * memoryShareLimit
    }

    public func checkFits(physicalMemory: Int) throws {
        let limit = Suite.memoryLimit(physicalMemory: physicalMemory)
        func fits(_ workload: Workload, keys: Int? = nil, hint: Int? = nil) -> Bool {
            let trial = Workload(
                name: workload.name, impl: workload.impl, key: workload.key, value: workload.value,
                sizing: workload.sizing, hint: hint ?? workload.hint, keys: keys ?? workload.keys, ops: workload.ops,
                rounds: workload.rounds)
            return Double(trial.estimatedPeakBytes) <= limit
        }
        /// The largest value in low..<high that fits (`low` is known to fit), by bisection: the estimate
        /// grows with keys and with the hint.
        func largest(from low: Int, below high: Int, _ fitsWith: (Int) -> Bool) -> Int {
            var low = low
            var high = high
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if fitsWith(middle) { low = middle } else { high = middle }
            }
            return low
        }
        for (index, workload) in workloads.enumerated() where !fits(workload) {
            let needs = "workload \"\(workload.name)\" needs an estimated \(_Format.humanBytes(workload.estimatedPeakBytes))"
                + " at its peak, more than 80% of this machine's \(_Format.humanBytes(physicalMemory)) memory"
            if workload.hint > workload.keys && fits(workload, hint: workload.keys) {
                let low = largest(from: workload.keys, below: workload.hint) { fits(workload, hint: $0) }
                throw ConfigError(
                    file: file, field: "workloads[\(index)].hint",
                    problem: needs + ", because of its hint \(workload.hint)",
                    fix: "use a hint of at most about \(low) (the workload has \(workload.keys) keys)"
                )
            }
            let low = largest(from: 0, below: workload.keys) { fits(workload, keys: $0) }
            let fix = low > 0
                ? "use fewer keys (at most about \(low)) or a machine with more memory"
                : "this workload cannot fit; use a machine with more memory"
            throw ConfigError(file: file, field: "workloads[\(index)].keys", problem: needs, fix: fix)
        }
    }
}
