// report.txt, sections 1 and 2: the suite, how to read the figures, and one table per key type.

extension _Report {
    /// Section 1: machine, versions, seed (from the summary rows) and how to read the figures.
    mutating func header() {
        let title = "mapheap report"
        lines += [title, String(repeating: "=", count: title.count)]
        heading(1, "Suite")
        let rows = results.summary
        func facts(_ values: [String]) -> String {
            let distinct = _ReportOrder.ordered(values, preferred: [])
            return distinct.isEmpty ? "(no summary rows)" : distinct.joined(separator: "; ")
        }
        var suite = TextTable([.left("fact"), .left("value")])
        suite.append(["machine", facts(rows.map(\.machine))])
        suite.append(["Swift", facts(rows.map(\.swiftVersion))])
        suite.append(["jemalloc", facts(rows.map(\.jemallocVersion))])
        suite.append(["seed", facts(rows.map { String($0.seed) })])
        suite.append(["workloads", "\(rows.count) in summary.csv, \(okRows.count) with status ok"])
        table(suite)
        if !failedRows.isEmpty {
            blank()
            text("Not ok, so left out of every answer below: " + failedList + ".")
        }

        subheading("How to read this")
        item("allocated: jemalloc's per-thread bytes allocated minus bytes deallocated (exact, not sampled).")
        item("peak: jemalloc's per-thread peak of that net allocation during the workload.")
        item("map bytes: GoMap's own accounting of its bucket arrays and overflow buckets; \"—\" for Swift's "
            + "Dictionary and Set, which keep no such account.")
        item("All byte figures are net of the workload's baseline (what was allocated before the map existed). "
            + "MiB = 2^20 bytes.")
        item("sizing: unsized, presized or hint, then the operation mix when it is not insert-only (churn). "
            + "growths = doubling/same-size growths (for Dictionary and Set: storage reallocations); B = log2 of "
            + "the final bucket count; bytes/key = final allocated / final count; "
            + "ns/insert = measured seconds / inserts.")
        item("Figures marked \"derived\" are computed here from the measured ones (differences, %, ratios).")
    }

    /// `name (status), name (status)` for the workloads that did not finish with status ok.
    var failedList: String {
        failedRows.map { "\($0.workload) (\($0.status))" }.joined(separator: ", ")
    }

    /// Section 2: one table per key type, one row per workload.
    mutating func workloadTables() {
        heading(2, "Workloads by key type")
        if results.summary.isEmpty {
            text("No workloads: summary.csv has no rows.")
        }
        for keyType in keyTypes {
            subheading("\(keyType) keys")
            var workloads = TextTable([
                .left("impl"), .left("value"), .left("sizing"), .right("keys"), .right("growths"), .right("B"),
                .right("final MiB"), .right("peak MiB"),
                .right("map MiB"), .right("bytes/key"), .right("ns/insert"), .left("status"),
            ])
            for row in results.summary where row.keyType == keyType {
                let measured = row._isOK
                func figure(_ text: @autoclosure () -> String) -> String { measured ? text() : "—" }
                workloads.append([
                    row.impl, row.valueType, row._sizingLabel,
                    _Format.int(row.keys),
                    figure("\(row.growthsDoubling)/\(row.growthsSameSize)"),
                    figure(String(row.finalB)),
                    figure(_Format.mib(row.finalAllocatedBytes)),
                    figure(_Format.mib(row.peakAllocatedBytes)),
                    figure(row.mapBytes.map(_Format.mib) ?? "—"),
                    figure(_Format.fixed(row.bytesPerKey, 1)),
                    figure(_Format.fixed(row.nsPerInsert, 1)),
                    row.status,
                ])
            }
            table(workloads)
        }
        if !failedRows.isEmpty {
            blank()
            text("Figures of workloads that are not ok are shown as \"—\" and excluded from every answer below.")
        }
    }
}
