// The in-memory form of one result set: the rows of summary.csv, curve.csv and growth.csv.
//
// The runner produces these values, the CSV layer writes and reads them, the report and the
// chart are rendered from them, and `mapheap compare` compares two of them. Column names and
// their meaning are documented in README.md ("Result files").

/// One row of `summary.csv`: a workload's outcome.
public struct SummaryRow: Equatable, Sendable {
    /// The workload's name in the suite (unique within a suite).
    public var workload: String
    /// Map under test: `gomap`, `dictionary` or `set`.
    public var impl: String
    /// Key type: `int64` or `string`.
    public var keyType: String
    /// Value type: `bool`, `empty` or `int64`.
    public var valueType: String
    /// Sizing: `unsized`, `presized` or `hint`.
    public var sizing: String
    /// The size hint given at creation (0 when unsized).
    public var hint: Int
    /// Operation mix: `insert` or `churn`.
    public var ops: String
    /// Distinct keys the workload targets (N in the suite).
    public var keys: Int
    /// Insert operations performed in all (equals `keys` for an insert workload).
    public var inserts: Int
    /// Delete operations performed in all (0 for an insert workload).
    public var deletes: Int
    /// Live entries at the end.
    public var finalCount: Int
    /// Growths that doubled the bucket array (GoMap), or storage reallocations (peers).
    public var growthsDoubling: Int
    /// Same-size growths (GoMap only; 0 for peers).
    public var growthsSameSize: Int
    /// log2 of the bucket count at the end (GoMap), or of the capacity's bucket count (peers).
    public var finalB: Int
    /// Overflow buckets in use at the end (GoMap only, exact); nil for peers.
    public var overflowBuckets: Int?
    /// jemalloc per-thread allocated minus deallocated at the end, net of the baseline.
    public var finalAllocatedBytes: Int
    /// Highest per-thread net allocation seen during the workload (jemalloc thread peak).
    public var peakAllocatedBytes: Int
    /// jemalloc `stats.active` at the end, net of the baseline.
    public var finalActiveBytes: Int
    /// jemalloc `stats.resident` at the end, net of the baseline.
    public var finalResidentBytes: Int
    /// The map's own byte accounting at the end (GoMap only); nil for peers.
    public var mapBytes: Int?
    /// finalAllocatedBytes / finalCount (derived).
    public var bytesPerKey: Double
    /// Wall-clock seconds of the measured operations.
    public var seconds: Double
    /// seconds * 1e9 / inserts (derived).
    public var nsPerInsert: Double
    /// Measured cost of sampling, as a fraction of the workload's time (0.01 = 1%).
    public var samplingOverhead: Double
    /// `ok`, or what went wrong: one of `SummaryRow.statusValues`.
    public var status: String
    /// The machine that ran it (CPU model, cores, memory).
    public var machine: String
    /// The Swift compiler version mapheap was built with.
    public var swiftVersion: String
    /// jemalloc's version string.
    public var jemallocVersion: String
    /// The suite seed the workload ran with.
    public var seed: UInt64

    public init(
        workload: String, impl: String, keyType: String, valueType: String, sizing: String, hint: Int,
        ops: String, keys: Int, inserts: Int, deletes: Int, finalCount: Int, growthsDoubling: Int,
        growthsSameSize: Int, finalB: Int, overflowBuckets: Int?, finalAllocatedBytes: Int,
        peakAllocatedBytes: Int, finalActiveBytes: Int, finalResidentBytes: Int, mapBytes: Int?,
        bytesPerKey: Double, seconds: Double, nsPerInsert: Double, samplingOverhead: Double,
        status: String, machine: String, swiftVersion: String, jemallocVersion: String, seed: UInt64
    ) {
        self.workload = workload
        self.impl = impl
        self.keyType = keyType
        self.valueType = valueType
        self.sizing = sizing
        self.hint = hint
        self.ops = ops
        self.keys = keys
        self.inserts = inserts
        self.deletes = deletes
        self.finalCount = finalCount
        self.growthsDoubling = growthsDoubling
        self.growthsSameSize = growthsSameSize
        self.finalB = finalB
        self.overflowBuckets = overflowBuckets
        self.finalAllocatedBytes = finalAllocatedBytes
        self.peakAllocatedBytes = peakAllocatedBytes
        self.finalActiveBytes = finalActiveBytes
        self.finalResidentBytes = finalResidentBytes
        self.mapBytes = mapBytes
        self.bytesPerKey = bytesPerKey
        self.seconds = seconds
        self.nsPerInsert = nsPerInsert
        self.samplingOverhead = samplingOverhead
        self.status = status
        self.machine = machine
        self.swiftVersion = swiftVersion
        self.jemallocVersion = jemallocVersion
        self.seed = seed
    }
}

/// Why a curve point was taken.
public enum CurveEvent: String, Equatable, Sendable, CaseIterable {
    /// A regular sample point of the suite's sampling plan.
    case sample
    /// Just after a growth started (both bucket arrays are live).
    case growthStart = "growth-start"
    /// Just after a growth finished (the old generation has been released).
    case growthEnd = "growth-end"
}

/// One row of `curve.csv`: the heap and the map at one moment of a workload.
public struct CurveRow: Equatable, Sendable {
    /// The workload's name.
    public var workload: String
    /// Why this point was taken.
    public var event: CurveEvent
    /// Insert operations done so far (rises monotonically; the x axis of the chart).
    public var keys: Int
    /// Live entries in the map at this moment.
    public var count: Int
    /// jemalloc per-thread allocated minus deallocated, net of the baseline (exact).
    public var allocatedBytes: Int
    /// jemalloc `stats.active`, net of the baseline.
    public var activeBytes: Int
    /// jemalloc `stats.resident`, net of the baseline.
    public var residentBytes: Int
    /// Highest net allocation since the previous point (per-thread peak), net of the baseline.
    public var peakBytes: Int
    /// The map's own byte accounting (GoMap only); nil for peers.
    public var mapBytes: Int?
    /// log2 of the bucket count (GoMap), or of the capacity's bucket count (peers).
    public var b: Int
    /// Overflow buckets in use (GoMap only); nil for peers.
    public var overflowBuckets: Int?
    /// Whether a growth was in progress (GoMap only; false for peers).
    public var growing: Bool
    /// Seconds since the workload started.
    public var elapsedSeconds: Double

    public init(
        workload: String, event: CurveEvent, keys: Int, count: Int, allocatedBytes: Int, activeBytes: Int,
        residentBytes: Int, peakBytes: Int, mapBytes: Int?, b: Int, overflowBuckets: Int?, growing: Bool,
        elapsedSeconds: Double
    ) {
        self.workload = workload
        self.event = event
        self.keys = keys
        self.count = count
        self.allocatedBytes = allocatedBytes
        self.activeBytes = activeBytes
        self.residentBytes = residentBytes
        self.peakBytes = peakBytes
        self.mapBytes = mapBytes
        self.b = b
        self.overflowBuckets = overflowBuckets
        self.growing = growing
        self.elapsedSeconds = elapsedSeconds
    }
}

/// One row of `growth.csv`: one growth of a GoMap, from start to finish.
public struct GrowthRow: Equatable, Sendable {
    /// The workload's name.
    public var workload: String
    /// 1-based index of the growth within the workload.
    public var index: Int
    /// `doubling` or `same-size`.
    public var kind: String
    /// Live entries when the growth started (before the insert that triggered it).
    public var countAtStart: Int
    /// Insert operations done when the growth started.
    public var keysAtStart: Int
    /// B before the growth.
    public var oldB: Int
    /// B after the growth.
    public var newB: Int
    /// Usable bytes of the new bucket array (malloc_usable_size).
    public var bytesAllocated: Int
    /// Writes (inserts and deletes) that did evacuation work until the growth finished; nil if it never did.
    public var writesToFinish: Int?
    /// Bytes released when the old generation was freed; nil if the growth never finished.
    public var bytesReleased: Int?
    /// count / 2^oldB when the growth started (entries per bucket).
    public var loadFactorAtStart: Double
    /// jemalloc net allocated bytes just after the growth started.
    public var allocatedBytesAtStart: Int
    /// jemalloc net allocated bytes just after the growth finished; nil if it never finished.
    public var allocatedBytesAtEnd: Int?

    public init(
        workload: String, index: Int, kind: String, countAtStart: Int, keysAtStart: Int, oldB: Int, newB: Int,
        bytesAllocated: Int, writesToFinish: Int?, bytesReleased: Int?, loadFactorAtStart: Double,
        allocatedBytesAtStart: Int, allocatedBytesAtEnd: Int?
    ) {
        self.workload = workload
        self.index = index
        self.kind = kind
        self.countAtStart = countAtStart
        self.keysAtStart = keysAtStart
        self.oldB = oldB
        self.newB = newB
        self.bytesAllocated = bytesAllocated
        self.writesToFinish = writesToFinish
        self.bytesReleased = bytesReleased
        self.loadFactorAtStart = loadFactorAtStart
        self.allocatedBytesAtStart = allocatedBytesAtStart
        self.allocatedBytesAtEnd = allocatedBytesAtEnd
    }
}

/// Everything one run wrote: the three tables of a result directory.
public struct ResultSet: Equatable, Sendable {
    /// One row per workload, in suite order.
    public var summary: [SummaryRow]
    /// Curve points of all workloads, grouped by workload, in time order within a workload.
    public var curve: [CurveRow]
    /// Growths of all workloads, grouped by workload, in index order.
    public var growth: [GrowthRow]

    public init(summary: [SummaryRow] = [], curve: [CurveRow] = [], growth: [GrowthRow] = []) {
        self.summary = summary
        self.curve = curve
        self.growth = growth
    }
}
