// report.txt, the first two sections: the suite, how to read the figures, and one table per key type.
import MapHeapModel

extension _Report {
    /// The suite: machine, versions, seed (from the summary rows) and how to read the figures.
    mutating func header() {
        heading("Suite")
        let rows = allResults.summary
        func facts(_ values: [String]) -> String {
            // A workload that did not finish has no runtime or allocator: its child never said.
            let distinct = _ReportOrder.ordered(values.filter { !$0.isEmpty }, preferred: [])
            return distinct.isEmpty ? "(no summary rows)" : distinct.joined(separator: "; ")
        }
        var suite = TextTable([.left("fact"), .left("value")])
        suite.append(["machine", facts(rows.map(\.machine))])
        suite.append(["runtime", facts(rows.map(\.runtime))])
        suite.append(["allocator", facts(rows.map(\.allocator))])
        // The Go runtime settings a suite gave the peer (go_env), which change its bytes and GC counts.
        let goEnvs = rows.filter { !$0.goEnv.isEmpty }
        if !goEnvs.isEmpty {
            suite.append(["go_env", _ReportOrder.ordered(goEnvs.map(\.goEnv), preferred: []).map { env in
                env + " (" + goEnvs.filter { $0.goEnv == env }.map(\.workload).joined(separator: ", ") + ")"
            }.joined(separator: "; ")])
        }
        suite.append(["map under study", "\(model.displayName) (\(model.impl))"])
        suite.append(["seed", facts(rows.map { String($0.seed) })])
        suite.append(["workloads", "\(rows.count) in summary.csv, \(rows.filter(\._isOK).count) with status ok"])
        if !timedTwins.isEmpty {
            suite.append(["timed twins", "\(timedTwins.count): " + timedTwins.map(\.workload).joined(separator: ", ")])
        }
        table(suite)
        if !timedTwins.isEmpty {
            blank()
            text("Timed twins are copies of untimed workloads with every insert timed, which slows inserts "
                + "(docs/methods.md, \"InsertLatency\"). Every section reads the untimed copy; the twins are read "
                + "only by \"The longest insert\".")
        }
        if !failedRows.isEmpty {
            blank()
            text("Not ok, so left out of every answer below: " + failedList + ".")
        }

        subheading("How to read this")
        item("allocated: jemalloc's per-thread bytes allocated minus bytes deallocated (exact, not sampled).")
        item("peak: jemalloc's per-thread peak of that net allocation during the workload.")
        item("map bytes (Go's rules): the map's own accounting of the memory Go's runtime allocates for the same "
            + "map, every block rounded by Go's allocator (67 size classes up to 32 KiB, 8 KiB pages above). "
            + "\(Self.modelName(.classic)) counts hmap and mapextra, its bucket arrays, overflow buckets, boxes "
            + "and, for buckets "
            + "without pointers, Go's slice of overflow-bucket pointers. \"—\" for Swift's \(Self.peerNames), "
            + "which keep no such account.")
        item("jemalloc allocated (final MiB, allocated bytes): what jemalloc measured for the same requests; "
            + "the difference from map bytes is jemalloc's rounding of them by its own size classes (and the "
            + "Swift core's own few objects), not a fact about Go.")
        item("All byte figures are net of the workload's baseline (what was allocated before the map existed). "
            + "MiB = 2^20 bytes.")
        item("sizing: unsized, presized or hint, then the operation mix when it is not insert-only (churn). "
            + "growths: by kind (doubling and same-size for the classic map, reallocation for \(Self.peerNames)); "
            + "structure: the map's own at the end (B = log2 of the bucket count and overflow buckets in use for "
            + "the classic map; capacity for \(Self.peerNames)); bytes/key = final allocated / final count; "
            + "ns/insert = measured seconds / inserts.")
        item("Figures marked \"derived\" are computed here from the measured ones (differences, %, ratios).")
        item(timingConcurrency)
        if let line = samplingCost { item(line) }
    }

    /// What sampling cost (`sampling_overhead`: sampling time over measured time), which every time figure
    /// leaves out, and the workloads over the 2 % it aims at.
    var samplingCost: String? {
        let rows = allResults.summary.filter { $0._isOK && $0.seconds > 0 }
        guard let low = rows.map(\.samplingOverhead).min(), let high = rows.map(\.samplingOverhead).max() else {
            return nil
        }
        // Two decimals: most workloads spend well under 1 %, which one decimal would show as 0.0%.
        func percent(_ share: Double) -> String { _Format.fixed(share * 100, 2) + "%" }
        var line = "Sampling: every time figure leaves out the time spent sampling, which was \(percent(low)) to "
            + "\(percent(high)) of the measured time (sampling_overhead)"
        let over = rows.filter { $0.samplingOverhead > 0.02 }.sorted { $0.samplingOverhead > $1.samplingOverhead }
        guard !over.isEmpty else { return line + ", within the 2 % mapheap aims at." }
        let shown = over.prefix(6).map { "\($0.workload) \(percent($0.samplingOverhead))" }
        line += "; over the 2 % mapheap aims at: " + shown.joined(separator: ", ")
            + (over.count > shown.count ? ", and \(over.count - shown.count) more" : "")
        return line + ". Why: docs/methods.md, \"How a workload is measured\"."
    }

    /// How many workloads ran beside another (`jobs_at_once`), which every time figure depends on.
    var timingConcurrency: String {
        let rows = allResults.summary.filter(\._isOK)
        let known = rows.compactMap(\.jobsAtOnce)
        guard !known.isEmpty else {
            return "Timing: this result set does not say how many workloads ran at once (jobs_at_once was not "
                + "recorded); mapheap run --jobs 1 runs one at a time."
        }
        let beside = known.filter { $0 > 1 }
        if beside.isEmpty {
            return "Timing: every workload ran alone (jobs_at_once 1), so its seconds and times per insert and per "
                + "lookup are its own."
        }
        return "Timing: \(beside.count) of \(known.count) workloads ran beside others (up to \(beside.max()!) at "
            + "once: mapheap run --jobs); their seconds and times per insert and per lookup include contention for "
            + "the caches and the memory bus, so compare times within this run, not with a run made alone. "
            + "\(known.count - beside.count) ran alone"
            + (rows.contains { $0.insertMaxNanoseconds != nil } ? ", the timed ones among them" : "")
            + ". Bytes, growths and structure do not depend on it; mapheap run --jobs 1 gives quiet times."
    }

    /// `name (status), name (status)` for the workloads that did not finish with status ok.
    var failedList: String {
        failedRows.map { "\($0.workload) (\($0.status))" }.joined(separator: ", ")
    }

    /// Workloads: one table per key type, one row per workload.
    mutating func workloadTables() {
        heading("Workloads by key type")
        if results.summary.isEmpty {
            text("No workloads: summary.csv has no rows.")
        }
        for keyType in keyTypes {
            subheading("\(keyType) keys")
            var workloads = TextTable((goMapColumn ? [.left("Go map")] : []) + [
                .left("impl"), .left("value"), .left("sizing"), .right("keys"), .right("growths"), .left("structure"),
                .right("final MiB"), .right("peak MiB"),
                .right("map MiB"), .right("bytes/key"), .right("ns/insert"), .left("status"),
            ])
            for row in results.summary where row.keyType == keyType {
                let measured = row._isOK
                func figure(_ text: @autoclosure () -> String) -> String { measured ? text() : "—" }
                workloads.append((goMapColumn ? [Self.goMapText(row)] : []) + [
                    row.impl.rawValue, row.valueType, row._sizingLabel,
                    _Format.int(row.keys),
                    figure(row._growthsText),
                    figure(row.structure._text),
                    figure(_Format.mib(row.finalAllocatedBytes)),
                    figure(_Format.mib(row.peakAllocatedBytes)),
                    figure(row.mapBytes.map(_Format.mib) ?? "—"),
                    figure(_Format.fixed(row.bytesPerKey, 1)),
                    figure(_Format.fixed(row.nsPerInsert, 1)),
                    row.status.rawValue,
                ])
            }
            table(workloads)
        }
        if !failedRows.isEmpty {
            blank()
            text("Figures of workloads that are not ok are shown as \"—\" and excluded from every answer below.")
        }
        mapBytesAgainstJemalloc()
    }

    /// The maps that count their bytes by Go's rules: those bytes beside jemalloc's for the same
    /// requests, and the difference (jemalloc's rounding).
    mutating func mapBytesAgainstJemalloc() {
        let counted = okRows.filter { $0.mapBytes != nil }
        guard !counted.isEmpty else { return }
        subheading("Map bytes by Go's rules against jemalloc")
        text("At the end of each workload. difference = jemalloc allocated − map bytes (derived): jemalloc's "
            + "rounding of the same requests by its own size classes; negative where Go's classes or pages round "
            + "up more, or where only Go allocates a block (hmap, mapextra, the overflow-pointer slice).")
        blank()
        var comparison = TextTable([
            .left("workload"), .right("map bytes (Go's rules)"), .right("jemalloc allocated"), .right("difference"),
            .right("difference %"),
        ])
        for row in counted {
            guard let mapBytes = row.mapBytes else { continue }
            let difference = row.finalAllocatedBytes - mapBytes
            comparison.append([
                row.workload, _Format.int(mapBytes), _Format.int(row.finalAllocatedBytes), _Format.int(difference),
                _Format.percent(Double(difference), of: Double(mapBytes)),
            ])
        }
        table(comparison)
    }
}

extension MapStructure {
    /// `B 15, 5,420 overflow`, `capacity 393,216`: the structure's figures that apply, for tables.
    var _text: String {
        var parts: [String] = []
        if let b { parts.append("B \(b)") }
        if let overflowBuckets { parts.append("\(_Format.int(overflowBuckets)) overflow") }
        if let tables { parts.append("\(_Format.int(tables)) tables") }
        if let directoryLength { parts.append("directory \(_Format.int(directoryLength))") }
        if b == nil, let capacity { parts.append("capacity \(_Format.int(capacity))") }
        return parts.isEmpty ? "—" : parts.joined(separator: ", ")
    }
}
