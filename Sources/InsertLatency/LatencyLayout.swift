// The histogram every child records insert latencies into, and what is read out of it afterwards.
// The layout is part of the child protocol (PROTOCOL.md, "latency.csv"): a child in another language
// records into the same buckets, so two maps' histograms can be compared bucket by bucket.
import Histogram

/// The histogram layout of insert latencies: HdrHistogram's log-linear buckets over nanoseconds.
public enum LatencyLayout {
    /// The smallest value told apart from 0: one nanosecond.
    public static let lowestDiscernibleNanoseconds: UInt64 = 1
    /// The largest value recorded as itself: 100 s. A longer insert is counted at 100 s (its exact
    /// length is still the recorder's `maxNanoseconds`).
    public static let highestTrackableNanoseconds: UInt64 = 100_000_000_000
    /// Two significant digits: every bucket is at most 1 % of its values wide (256 sub-buckets per
    /// power of two, 128 new ones per doubling), 4,736 counters, 37 KiB.
    public static let significantDigits = SignificantDigits.two

    /// An empty histogram in this layout. It allocates its counters now, so recording never does.
    public static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: lowestDiscernibleNanoseconds,
                          highestTrackableValue: highestTrackableNanoseconds,
                          numberOfSignificantValueDigits: significantDigits)
    }
}

/// One non-empty bucket of a latency histogram: every recorded value from `low` to `high`
/// nanoseconds (inclusive) is counted together.
public struct LatencyBucket: Hashable, Sendable {
    /// The lowest value counted in the bucket.
    public var low: UInt64
    /// The highest value counted in the bucket.
    public var high: UInt64
    /// Inserts counted.
    public var count: UInt64

    /// Creates a bucket.
    public init(low: UInt64, high: UInt64, count: UInt64) {
        self.low = low
        self.high = high
        self.count = count
    }
}

/// What is reported of one workload's insert latencies: the quantiles, the exact maximum and the
/// non-empty buckets.
public struct LatencySummary: Hashable, Sendable {
    /// The quantiles reported, as fractions (p50 .. p99.99).
    public static let quantiles: [Double] = [0.5, 0.9, 0.99, 0.999, 0.9999]

    /// Inserts recorded.
    public var inserts: UInt64
    /// The value at each of `quantiles`: the highest value of the bucket it falls in (so within 1 %).
    public var quantileNanoseconds: [UInt64]
    /// The longest insert, exact.
    public var maxNanoseconds: UInt64
    /// Which insert it was (0-based: the number of inserts before it).
    public var maxInsertIndex: Int
    /// The non-empty buckets, lowest first; their counts add up to `inserts`.
    public var buckets: [LatencyBucket]

    /// Creates a summary from its parts.
    public init(inserts: UInt64, quantileNanoseconds: [UInt64], maxNanoseconds: UInt64, maxInsertIndex: Int,
                buckets: [LatencyBucket]) {
        precondition(quantileNanoseconds.count == Self.quantiles.count, "one value per quantile")
        self.inserts = inserts
        self.quantileNanoseconds = quantileNanoseconds
        self.maxNanoseconds = maxNanoseconds
        self.maxInsertIndex = maxInsertIndex
        self.buckets = buckets
    }

    /// Reads `histogram` (in `LatencyLayout`), with the exact maximum kept beside it.
    public init(histogram: Histogram<UInt64>, maxNanoseconds: UInt64, maxInsertIndex: Int) {
        let buckets = histogram.recordedValues().map { value in
            let range = histogram.equivalentRangeForValue(value.value)
            return LatencyBucket(low: range.lowerBound, high: range.upperBound, count: value.count)
        }
        self.init(inserts: histogram.totalCount,
                  quantileNanoseconds: Self.quantiles.map { histogram.valueAtPercentile($0 * 100) },
                  maxNanoseconds: maxNanoseconds, maxInsertIndex: maxInsertIndex, buckets: buckets)
    }

    /// The value at quantile `q`, which must be one of `quantiles`.
    public func nanoseconds(atQuantile q: Double) -> UInt64 {
        guard let index = Self.quantiles.firstIndex(of: q) else {
            preconditionFailure("\(q) is not a reported quantile: \(Self.quantiles)")
        }
        return quantileNanoseconds[index]
    }
}
