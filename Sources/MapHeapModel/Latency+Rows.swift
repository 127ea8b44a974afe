// latency.csv (`mapheap.latency.v1`, Sources/PROTOCOL.md "Insert latency"): per workload, the
// latency quantiles, the histogram's non-empty buckets, the longest insert of every sample window,
// and (Go only) the GC pause buckets.
//
// A child records into a histogram of 1 % buckets (about 1,300 non-empty ones per 10M-insert
// workload); mapheap writes them at the coarser resolution of `LatencyBins` (8 bins per doubling,
// about 120 rows), merging counts exactly. The quantiles and the maximum are `stat` rows, read from
// the fine histogram, so no figure depends on the bins.

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

/// The resolution of `latency.csv`'s `bucket` rows (PROTOCOL.md, "Insert latency"): the histogram's
/// layout with 16 sub-buckets instead of 256. Every value below 16 ns is a bin of its own; from 16 ns
/// on, each doubling [2^k, 2^(k+1)) is cut into 8 bins of equal width 2^(k-3), so a bin is at most
/// 1/8 of its lowest value wide (about 27 bins per decade). A child's 1 % bucket lies inside one bin
/// (its width, 1 below 256 ns and 2^(k-7) above, divides the bin's, and its bounds are multiples of
/// it), so merging buckets into bins adds whole counts and keeps the total.
public enum LatencyBins {
    /// Bins per doubling of the latency (a power of two: a bin's width is a power of two too).
    public static let perDoubling = 8
    /// Values below this many nanoseconds are bins of their own (one nanosecond wide).
    public static let exactBelow = 2 * perDoubling

    /// The bin holding `nanoseconds` (≥ 0): its lowest and highest value, inclusive.
    public static func bin(of nanoseconds: Int) -> ClosedRange<Int> {
        precondition(nanoseconds >= 0, "a latency is not negative")
        guard nanoseconds >= exactBelow else { return nanoseconds...nanoseconds }
        let doubling = Int.bitWidth - 1 - nanoseconds.leadingZeroBitCount  // floor(log2)
        let width = 1 << (doubling - perDoubling.trailingZeroBitCount)
        let low = nanoseconds & ~(width - 1)
        return low...(low + (width - 1))
    }
}

extension LatencyRow {
    /// `rows` with each workload's run of `bucket` rows merged into `LatencyBins` bins, lowest first,
    /// each bin's count the sum of its buckets'; every other row stays as it is, in its place. A run
    /// that cannot be merged exactly (a bucket without bounds or count, negative, or across a bin's
    /// edge, or counts that overflow) is kept as it came. Rows already binned come back unchanged.
    public static func binned(_ rows: [LatencyRow]) -> [LatencyRow] {
        var out: [LatencyRow] = []
        out.reserveCapacity(rows.count)
        var index = rows.startIndex
        while index < rows.endIndex {
            let row = rows[index]
            guard row.kind == .bucket else {
                out.append(row)
                index += 1
                continue
            }
            var end = index
            while end < rows.endIndex && rows[end].kind == .bucket && rows[end].workload == row.workload { end += 1 }
            out += mergedBuckets(rows[index..<end]) ?? Array(rows[index..<end])
            index = end
        }
        return out
    }

    /// One workload's bucket rows merged into bins, or nil when they cannot be merged exactly.
    private static func mergedBuckets(_ buckets: ArraySlice<LatencyRow>) -> [LatencyRow]? {
        var counts: [Int: (bin: ClosedRange<Int>, count: Int)] = [:]
        for bucket in buckets {
            guard let low = bucket.lowNanoseconds, let high = bucket.highNanoseconds, let count = bucket.count,
                  low >= 0, low <= high, count >= 0 else { return nil }
            let bin = LatencyBins.bin(of: low)
            guard bin.contains(high) else { return nil }
            let (sum, overflow) = (counts[bin.lowerBound]?.count ?? 0).addingReportingOverflow(count)
            guard !overflow else { return nil }
            counts[bin.lowerBound] = (bin, sum)
        }
        let workload = buckets.first?.workload ?? ""
        return counts.keys.sorted().compactMap { low in
            counts[low].map { entry in
                LatencyRow(workload: workload, kind: .bucket, lowNanoseconds: entry.bin.lowerBound,
                           highNanoseconds: entry.bin.upperBound, count: entry.count)
            }
        }
    }
}
