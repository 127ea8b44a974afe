// `mapheap compare` across Go versions: the upgrade question. When the baseline and the current run
// measured Go's own map under different runtimes (go1.23.9 in one, go1.27.3 in the other), each Go
// workload of the baseline is paired with the current run's Go workload of the same shape (key,
// value, sizing, hint, ops, keys) under another runtime, whatever the two are named, and the change
// in the map's own bytes is printed: derived from the two measured figures. These lines inform; the
// change itself is not judged. A paired workload counts as present on both sides (not missing, not
// new), so a pure upgrade comparison passes; a baseline Go workload left unpaired (no ok row of its
// identity on the current side) is still missing and fails, and same-named workloads keep the metric
// rules (Compare.swift).
import Foundation
import MapHeapModel

/// One Go workload measured under two runtimes: the map's bytes before and after.
public struct GoVersionChange: Equatable, Sendable {
    /// The baseline's workload and runtime.
    public var baselineWorkload: String
    public var baselineRuntime: String
    /// The current run's workload and runtime.
    public var currentWorkload: String
    public var currentRuntime: String
    /// The map's own bytes on each side (measured).
    public var baselineBytes: Int
    public var currentBytes: Int

    /// The change in percent of the baseline (derived).
    public var percent: Double { 100 * (Double(currentBytes) - Double(baselineBytes)) / Double(baselineBytes) }

    /// `go-int64-bool-unsized: go1.23.9 3,436,768 B -> go1.27.3 4,729,136 B (+37.6%)`.
    public var line: String {
        let name = baselineWorkload == currentWorkload ? baselineWorkload : "\(baselineWorkload) / \(currentWorkload)"
        return "\(name): \(baselineRuntime) \(_Format.int(baselineBytes)) B -> \(currentRuntime) "
            + "\(_Format.int(currentBytes)) B (" + String(format: "%+.1f%%", percent) + ")"
    }

    /// The pairs of `baseline` and `current` that differ only in the Go runtime, in baseline order.
    /// Empty when the two runs measured Go under the same runtimes.
    public static func pairs(baseline: ResultSet, current: ResultSet) -> [GoVersionChange] {
        func goRows(_ set: ResultSet) -> [SummaryRow] {
            set.summary.filter { $0.impl.kind.isGoRuntime && $0.status == .ok && $0.mapBytes != nil }
        }
        let old = goRows(baseline)
        let new = goRows(current)
        guard Set(old.map(\.runtime)) != Set(new.map(\.runtime)) else { return [] }
        var used = Set<String>()
        var changes: [GoVersionChange] = []
        for before in old {
            let match = new.first { after in
                !used.contains(after.workload) && after.runtime != before.runtime
                    && after.keyType == before.keyType && after.valueType == before.valueType
                    && after.sizing == before.sizing && after.hint == before.hint && after.ops == before.ops
                    && after.keys == before.keys
                    && (after.insertMaxNanoseconds == nil) == (before.insertMaxNanoseconds == nil)
            }
            guard let after = match, let oldBytes = before.mapBytes, oldBytes > 0, let newBytes = after.mapBytes
            else { continue }
            used.insert(after.workload)
            changes.append(GoVersionChange(
                baselineWorkload: before.workload, baselineRuntime: before.runtime, currentWorkload: after.workload,
                currentRuntime: after.runtime, baselineBytes: oldBytes, currentBytes: newBytes))
        }
        return changes
    }
}

extension Comparison {
    /// The lines `mapheap compare` prints about the Go version change, or none when there is none.
    var goVersionLines: [String] {
        guard !goVersionChanges.isEmpty else { return [] }
        return ["Go version change (map bytes, measured on each side; the change derived):"]
            + goVersionChanges.map { "  " + $0.line }
    }
}
