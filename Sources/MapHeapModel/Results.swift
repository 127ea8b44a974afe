import MapCore
// The in-memory form of one result set: the rows of summary.csv, curve.csv and growth.csv, in
// schema v2 (Sources/PROTOCOL.md).
//
// The child produces these values (mapheap's own, or any program that speaks the protocol), the CSV
// layer writes and reads them, the report and the chart are rendered from them, and `mapheap
// compare` compares two of them. Nothing here is about one map: a map names its own structure in
// `MapStructure` and its growths by `GrowthKind`; a field that does not apply to a map is nil
// (an empty CSV field), never 0.

/// What kind of growth a map went through.
public enum GrowthKind: String, Equatable, Hashable, Sendable, CaseIterable {
    /// Classic map: B + 1, incremental evacuation.
    case doubling
    /// Classic map: B unchanged, overflow chains repacked into a fresh array.
    case sameSize = "same-size"
    /// Swiss map: a small map (one group) becomes a table.
    case smallToTable = "small-to-table"
    /// Swiss map: one table doubles its capacity.
    case tableGrow = "table-grow"
    /// Swiss map: one table splits in two.
    case tableSplit = "table-split"
    /// Swiss map: the directory doubles.
    case directoryGrow = "directory-grow"
    /// Swift's Dictionary and Set: the storage was reallocated.
    case reallocation

    /// The kind's position in `allCases`, without building the array (the sampler counts kinds
    /// inside the measured window, where nothing may allocate).
    public var ordinal: Int {
        switch self {
        case .doubling: return 0
        case .sameSize: return 1
        case .smallToTable: return 2
        case .tableGrow: return 3
        case .tableSplit: return 4
        case .directoryGrow: return 5
        case .reallocation: return 6
        }
    }
}

/// Growths counted by kind.
public struct GrowthCounts: Equatable, Sendable {
    private var counts: [GrowthKind: Int]

    /// No growths.
    public init() { counts = [:] }

    /// Counts given by kind (kinds left out are 0).
    public init(_ counts: [GrowthKind: Int]) { self.counts = counts.filter { $0.value != 0 } }

    /// The growths of `kind`.
    public subscript(kind: GrowthKind) -> Int {
        get { counts[kind] ?? 0 }
        set { counts[kind] = newValue == 0 ? nil : newValue }
    }

    /// All growths, of every kind.
    public var total: Int { counts.values.reduce(0, +) }
}

/// A map's own structure, in the words of the map; nil where a figure does not apply to it.
public typealias MapStructure = GoMapModelStructure

/// How a workload's run ended (summary.csv's `status`, PROTOCOL.md): measured, or what went wrong. The
/// text of each case (its raw value) lives in the CSV codec and in messages only.
public enum WorkloadStatus: String, CaseIterable, Equatable, Sendable, CustomStringConvertible {
    /// Measured: the row's figures are whole.
    case ok
    /// The child exited with another status than 0, or its rows could not be read.
    case failed
    /// The child died of a signal.
    case crashed
    /// The child ran out of memory.
    case outOfMemory = "out-of-memory"
    /// The child was killed (SIGKILL, or stopped by an interruption).
    case killed

    /// The status as summary.csv writes it (`out-of-memory`).
    public var description: String { rawValue }
}

/// One row of `summary.csv`: a workload's outcome.
public struct SummaryRow: Equatable, Sendable {
    /// The workload's name in the suite (unique within a suite).
    public var workload: String
    /// Map under test (`MapCatalog`; the CSV codec reads and writes its name).
    public var impl: Workload.Impl
    /// What ran the map: `swift 6.3`, `go1.23.9`.
    public var runtime: String
    /// What measured the bytes: `jemalloc 5.3.0-...`, `go1.23.9 runtime/metrics`.
    public var allocator: String
    /// Key recipe: `int64`, `string` or `string-long`.
    public var keyType: String
    /// Value shape: `bool`, `empty` or `int64`.
    public var valueType: String
    /// How the map was sized at creation.
    public var sizing: Workload.Sizing
    /// The size hint given at creation (0 when unsized).
    public var hint: Int
    /// The operation mix.
    public var ops: Workload.Ops
    /// Distinct keys the workload targets (N in the suite).
    public var keys: Int
    /// Insert operations performed in all (equals `keys` for an insert workload).
    public var inserts: Int
    /// Delete operations performed in all (0 for an insert workload).
    public var deletes: Int
    /// Live entries at the end.
    public var finalCount: Int
    /// Growths by kind (`growths` is their total).
    public var growths: GrowthCounts
    /// The map's structure at the end.
    public var structure: MapStructure
    /// Allocated bytes at the end, net of the baseline (jemalloc: per-thread allocated − deallocated).
    public var finalAllocatedBytes: Int
    /// Highest net allocation seen during the workload.
    public var peakAllocatedBytes: Int
    /// jemalloc `stats.active` (Go: in-use heap spans) at the end, net of the baseline.
    public var finalActiveBytes: Int
    /// jemalloc `stats.resident` (Go: mapped − released) at the end, net of the baseline.
    public var finalResidentBytes: Int
    /// The map's own bytes by Go's allocator rules; nil for maps that keep no such account.
    public var mapBytes: Int?
    /// finalAllocatedBytes / finalCount (derived).
    public var bytesPerKey: Double
    /// GC cycles completed during the workload (Go only); nil elsewhere.
    public var gcCycles: Int?
    /// Wall-clock seconds of the measured operations.
    public var seconds: Double
    /// seconds * 1e9 / inserts (derived).
    public var nsPerInsert: Double
    /// Measured cost of sampling, as a fraction of the workload's time (0.01 = 1%).
    public var samplingOverhead: Double
    /// `ok`, or what went wrong.
    public var status: WorkloadStatus
    /// The machine that ran it (CPU model, cores, memory).
    public var machine: String
    /// The seed the workload ran with.
    public var seed: UInt64
    /// The 99th percentile of the inserts' latencies in nanoseconds (within 1 %); nil when latency was not
    /// recorded.
    public var insertP99Nanoseconds: Int? = nil
    /// The longest insert in nanoseconds, exact; nil when latency was not recorded.
    public var insertMaxNanoseconds: Int? = nil
    /// Live keys looked up after the operations (the spec's `lookups`); nil in rows written before lookups
    /// were measured, and in a failed row.
    public var lookups: Int? = nil
    /// Time of the lookups / `lookups` in nanoseconds (derived); nil when none were made (see `lookups`).
    public var nsPerLookup: Double? = nil
    /// The most workloads that ran at once while this one ran, itself included (1: alone), as `mapheap
    /// run --jobs` scheduled them; written by the parent, not the child. nil in rows written before it
    /// was recorded. Above 1, `seconds` and the times per insert and lookup include contention.
    public var jobsAtOnce: Int? = nil
    /// The map in Go syntax as the suite wrote its types (the spec's `go_map_type`, e.g.
    /// `map[[16]byte]Session`); nil in rows written before it was recorded.
    public var goMapType: String? = nil
    /// The map with canonical Go types, `map[` + the spec's `key_type` + `]` + its `value_type` (e.g.
    /// `map[[16]uint8]struct{id int64}`): what the report reads the shape's layout from; nil in rows
    /// written before it was recorded.
    public var goMapCanonical: String? = nil
    /// The Go runtime settings the Go peer ran with (the suite's `go_env`, `Suite.goEnvironmentText`:
    /// `GOGC=50;GOMEMLIMIT=1GiB`); written by the parent, empty for none and for the other maps.
    public var goEnv: String = ""

    /// Creates a row.
    public init(
        workload: String, impl: Workload.Impl, runtime: String, allocator: String, keyType: String,
        valueType: String, sizing: Workload.Sizing, hint: Int, ops: Workload.Ops, keys: Int, inserts: Int,
        deletes: Int, finalCount: Int,
        growths: GrowthCounts, structure: MapStructure, finalAllocatedBytes: Int, peakAllocatedBytes: Int,
        finalActiveBytes: Int, finalResidentBytes: Int, mapBytes: Int?, bytesPerKey: Double, gcCycles: Int?,
        seconds: Double, nsPerInsert: Double, samplingOverhead: Double, status: WorkloadStatus, machine: String,
        seed: UInt64
    ) {
        self.workload = workload
        self.impl = impl
        self.runtime = runtime
        self.allocator = allocator
        self.keyType = keyType
        self.valueType = valueType
        self.sizing = sizing
        self.hint = hint
        self.ops = ops
        self.keys = keys
        self.inserts = inserts
        self.deletes = deletes
        self.finalCount = finalCount
        self.growths = growths
        self.structure = structure
        self.finalAllocatedBytes = finalAllocatedBytes
        self.peakAllocatedBytes = peakAllocatedBytes
        self.finalActiveBytes = finalActiveBytes
        self.finalResidentBytes = finalResidentBytes
        self.mapBytes = mapBytes
        self.bytesPerKey = bytesPerKey
        self.gcCycles = gcCycles
        self.seconds = seconds
        self.nsPerInsert = nsPerInsert
        self.samplingOverhead = samplingOverhead
        self.status = status
        self.machine = machine
        self.seed = seed
    }
}

/// Why a curve point was taken.
public enum CurveEvent: String, Equatable, Sendable, CaseIterable {
    /// A regular sample point of the workload's sample plan.
    case sample
    /// Just after a growth started (an incremental growth: both generations are live).
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
    /// Net allocated bytes, net of the baseline (jemalloc: exact).
    public var allocatedBytes: Int
    /// jemalloc `stats.active`, net of the baseline.
    public var activeBytes: Int
    /// jemalloc `stats.resident`, net of the baseline.
    public var residentBytes: Int
    /// Highest net allocation since the previous point, net of the baseline.
    public var peakBytes: Int
    /// The map's own byte accounting; nil for maps that keep none.
    public var mapBytes: Int?
    /// The map's structure at this moment.
    public var structure: MapStructure
    /// Whether an incremental growth is in progress; nil for maps that do not grow incrementally.
    public var growing: Bool?
    /// Seconds since the workload started, without sampling time.
    public var elapsedSeconds: Double

    /// Creates a row.
    public init(
        workload: String, event: CurveEvent, keys: Int, count: Int, allocatedBytes: Int, activeBytes: Int,
        residentBytes: Int, peakBytes: Int, mapBytes: Int?, structure: MapStructure, growing: Bool?,
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
        self.structure = structure
        self.growing = growing
        self.elapsedSeconds = elapsedSeconds
    }
}

/// One row of `growth.csv`: one growth of any map, from start to finish.
public struct GrowthRow: Equatable, Sendable {
    /// The workload's name.
    public var workload: String
    /// 1-based index of the growth within the workload.
    public var index: Int
    /// What kind of growth.
    public var kind: GrowthKind
    /// Live entries when the growth started (before the insert that triggered it).
    public var countAtStart: Int
    /// Insert operations done when the growth started.
    public var keysAtStart: Int
    /// Bytes the growth allocated (a classic map: the new array's usable bytes); nil when unknown.
    public var bytesAllocated: Int?
    /// Bytes the growth released; nil when unknown or not yet released.
    public var bytesReleased: Int?
    /// Writes from the start to the end of an incremental growth; nil where a growth completes within
    /// one insert (or never finished).
    public var writesToFinish: Int?
    /// Core-specific facts, `key=value` pairs joined by `;` (classic: `old_b=3;new_b=4;load=6.5`).
    public var detail: String
    /// Net allocated bytes just after the growth started.
    public var allocatedBytesAtStart: Int
    /// Net allocated bytes just after the growth finished; nil if it never finished.
    public var allocatedBytesAtEnd: Int?
    /// The growth's longest insert in nanoseconds, from the insert that started it to the one that finished
    /// it (PROTOCOL.md, "Insert latency"); nil when latency was not recorded.
    public var maxInsertNanoseconds: Int? = nil

    /// Creates a row.
    public init(
        workload: String, index: Int, kind: GrowthKind, countAtStart: Int, keysAtStart: Int, bytesAllocated: Int?,
        bytesReleased: Int?, writesToFinish: Int?, detail: String, allocatedBytesAtStart: Int,
        allocatedBytesAtEnd: Int?
    ) {
        self.workload = workload
        self.index = index
        self.kind = kind
        self.countAtStart = countAtStart
        self.keysAtStart = keysAtStart
        self.bytesAllocated = bytesAllocated
        self.bytesReleased = bytesReleased
        self.writesToFinish = writesToFinish
        self.detail = detail
        self.allocatedBytesAtStart = allocatedBytesAtStart
        self.allocatedBytesAtEnd = allocatedBytesAtEnd
    }

    /// The integer a `detail` pair gives (`old_b` in `old_b=3;new_b=4`), or nil.
    public func detailInt(_ name: String) -> Int? {
        detailValue(name).flatMap { Int($0) }
    }

    /// The number a `detail` pair gives (`load` in `...;load=6.5`), or nil.
    public func detailDouble(_ name: String) -> Double? {
        detailValue(name).flatMap { Double($0) }
    }

    /// The text of a `detail` pair, or nil.
    public func detailValue(_ name: String) -> String? {
        for pair in detail.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 && parts[0] == name { return String(parts[1]) }
        }
        return nil
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
    /// Insert latencies of the workloads that recorded them, grouped by workload.
    public var latency: [LatencyRow]

    /// Creates a result set.
    public init(summary: [SummaryRow] = [], curve: [CurveRow] = [], growth: [GrowthRow] = [],
                latency: [LatencyRow] = []) {
        self.summary = summary
        self.curve = curve
        self.growth = growth
        self.latency = latency
    }
}
