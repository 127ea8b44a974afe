// `mapheap compare`: two result sets, workload by workload, metric by metric.
//
// Workloads are matched by name. Each metric has a rule (`CompareMetric.rule`):
//   exact      deterministic counts (growths, final B, overflow buckets, the map's own bytes, counts
//              of operations) must be equal; nil equals nil only;
//   tolerance  jemalloc byte figures must lie within a bound of the baseline (default 1% relative;
//              see Thresholds.swift); a change either way beyond it fails, so that a baseline is
//              only ever updated on purpose;
//   info       final_resident_bytes is shown only (resident memory is noisy), unless a threshold
//              names it;
//   time       seconds, ns_per_insert, ns_per_lookup and the insert latencies (insert_p99_ns, insert_max_ns) are
//              shown only, unless a threshold names them; then only a slowdown beyond the bound fails
//              (a time measured on the current side only is shown, not judged; one the baseline has
//              and the current side lacks fails, as missing).
// A workload whose status is not `ok` on the current side fails, and so does a workload of the
// baseline missing from the current side; a workload only in the current side is listed. Across Go
// versions, a Go workload of the baseline paired with one of the current side that differs only in
// the runtime (Compare+Versions.swift) is not missing: its map-bytes change is printed, not judged.

import Foundation
import MapHeapModel

/// A metric of summary.csv that `mapheap compare` compares.
public enum CompareMetric: String, CaseIterable, Equatable, Sendable {
    /// Growths of every kind (exact).
    case growths
    /// Classic map: doubling growths (exact).
    case growthsDoubling = "growths_doubling"
    /// Classic map: same-size growths (exact).
    case growthsSameSize = "growths_same_size"
    /// Swiss map: small map to table (exact).
    case growthsSmallToTable = "growths_small_to_table"
    /// Swiss map: table grows (exact).
    case growthsTableGrow = "growths_table_grow"
    /// Swiss map: table splits (exact).
    case growthsTableSplit = "growths_table_split"
    /// Swiss map: directory grows (exact).
    case growthsDirectoryGrow = "growths_directory_grow"
    /// Swift peers: storage reallocations (exact).
    case growthsReallocation = "growths_reallocation"
    /// Classic map: final B (exact).
    case finalB = "final_b"
    /// Classic map: overflow buckets at the end (exact).
    case overflowBuckets = "overflow_buckets"
    /// Swiss map: tables at the end (exact).
    case tables
    /// Swiss map: directory length at the end (exact).
    case directoryLength = "directory_length"
    /// Slots at the end (exact).
    case capacity
    /// The map's own bytes (exact).
    case mapBytes = "map_bytes"
    /// Live entries at the end (exact).
    case finalCount = "final_count"
    /// Insert operations (exact).
    case inserts
    /// Delete operations (exact).
    case deletes
    /// jemalloc net allocated bytes at the end (tolerance).
    case finalAllocatedBytes = "final_allocated_bytes"
    /// jemalloc peak net allocated bytes (tolerance).
    case peakAllocatedBytes = "peak_allocated_bytes"
    /// Allocated bytes per live key (tolerance).
    case bytesPerKey = "bytes_per_key"
    /// jemalloc resident bytes at the end (info unless a threshold names it).
    case finalResidentBytes = "final_resident_bytes"
    /// Wall-clock seconds (info unless a threshold names it).
    case seconds
    /// Nanoseconds per insert (info unless a threshold names it).
    case nsPerInsert = "ns_per_insert"
    /// Nanoseconds per lookup, when lookups were timed (info unless a threshold names it).
    case nsPerLookup = "ns_per_lookup"
    /// The 99th percentile insert, when latency was recorded (info unless a threshold names it).
    case insertP99Nanoseconds = "insert_p99_ns"
    /// The longest insert, when latency was recorded (info unless a threshold names it).
    case insertMaxNanoseconds = "insert_max_ns"

    /// How a metric is judged.
    public enum Rule: Equatable, Sendable {
        /// Must be equal.
        case exact
        /// Must lie within a tolerance of the baseline (default: the thresholds' default).
        case tolerance
        /// Shown only, unless a threshold names it.
        case info
        /// Shown only, unless a threshold names it; then only an increase beyond it fails.
        case time
    }

    /// This metric's rule.
    public var rule: Rule {
        switch self {
        case .growths, .growthsDoubling, .growthsSameSize, .growthsSmallToTable, .growthsTableGrow,
             .growthsTableSplit, .growthsDirectoryGrow, .growthsReallocation, .finalB, .overflowBuckets, .tables,
             .directoryLength, .capacity, .mapBytes, .finalCount, .inserts, .deletes:
            return .exact
        case .finalAllocatedBytes, .peakAllocatedBytes, .bytesPerKey: return .tolerance
        case .finalResidentBytes: return .info
        case .seconds, .nsPerInsert, .nsPerLookup, .insertP99Nanoseconds, .insertMaxNanoseconds: return .time
        }
    }

    /// This metric's rule for a row of `impl`. A map that seeds its hash at random in every run
    /// (`MapKind.seedsHashPerRun`: the real Go runtime) differs from run to run in what depends on where
    /// keys land (Swiss splits and tables, the bytes those hold, same-size growths): those are held to the
    /// tolerance instead of exactness. Its heap figures hold garbage until a collection that comes when it
    /// comes, and its overflow bucket count varies by a few percent: those are shown only (thresholds do
    /// not apply). So are its directory length and directory grows: one table split one level deeper than
    /// the others doubles the directory (256 to 512 entries at 257 tables of 1024 slots), and whether that
    /// happens is the hash seed's doing; the tables and map bytes, held to the tolerance, carry the memory.
    /// What the key count decides stays exact.
    public func rule(forImpl impl: Workload.Impl) -> Rule {
        guard impl.kind.seedsHashPerRun else { return rule }
        switch self {
        case .finalB, .growthsDoubling, .growthsSmallToTable, .finalCount, .inserts, .deletes: return .exact
        case .overflowBuckets, .finalAllocatedBytes, .peakAllocatedBytes, .bytesPerKey, .directoryLength,
             .growthsDirectoryGrow: return .info
        default: return rule == .exact ? .tolerance : rule
        }
    }

    /// Whether the metric says nothing about this pair of rows, so that the table leaves it out: a
    /// figure that applies to neither map (empty on both sides), or a growth kind neither map had.
    func isIdle(baseline: SummaryRow, current: SummaryRow) -> Bool {
        let (old, new) = (value(in: baseline), value(in: current))
        if old.number == nil && new.number == nil { return true }
        return rawValue.hasPrefix("growths_") && old == .integer(0) && new == .integer(0)
    }

    /// The metric's value in a summary row (nil when the row has none, e.g. map_bytes of a peer).
    func value(in row: SummaryRow) -> _MetricValue {
        switch self {
        case .growths: return .integer(row.growths.total)
        case .growthsDoubling: return .integer(row.growths[.doubling])
        case .growthsSameSize: return .integer(row.growths[.sameSize])
        case .growthsSmallToTable: return .integer(row.growths[.smallToTable])
        case .growthsTableGrow: return .integer(row.growths[.tableGrow])
        case .growthsTableSplit: return .integer(row.growths[.tableSplit])
        case .growthsDirectoryGrow: return .integer(row.growths[.directoryGrow])
        case .growthsReallocation: return .integer(row.growths[.reallocation])
        case .finalB: return .integer(row.structure.b)
        case .overflowBuckets: return .integer(row.structure.overflowBuckets)
        case .tables: return .integer(row.structure.tables)
        case .directoryLength: return .integer(row.structure.directoryLength)
        case .capacity: return .integer(row.structure.capacity)
        case .mapBytes: return .integer(row.mapBytes)
        case .finalCount: return .integer(row.finalCount)
        case .inserts: return .integer(row.inserts)
        case .deletes: return .integer(row.deletes)
        case .finalAllocatedBytes: return .integer(row.finalAllocatedBytes)
        case .peakAllocatedBytes: return .integer(row.peakAllocatedBytes)
        case .bytesPerKey: return .real(row.bytesPerKey)
        case .finalResidentBytes: return .integer(row.finalResidentBytes)
        case .seconds: return .real(row.seconds)
        case .nsPerInsert: return .real(row.nsPerInsert)
        case .nsPerLookup: return .real(row.nsPerLookup)
        case .insertP99Nanoseconds: return .integer(row.insertP99Nanoseconds)
        case .insertMaxNanoseconds: return .integer(row.insertMaxNanoseconds)
        }
    }
}

/// A metric value: an optional integer or a double.
enum _MetricValue: Equatable {
    case integer(Int?)
    case real(Double?)

    var number: Double? {
        switch self {
        case .integer(let value): return value.map(Double.init)
        case .real(let value): return value
        }
    }

    var text: String {
        switch self {
        case .integer(let value): return value.map(String.init) ?? "-"
        case .real(let value): return value.map { _Format.real($0) } ?? "-"
        }
    }

    var isInteger: Bool {
        if case .integer = self { return true }
        return false
    }
}

/// The judgement on one metric of one workload.
public enum Verdict: String, Equatable, Sendable {
    /// The rule holds.
    case pass = "ok"
    /// Shown for information; not judged.
    case info
    /// The rule does not hold.
    case regression = "REGRESSION"
}

/// One line of a comparison: one metric of one workload.
public struct ComparisonRow: Equatable, Sendable {
    /// The workload's name.
    public var workload: String
    /// The metric (a summary.csv column name, or `status`).
    public var metric: String
    /// The baseline value as shown (`-` for none).
    public var baseline: String
    /// The current value as shown (`-` for none).
    public var current: String
    /// current - baseline, when both are numbers.
    public var difference: Double?
    /// The difference as a percentage of the baseline, when both are numbers and the baseline is not 0.
    public var differencePercent: Double?
    /// Whether the values are integers (for formatting the difference).
    public var isInteger: Bool
    /// The judgement.
    public var verdict: Verdict
    /// The rule applied, in words (`exact`, `±1%`, `info`, ...).
    public var rule: String
}

/// The outcome of `mapheap compare`: per-metric rows, missing workloads and an overall verdict.
public struct Comparison: Equatable, Sendable {
    /// One row per workload present on both sides and per metric, in baseline order.
    public var rows: [ComparisonRow]
    /// Workloads of the baseline that the current result set lacks (each one fails the comparison).
    public var missingInCurrent: [String]
    /// Workloads of the current result set that the baseline lacks (listed; not a failure).
    public var missingInBaseline: [String]
    /// Go workloads measured under another runtime on each side: the map bytes' change (Compare+Versions).
    public var goVersionChanges: [GoVersionChange] = []

    /// Whether a row is a metric the baseline has and the current side lacks (shown as `-`).
    static func isMissing(_ row: ComparisonRow) -> Bool {
        row.metric != "status" && row.baseline != "-" && row.current == "-"
    }

    /// The rows whose verdict is a regression.
    public var regressions: [ComparisonRow] { rows.filter { $0.verdict == .regression } }

    /// Whether every rule holds and no baseline workload is missing.
    public var passed: Bool { regressions.isEmpty && missingInCurrent.isEmpty }

    /// The exit status `mapheap compare` ends with: 0 when all rules hold, 1 on a regression.
    /// (Bad input, a `ConfigError` or `CSVError` from the throwing loaders, is 2.)
    public var exitCode: Int32 { passed ? 0 : 1 }

    /// Compares `current` against `baseline` under `thresholds`.
    public init(baseline: ResultSet, current: ResultSet, thresholds: Thresholds = .builtIn) {
        var currentByName: [String: SummaryRow] = [:]
        for row in current.summary where currentByName[row.workload] == nil { currentByName[row.workload] = row }
        let baselineNames = Set(baseline.summary.map(\.workload))

        var rows: [ComparisonRow] = []
        var missing: [String] = []
        var seen = Set<String>()
        for old in baseline.summary where seen.insert(old.workload).inserted {
            guard let new = currentByName[old.workload] else {
                missing.append(old.workload)
                continue
            }
            rows.append(Comparison.statusRow(baseline: old, current: new))
            for metric in CompareMetric.allCases where !metric.isIdle(baseline: old, current: new) {
                rows.append(Comparison.row(metric, baseline: old, current: new, thresholds: thresholds))
            }
        }
        var extra: [String] = []
        var listed = Set<String>()
        for row in current.summary
            where !baselineNames.contains(row.workload) && listed.insert(row.workload).inserted {
            extra.append(row.workload)
        }
        // An upgrade comparison: a Go workload renamed for its runtime (go1.23-x -> go1.27-x) is paired
        // by its identity (Compare+Versions.swift), so it is neither missing nor new.
        let changes = GoVersionChange.pairs(baseline: baseline, current: current)
        let pairedBaseline = Set(changes.map(\.baselineWorkload))
        let pairedCurrent = Set(changes.map(\.currentWorkload))
        self.rows = rows
        self.missingInCurrent = missing.filter { !pairedBaseline.contains($0) }
        self.missingInBaseline = extra.filter { !pairedCurrent.contains($0) }
        goVersionChanges = changes
    }

    /// Reads both sides (result directories or summary.csv paths) and the optional thresholds file,
    /// and compares them. Throws `CSVError` or `ConfigError` (exit status 2) on bad input. Only the
    /// summary rows are read: no rule needs `curve.csv` or `growth.csv`. A baseline whose last row is
    /// torn is bad input; `warn` receives a line if the current side's torn last row was dropped.
    public static func load(baseline: String, current: String, thresholdsPath: String?,
                            warn: (String) -> Void = _warnOnStandardError) throws -> Comparison {
        let thresholds = try thresholdsPath.map { try Thresholds.load(path: $0) } ?? .builtIn
        // A baseline's torn last row is bad input, not a workload to skip: the gate would check less.
        let old = ResultSet(summary: try ResultSet.readSummary(
            from: baseline, torn: .refuse(fix: "a baseline must be complete; restore it or measure it again"),
            warn: warn))
        // A baseline without workloads would make every comparison pass with nothing checked: a
        // truncated baseline must not switch the gate off.
        guard !old.summary.isEmpty else {
            throw CSVError(file: ResultSet.summaryPath(of: baseline), line: nil,
                           message: "the baseline has no workload rows; compare against a complete result directory")
        }
        let new = ResultSet(summary: try ResultSet.readSummary(from: current, warn: warn))
        return Comparison(baseline: old, current: new, thresholds: thresholds)
    }

    private static func statusRow(baseline: SummaryRow, current: SummaryRow) -> ComparisonRow {
        ComparisonRow(
            workload: baseline.workload, metric: "status", baseline: baseline.status.rawValue,
            current: current.status.rawValue,
            difference: nil, differencePercent: nil, isInteger: false,
            verdict: current.status == .ok ? .pass : .regression, rule: "current ok"
        )
    }

    private static func describe(_ tolerance: Tolerance, sign: String = "±") -> String {
        var parts: [String] = []
        if let relative = tolerance.relativePercent { parts.append(sign + _Format.real(relative) + "%") }
        if let absolute = tolerance.absolute { parts.append(sign + _Format.real(absolute)) }
        return parts.joined(separator: " or ")
    }

    private static func row(
        _ metric: CompareMetric, baseline: SummaryRow, current: SummaryRow, thresholds: Thresholds
    ) -> ComparisonRow {
        let old = metric.value(in: baseline)
        let new = metric.value(in: current)
        var difference: Double?
        var percent: Double?
        if let a = old.number, let b = new.number {
            difference = b - a
            if a != 0 { percent = (b - a) / abs(a) * 100 }
        }

        let verdict: Verdict
        let rule: String
        let ruleForRow = metric.rule(forImpl: baseline.impl)
        let named = ruleForRow == .info && metric.rule != .info ? nil : thresholds.metrics[metric.rawValue]
        switch (ruleForRow, named) {
        case (.exact, _):
            verdict = old == new ? .pass : .regression
            rule = "exact"
        case (.info, nil), (.time, nil):
            verdict = .info
            rule = "info"
        case (.tolerance, _), (.info, .some):
            let tolerance = named ?? thresholds.defaultTolerance
            rule = describe(tolerance)
            if let a = old.number, let b = new.number {
                verdict = tolerance.allows(baseline: a, current: b) ? .pass : .regression
            } else {
                verdict = old == new ? .pass : .regression
            }
        case (.time, .some(let tolerance)):
            rule = "+" + describe(tolerance, sign: "")
            if let a = old.number, let b = new.number {
                verdict = b <= a || tolerance.allows(baseline: a, current: b) ? .pass : .regression
            } else if old.number != nil {
                // The baseline measured it and a threshold names it: a current side that lost it (a
                // latency or lookup column emptied) must not pass the gate unchecked.
                verdict = .regression
            } else {
                // A time only the current side measured (latency newly recorded): shown, not judged.
                verdict = old == new ? .pass : .info
            }
        }
        return ComparisonRow(
            workload: baseline.workload, metric: metric.rawValue, baseline: old.text, current: new.text,
            difference: difference, differencePercent: percent, isInteger: old.isInteger, verdict: verdict,
            rule: rule
        )
    }
}

