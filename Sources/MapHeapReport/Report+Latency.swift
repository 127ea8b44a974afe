// Report section "The longest insert" (runs that timed every insert: `mapheap run --latency` or a
// suite's `"latency": true`): for each unsized insert workload, its p99, p99.99 and longest insert,
// the growth that caused the longest, and its ratio to the model's workload of the same shape.

import Foundation
import MapHeapModel

extension _Report {
    /// The unsized insert workloads with latency figures, largest first, then in suite order.
    var latencyRows: [SummaryRow] {
        latencyCandidates.filter { $0.ops == .insert && $0.sizing == .unsized && $0.insertMaxNanoseconds != nil }
            .enumerated().sorted { ($0.element.keys, -$0.offset) > ($1.element.keys, -$1.offset) }.map(\.element)
    }

    /// The ok rows this section reads: every section's, and the timed twins.
    var latencyCandidates: [SummaryRow] { allResults.summary.filter(\._isOK) }

    /// Whether the section has anything to say.
    var hasLatency: Bool { allResults.summary.contains { $0.insertMaxNanoseconds != nil } }

    /// "The longest insert": one row per unsized insert workload that recorded latency.
    mutating func longestInsert() {
        guard hasLatency else { return }
        heading("The longest insert")
        text("Every insert was timed on its own (the time the harness spent sampling inside an insert is "
            + "left out). The longest insert, and the growth it happened in: the growth whose longest insert, "
            + "from the insert that started it to the one that finished it, is that insert. The ratio is "
            + "to \(model.displayName)'s workload of the same keys, key and value (derived).")
        let rows = latencyRows
        guard !rows.isEmpty else {
            blank()
            text("No unsized insert workload recorded latency.")
            return
        }
        var table = TextTable([.left("workload"), .right("keys"), .right("p99"), .right("p99.99"), .right("max"),
                               .right("at insert"), .left("caused by"), .right("max / \(model.displayName)")])
        for row in rows {
            let p9999 = results.latencyStat("p99.99", of: row.workload)?.valueNanoseconds
            let at = results.latencyStat("max", of: row.workload)?.keys
            let modelRow = latencyCandidates.first { candidate in
                let sameShape = candidate.ops == .insert && candidate.sizing == .unsized
                    && candidate.keys == row.keys
                let sameTypes = candidate.keyType == row.keyType
                    && (candidate.valueType == row.valueType || row.impl.kind.holdsOnlyEmptyValues)
                return candidate.impl == model.impl && sameShape && sameTypes && candidate.insertMaxNanoseconds != nil
            }
            var ratio = "-"
            if let mine = row.insertMaxNanoseconds, let theirs = modelRow?.insertMaxNanoseconds {
                ratio = _Format.ratio(Double(mine), Double(theirs)) + " (derived)"
            }
            table.append([row.workload, _Format.int(row.keys), _latencyText(row.insertP99Nanoseconds),
                          _latencyText(p9999), _latencyText(row.insertMaxNanoseconds),
                          at.map(_Format.int) ?? "-", causeOfLongest(row), ratio])
        }
        self.table(table)
        for row in rows {
            let pauses = results.latency.filter { $0.workload == row.workload && $0.kind == .gcPause }
            guard let longest = pauses.last, let low = longest.lowNanoseconds, let high = longest.highNanoseconds
            else { continue }
            let count = pauses.reduce(0) { $0 + ($1.count ?? 0) }
            item("\(row.workload): \(_Format.int(count)) GC pauses (stop-the-world, off the insert path), the "
                + "longest \(_latencyText(low)) to \(_latencyText(high)) (runtime/metrics bucket).")
        }
        blank()
        text("Where a model's timing differs from Go's, and why: the classic map "
            + "(\(Self.modelName(.classic))) frees the old bucket "
            + "array when evacuation ends, inside the insert that moves the last bucket, so that insert pays "
            + "for the free (a munmap of the whole old array for a large map). Go frees the old array in its "
            + "garbage collector, off the insert path: a Go insert never pays for it, and the collector's "
            + "pauses are measured apart (latency.csv, gc-pause rows, Go peer only). Swift's \(Self.peerNames) "
            + "rehash every entry inside the insert that outgrows them; the Swiss map grows one table "
            + "of at most 1024 slots at a time. A longest insert in no growth is the machine's doing: the "
            + "process was descheduled, or a page fault took long, during that insert.")
    }

    /// `growth 23 (doubling, old_b=22;new_b=23)`, or `no growth` when the longest insert was in none.
    func causeOfLongest(_ row: SummaryRow) -> String {
        guard let longest = row.insertMaxNanoseconds else { return "-" }
        guard let growth = growthRows(of: row.workload).first(where: { $0.maxInsertNanoseconds == longest }) else {
            return "no growth"
        }
        let detail = growth.detail.isEmpty ? "" : ", " + growth.detail
        return "growth \(growth.index) (\(growth.kind.rawValue)\(detail))"
    }
}

/// `12.9 ms`, `850 ns`, `1.20 µs`: a latency at a readable scale; `-` when absent.
func _latencyText(_ nanoseconds: Int?) -> String {
    guard let nanoseconds else { return "-" }
    let value = Double(nanoseconds)
    switch value {
    case ..<1_000: return "\(nanoseconds) ns"
    case ..<1_000_000: return String(format: "%.2f µs", value / 1e3)
    case ..<1_000_000_000: return String(format: "%.2f ms", value / 1e6)
    default: return String(format: "%.2f s", value / 1e9)
    }
}
