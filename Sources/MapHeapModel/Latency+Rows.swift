// latency.csv (`mapheap.latency.v1`, Sources/PROTOCOL.md "Insert latency"): per workload, the
// latency quantiles, the histogram's non-empty buckets, the longest insert of every sample window,
// and (Go only) the GC pause buckets.

/// One row of `latency.csv`.
public struct LatencyRow: Equatable, Sendable {
    /// What a row holds.
    public enum Kind: String, CaseIterable, Sendable {
        /// A named figure: `inserts`, `p50` .. `p99.99`, `max`.
        case stat
        /// One non-empty histogram bucket.
        case bucket
        /// The longest insert of one sample window.
        case window
        /// One non-empty bucket of the Go runtime's GC pause histogram.
        case gcPause = "gc-pause"
    }

    /// The `stat` names of the quantiles, in the order of `InsertLatency.LatencySummary.quantiles`.
    public static let quantileNames = ["p50", "p90", "p99", "p99.9", "p99.99"]

    /// The workload.
    public var workload: String
    /// What the row holds.
    public var kind: Kind
    /// For `stat`: the figure's name; empty otherwise.
    public var name: String
    /// For `stat max`: the inserts before the longest; for `window`: the insert count at the window's end.
    public var keys: Int?
    /// For `stat` (but `inserts`) and `window`: nanoseconds.
    public var valueNanoseconds: Int?
    /// For `bucket` and `gc-pause`: the bucket's lowest and highest value, inclusive.
    public var lowNanoseconds: Int?
    public var highNanoseconds: Int?
    /// For `bucket` and `gc-pause`: what it counts; for `stat inserts`: the inserts timed.
    public var count: Int?

    /// Creates a row.
    public init(workload: String, kind: Kind, name: String = "", keys: Int? = nil, valueNanoseconds: Int? = nil,
                lowNanoseconds: Int? = nil, highNanoseconds: Int? = nil, count: Int? = nil) {
        self.workload = workload
        self.kind = kind
        self.name = name
        self.keys = keys
        self.valueNanoseconds = valueNanoseconds
        self.lowNanoseconds = lowNanoseconds
        self.highNanoseconds = highNanoseconds
        self.count = count
    }
}

extension LatencyRow: CSVResultRow {
    /// `mapheap.latency.v1` (Sources/columns.json).
    public static let csvSchema = _CSVColumns.latencySchema
    /// `latency.csv`.
    public static let csvFileName = _CSVColumns.latencyFile
    /// The columns of `latency.csv`, as Sources/columns.json states them (PROTOCOL.md describes them).
    public static let csvColumns = _CSVColumns.latency

    /// The row's fields in column order.
    public var csvFields: [String] {
        [
            Self.csvSchema, workload, kind.rawValue, name, _CSVValue.int(keys), _CSVValue.int(valueNanoseconds),
            _CSVValue.int(lowNanoseconds), _CSVValue.int(highNanoseconds), _CSVValue.int(count),
        ]
    }

    /// Decodes a `latency.csv` row.
    public init(csvRow r: CSVFieldReader) throws(CSVError) {
        let kind = try r.choice("kind", Kind.allCases.map(\.rawValue))
        self.init(
            workload: r.string("workload"), kind: Kind(rawValue: kind) ?? .stat, name: r.string("name"),
            keys: try r.optionalInt("keys"), valueNanoseconds: try r.optionalInt("value_ns"),
            lowNanoseconds: try r.optionalInt("low_ns"), highNanoseconds: try r.optionalInt("high_ns"),
            count: try r.optionalInt("count"))
    }
}

extension ResultSet {
    /// The `stat` figure `name` of `workload` (`p99.99`, `max`, ...), or nil.
    public func latencyStat(_ name: String, of workload: String) -> LatencyRow? {
        latency.first { $0.workload == workload && $0.kind == .stat && $0.name == name }
    }
}
