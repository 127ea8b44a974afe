// report.txt: "Across Go versions", the upgrade question. For a run that measured Go's own map under
// more than one release (or experiment), one table per workload: each runtime beside the one before
// it in the suite (bench-configs/versions.json lists them oldest first), with the change in map
// bytes derived from the two; each model (GoMap, SwissMap) beside the release whose rules it followed,
// with its change against Go under that release. Rows are paired by their fields (key, value, sizing,
// hint, ops, keys, and whether every insert was timed), never by name.
import Foundation
import MapHeapModel

extension _Report {
    /// A Go workload's shape: what stays the same when only the release changes.
    struct _GoShape: Hashable {
        var keyType, valueType: String
        var sizing: Workload.Sizing
        var ops: Workload.Ops
        var hint, keys: Int
        var timed: Bool

        init(_ row: SummaryRow) {
            (keyType, valueType, sizing, ops) = (row.keyType, row.valueType, row.sizing, row.ops)
            (hint, keys, timed) = (row.hint, row.keys, row.insertMaxNanoseconds != nil)
        }

        /// `int64 -> bool, unsized, 1,000,000 keys (every insert timed)`.
        var title: String {
            "\(keyType) -> \(valueType), \(sizing)\(ops == .insert ? "" : ", \(ops)"), "
                + "\(_Format.int(keys)) keys\(timed ? " (every insert timed)" : "")"
        }
    }

    /// Go rows that finished, grouped by shape, each group in suite order; only shapes measured by at
    /// least two runtimes.
    var goRowsAcrossVersions: [(_GoShape, [SummaryRow])] {
        var order: [_GoShape] = []
        var groups: [_GoShape: [SummaryRow]] = [:]
        for row in okRows where row._isGoRuntime {
            let shape = _GoShape(row)
            if groups[shape] == nil { order.append(shape) }
            groups[shape, default: []].append(row)
        }
        // The models beside the releases whose rules they follow (Workload+Rules.swift: `swift 6.3 (go1.21.13
        // rules)` follows `go1.21.13`); a model whose release Go did not run comes last.
        var models: [_GoShape: [SummaryRow]] = [:]
        for row in okRows where row.impl.kind.modelledGeneration != nil {
            models[_GoShape(row), default: []].append(row)
        }
        return order.compactMap { shape in
            let rows = groups[shape] ?? []
            guard Set(rows.map(\.runtime)).count >= 2 else { return nil }
            var beside = models[shape] ?? []
            var merged: [SummaryRow] = []
            for row in rows {
                merged.append(row)
                let release = row.release
                merged += beside.filter { $0.release == release }
                beside.removeAll { $0.release == release }
            }
            return (shape, merged + beside)
        }
    }

    /// Whether model row `row` is set against Go under `runtime` ("... against the real Go runtime"): it
    /// follows that release's rules; or no model row of its workload (key, value, sizing, hint, ops, keys,
    /// deletes) among `models` does, and it follows its map's default release (GoMap's 1.23.9 against
    /// Go 1.27.3: the generations side by side, as in a run that names no release).
    static func pairsModel(_ row: SummaryRow, withGo runtime: String, among models: [SummaryRow]) -> Bool {
        let release = GoRulesRelease(runtime: runtime)
        if row.release == release { return true }
        let followed = models.contains {
            $0.impl == row.impl && $0.keyType == row.keyType && $0.valueType == row.valueType
                && $0.sizing == row.sizing && $0.hint == row.hint && $0.ops == row.ops && $0.keys == row.keys
                && $0.deletes == row.deletes
                && $0.release == release
        }
        let defaultRelease = row.impl.kind.modelledGeneration?.defaultRelease
        return !followed && (row.release.map { $0.version == defaultRelease
            && $0.experiment.isEmpty } ?? true)
    }

    /// A row's first cell: a Go row's runtime, or a model and the release whose rules it follows.
    static func versionLabel(_ row: SummaryRow) -> String {
        guard !row.impl.kind.isGoRuntime, let release = row.release else {
            return row.runtime
        }
        return "\(row.impl.kind.displayName), \(release.label.dropFirst(2)) rules"  // `GoMap, 1.23.9 rules`
    }

    /// The longest GC pause of a Go workload: the highest non-empty bucket of its pause histogram.
    func longestGCPause(_ row: SummaryRow) -> String {
        let pauses = results.latency.filter { $0.workload == row.workload && $0.kind == .gcPause }
        guard let longest = pauses.last, let low = longest.lowNanoseconds, let high = longest.highNanoseconds
        else { return "-" }
        return "\(_latencyText(low))-\(_latencyText(high))"
    }

    /// "Across Go versions": only for runs whose Go rows measured one workload under two runtimes or more.
    mutating func acrossGoVersions() {
        let groups = goRowsAcrossVersions
        guard !groups.isEmpty else { return }
        heading("Across Go versions")
        let modelNames = MapCatalog.all.filter { $0.modelledGeneration != nil }.map(\.displayName)
            .joined(separator: ", ")
        text("Go's own map (the Go peer) on the same workload under each release and experiment the run measured, "
            + "in suite order. map bytes are the map's own bytes (a walk of the runtime's structures by Go's size "
            + "classes); B/entry (bytes per entry) and the change are derived from them: for Go, against the "
            + "release above; for a model (" + modelNames + ", each beside the release whose rules it follows), "
            + "against Go under that release, so that 0.0% is a model equal to its runtime. growths "
            + "counts every growth event. The longest insert and the GC pause (a runtime/metrics histogram "
            + "bucket) exist only where every insert was timed. docs/versions.md says which map and "
            + "allocator rules differ between the releases.")
        for (shape, rows) in groups {
            subheading(shape.title)
            var table = TextTable([
                .left("runtime"), .right("map bytes"), .right("B/entry"), .right("change"),
                .right("growths"), .right("ns/insert"), .right("ns/lookup"), .right("longest insert"),
                .right("longest GC pause"),
            ])
            var previous: SummaryRow?
            for row in rows {
                let isGo = row._isGoRuntime
                // A model against Go under its release (the row above, when Go ran it).
                let release = row.release
                let against = isGo ? previous : rows.first {
                    $0._isGoRuntime && $0.release == release
                }
                var change = "-"
                if let before = against?.mapBytes, let now = row.mapBytes, before > 0 {
                    change = String(format: "%+.1f%%", 100 * (Double(now) - Double(before)) / Double(before))
                }
                table.append([
                    Self.versionLabel(row), row.mapBytes.map(_Format.int) ?? "-",
                    row.mapBytes.map { _Format.fixed(Double($0) / Double(max(row.keys, 1)), 1) } ?? "-",
                    change, _Format.int(row.growths.total), _Format.fixed(row.nsPerInsert, 1),
                    row._nsPerLookupText, _latencyText(row.insertMaxNanoseconds), longestGCPause(row),
                ])
                if isGo { previous = row }
            }
            self.table(table)
        }
    }
}
