// report.txt: the model against the real Go runtime (`MapKind.isGoRuntime`, Sources/go-peer/), and the two Go
// map generations against each other. Rows are paired by their fields (key, value, sizing, hint,
// ops, keys, deletes), never by name; Go rows are told apart by `runtime` (`go1.23.9`).
import MapHeapModel

extension _Report {
    /// Go rows that finished, by runtime in suite order.
    var goRuntimes: [String] {
        var seen = Set<String>()
        return okRows.filter(\._isGoRuntime).map(\.runtime).filter { seen.insert($0).inserted }
    }

    /// The Go row of `runtime` measuring the same workload as `row` (same key, value, sizing, hint,
    /// ops, keys and deletes), whatever its status.
    func goRow(matching row: SummaryRow, runtime: String) -> SummaryRow? {
        results.summary.first {
            $0._isGoRuntime && $0.runtime == runtime && $0.keyType == row.keyType
                && $0.valueType == row.valueType && $0.sizing == row.sizing && $0.hint == row.hint
                && $0.ops == row.ops && $0.keys == row.keys && $0.deletes == row.deletes
        }
    }

    /// Whether a Go row ran the classic bucket map (it reports B) rather than the Swiss table.
    static func isClassic(_ row: SummaryRow) -> Bool { row.structure.b != nil }

    /// "GoMap against the real Go runtime": per workload pair, growths and final B (equal for the
    /// classic map, or the differences listed), map bytes and peak, ns/insert as a ratio, ns/lookup and
    /// its ratio.
    /// Only for runs with a real Go runtime workload (none: no section, so other reports keep their numbers).
    mutating func modelAgainstGoRuntime() {
        let runtimes = goRuntimes
        guard !runtimes.isEmpty else { return }
        heading("\(model.displayName) against the real Go runtime")
        text("Each \(model.displayName) workload beside the same workload run by Go's own map in a real Go "
            + "runtime (the Go peer: same keys, make(map[K]V, hint)). map bytes are each map's own bytes by Go's "
            + "size classes: \(model.displayName)'s accounting, and for Go a walk of the runtime's structures "
            + "(checked against Go's live heap to 1%). peak is what each allocator measured (jemalloc for "
            + "\(model.displayName), Go's sampled heap objects, a lower bound, for Go, whose garbage waits for "
            + "its collector). Go/\(model.displayName) ratios are derived. " + Self.lookupSentence)
        let models = okRows.filter { $0.impl == model.impl }
        for runtime in runtimes {
            subheading("\(model.displayName) against \(runtime)")
            var table = TextTable([
                .left("workload"), .left("final B"), .left("growths"), .right("map MiB"), .right("Go map MiB"),
                .right("Go/model"), .right("peak MiB"), .right("Go peak MiB"), .right("ns/insert Go/model"),
                .right("ns/lookup"), .right("Go ns/lookup"), .right("ns/lookup Go/model"),
            ])
            var differences: [String] = []
            var missing: [String] = []
            var classicPairs = 0
            for row in models where Self.pairsModel(row, withGo: runtime, among: models) {
                guard let go = goRow(matching: row, runtime: runtime) else { continue }
                if let problem = unusable(go, described: "\(runtime) \(row._mapLabel)") {
                    missing.append("\(row.workload): \(problem)")
                    continue
                }
                let classic = Self.isClassic(go)
                let finalB = classic
                    ? "\(row.structure.b.map(String.init) ?? "-")/\(go.structure.b.map(String.init) ?? "-")"
                    : "-/\(go.structure.tables.map { "\($0) tables" } ?? "-")"
                if classic {
                    classicPairs += 1
                    if row.structure.b != go.structure.b {
                        differences.append("\(row.workload): final B \(row.structure.b.map(String.init) ?? "-") "
                            + "against Go's \(go.structure.b.map(String.init) ?? "-")")
                    }
                    for kind in [GrowthKind.doubling, .sameSize] where row.growths[kind] != go.growths[kind] {
                        differences.append("\(row.workload): \(row.growths[kind]) \(kind.rawValue) against Go's "
                            + "\(go.growths[kind])")
                    }
                }
                table.append([
                    row.workload, finalB, "\(row._growthsText) / \(go._growthsText)",
                    row.mapBytes.map(_Format.mib) ?? "-", go.mapBytes.map(_Format.mib) ?? "-",
                    row.mapBytes.flatMap { m in go.mapBytes.map { _Format.ratio(Double($0), Double(m)) } } ?? "-",
                    _Format.mib(row.peakAllocatedBytes), _Format.mib(go.peakAllocatedBytes),
                    _Format.ratio(go.nsPerInsert, row.nsPerInsert), row._nsPerLookupText, go._nsPerLookupText,
                    Self.lookupRatio(go, row),
                ])
            }
            finish(table, missing: missing, none: "No \(model.displayName) workload has a \(runtime) twin.")
            if classicPairs > 0 {
                blank()
                if differences.isEmpty {
                    text("Final B and growth counts (doubling, same-size) are equal in all \(classicPairs) pairs: "
                        + "\(model.displayName) grows exactly when \(runtime) does.")
                } else {
                    text("Final B and growth counts differ (the classic map must match):")
                    for line in differences { item(line) }
                }
            }
        }
    }

    /// "Go 1.23 against Go 1.27": bytes per key, what presizing saves and what an empty value saves, in
    /// each Go runtime of the run.
    /// Only for runs with a real Go runtime workload.
    mutating func goGenerations() {
        let runtimes = goRuntimes
        guard !runtimes.isEmpty else { return }
        heading("Go 1.23 against Go 1.27")
        text("The real Go runtimes of this run, on the same workloads: the classic bucket map (Go 1.23 and before) "
            + "and the Swiss table (Go 1.24 on). map B/key = the map's own bytes / keys (derived); presizing saves "
            + "= unsized − presized map bytes; empty saves = bool − empty map bytes, same key and sizing.")
        blank()
        var perKey = TextTable([.left("key/value"), .left("sizing")] + runtimes.map { .right("\($0) B/key") })
        let goInserts = okRows.filter { $0._isGoRuntime && $0.ops == .insert }
        struct Group: Equatable {
            var keyType, valueType: String
            var sizing: Workload.Sizing
            var keys: Int
        }
        var groups: [Group] = []
        for row in goInserts {
            let group = Group(keyType: row.keyType, valueType: row.valueType, sizing: row.sizing, keys: row.keys)
            if !groups.contains(group) { groups.append(group) }
        }
        func find(_ runtime: String, key: String, value: String, sizing: Workload.Sizing, keys: Int) -> SummaryRow? {
            goInserts.first {
                $0.runtime == runtime && $0.keyType == key && $0.valueType == value && $0.sizing == sizing
                    && $0.keys == keys
            }
        }
        for group in groups {
            perKey.append(["\(group.keyType)/\(group.valueType)", group.sizing.rawValue] + runtimes.map { runtime in
                guard let row = find(runtime, key: group.keyType, value: group.valueType, sizing: group.sizing,
                                     keys: group.keys),
                      let bytes = row.mapBytes, row.finalCount > 0 else { return "-" }
                return _Format.fixed(Double(bytes) / Double(row.finalCount), 1)
            })
        }
        table(perKey)

        subheading("What presizing and an empty value save, in each runtime (map bytes)")
        var savings = TextTable([
            .left("runtime"), .left("key"), .left("saving"), .right("from MiB"), .right("to MiB"), .right("saved MiB"),
            .right("saved %"),
        ])
        for runtime in runtimes {
            let rows = goInserts.filter { $0.runtime == runtime }
            var seen = Set<String>()
            for row in rows where seen.insert("\(row.keyType)|\(row.keys)").inserted {
                func add(_ label: String, _ from: SummaryRow?, _ to: SummaryRow?) {
                    guard let a = from?.mapBytes, let b = to?.mapBytes else { return }
                    savings.append([runtime, row.keyType, label, _Format.mib(a), _Format.mib(b), _Format.mib(a - b),
                                    _Format.percent(Double(a - b), of: Double(a))])
                }
                for value in ["bool", "empty"] {
                    add("presized, \(value)", find(runtime, key: row.keyType, value: value, sizing: .unsized,
                                                    keys: row.keys),
                        find(runtime, key: row.keyType, value: value, sizing: .presized, keys: row.keys))
                }
                for sizing in [Workload.Sizing.unsized, .presized] {
                    add("empty value, \(sizing)", find(runtime, key: row.keyType, value: "bool", sizing: sizing,
                                                       keys: row.keys),
                        find(runtime, key: row.keyType, value: "empty", sizing: sizing, keys: row.keys))
                }
            }
        }
        if savings.rows.isEmpty {
            text("No runtime has both sides of a pair (unsized and presized, or bool and empty values).")
        } else {
            table(savings)
        }
    }
}
