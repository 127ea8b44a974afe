// report.txt: what churn (deletes and re-inserts at a steady count) does to memory, for any map, and
// where GoMap differs from Go's runtime map (a closing section of GoMap's).
import MapHeapModel

extension _Report {
    /// Churn: allocated at the end of the initial fill against the end, per churn workload.
    mutating func churn() {
        heading("What churn does to memory")
        let churns = results.summary.filter { $0.ops == .churn }
        guard !churns.isEmpty else {
            text("No churn workloads in this suite.")
            return
        }
        text("Churn workloads fill the map with their keys, then delete and insert at a steady count. \"fill\" is "
            + "the first curve point where keys inserted reaches the workload's keys, \"end\" the last one. "
            + "change (MiB), change % (of fill) and B/key (bytes per live key: allocated / count) are derived.")
        blank()
        var churnTable = TextTable([
            .left("workload"), .right("fill MiB"), .right("end MiB"), .right("change"), .right("change %"),
            .left("growths"), .right("count end"), .right("peak count"), .right("B/key fill"),
            .right("B/key end"),
        ])
        var statements: [String] = []
        var missing: [String] = []
        for row in churns {
            guard row._isOK else {
                missing.append("\(row._statusText) (excluded)")
                continue
            }
            let points = curve(of: row.workload)
            guard let fillIndex = points.firstIndex(where: { $0.keys >= row.keys }), let end = points.last else {
                missing.append("\(row.workload): no curve point with \(_Format.int(row.keys)) keys inserted")
                continue
            }
            let fill = points[fillIndex]
            let change = end.allocatedBytes - fill.allocatedBytes
            let peakCount = points.map(\.count).max() ?? end.count
            func perKey(_ point: CurveRow) -> String {
                point.count > 0 ? _Format.fixed(Double(point.allocatedBytes) / Double(point.count), 1) : "—"
            }
            churnTable.append([
                row.workload, _Format.mib(fill.allocatedBytes), _Format.mib(end.allocatedBytes),
                _Format.signedMiB(change), _Format.percent(Double(change), of: Double(fill.allocatedBytes)),
                row._growthsText, _Format.int(row.finalCount), _Format.int(peakCount), perKey(fill),
                perKey(end),
            ])
            statements.append(statement(row, fill: fill, end: end, after: points[fillIndex...], change: change))
        }
        if !churnTable.rows.isEmpty { table(churnTable) }
        for line in statements {
            blank()
            text(line)
        }
        if !missing.isEmpty {
            blank()
            text("Not computed:")
            for line in missing { item(line) }
        }
    }

    /// Whether memory shrank during the churn phase, stated from the figures.
    private func statement(
        _ row: SummaryRow, fill: CurveRow, end: CurveRow, after: ArraySlice<CurveRow>, change: Int
    ) -> String {
        let capacities = after.compactMap(\.structure.capacity)
        var text = "\(row.workload): after \(_Format.int(row.inserts)) inserts and \(_Format.int(row.deletes)) "
            + "deletes the map holds \(_Format.int(row.finalCount)) live keys in "
            + "\(_Format.mib(end.allocatedBytes)) MiB, "
            + "against \(_Format.mib(fill.allocatedBytes)) MiB at the end of the fill. "
        if let fillCapacity = fill.structure.capacity, let endCapacity = end.structure.capacity,
           let lowest = capacities.min() {
            if lowest >= fillCapacity {
                text += "Capacity never went down (\(_Format.int(fillCapacity)) slots at the fill, "
                    + "\(_Format.int(endCapacity)) at the end): nothing shrinks. "
            } else {
                text += "Capacity went down from \(_Format.int(fillCapacity)) to \(_Format.int(lowest)) slots during "
                    + "the churn. "
            }
        }
        if change >= 0 {
            text += "Allocated did not fall (\(_Format.signedMiB(change)) MiB)"
        } else {
            text += "Allocated fell by \(_Format.mib(-change)) MiB"
            if row.growths[.sameSize] > 0 {
                text += " as \(row.growths[.sameSize]) same-size growth(s) repacked overflow chains, "
                    + "while the bucket array kept its size"
            }
        }
        let fillPerKey = fill.count > 0 ? Double(fill.allocatedBytes) / Double(fill.count) : 0
        let endPerKey = end.count > 0 ? Double(end.allocatedBytes) / Double(end.count) : 0
        if fill.count > 0 && end.count > 0 {
            text += "; bytes per live key went from \(_Format.fixed(fillPerKey, 1)) to \(_Format.fixed(endPerKey, 1))"
        }
        return text + " (derived)."
    }

    /// GoMap's closing section: the known differences between the Swift core and Go's runtime map, as facts.
    mutating func differencesFromGo() {
        heading("Where \(model.displayName) differs from Go")
        item("Release of the old generation: the core frees the old bucket array and its overflow buckets the "
            + "moment evacuation completes; Go frees them when its garbage collector next runs. The curves "
            + "therefore show the earliest possible release, the lower bound of what a Go program shows.")
        item("Size classes: Go allocates from its own size classes; the core asks jemalloc for the same blocks "
            + "(bucket arrays of Go's bucket count, so as many preallocated overflow buckets as Go) and counts them "
            + "by Go's classes, so map bytes are Go's. hmap, mapextra and Go's overflow-pointer slice are counted, "
            + "not allocated in that shape. jemalloc allocated shows jemalloc's own rounding beside them.")
        item("Hashing: each map has its own seed (Go's hash0), but the hash functions are not Go's. Integers and "
            + "strings whose canonical form is ASCII hash with a wyhash-style function; every other key (other "
            + "Hashable types, non-ASCII strings) is fallback-hashed with Swift's Hasher seeded with the map's seed, "
            + "which is reproducible across processes only with SWIFT_DETERMINISTIC_HASHING set. Bucket placement "
            + "therefore differs from Go's in detail, not in the rules.")
        item("Iteration during mutation, allowed in Go, may be a precondition failure in the core, as in Swift's "
            + "own collections (this does not affect any figure above).")
    }
}
