// report.txt: presized against unsized, empty values against Bool, the model under study against
// Swift's Dictionary and Set. Each answer pairs two workloads by their row fields; when one of the
// pair is absent or not ok, the section says which, instead of printing a number.
import MapHeapModel

extension _Report {
    /// What presizing saves: for each (impl, key, value) with an unsized and a presized insert workload.
    mutating func presizing() {
        heading("What presizing saves")
        text("Unsized against presized insert workloads of the same map, key and value. saved = unsized − presized "
            + "and saved % = saved / unsized (both derived); a negative saving means presizing cost more.")
        blank()
        var savings = TextTable([
            .left("map"), .left("figure"), .right("unsized"), .right("presized"), .right("saved"),
            .right("saved %"),
        ])
        var missing: [String] = []
        let inserts = results.summary.filter { $0.ops == .insert }
        var seen = Set<String>()
        for row in inserts where seen.insert(row._mapLabel).inserted {
            let unsized = insertRow(impl: row.impl, keyType: row.keyType, valueType: row.valueType, sizing: .unsized)
            let presized = insertRow(
                impl: row.impl, keyType: row.keyType, valueType: row.valueType, sizing: .presized)
            if unsized == nil && presized == nil { continue }  // only hint workloads: nothing to pair
            let problems = [
                unusable(unsized, described: "unsized insert"), unusable(presized, described: "presized insert"),
            ].compactMap { $0 }
            guard problems.isEmpty, let unsized, let presized else {
                missing.append("\(row._mapLabel): " + problems.joined(separator: ", "))
                continue
            }
            func add(_ figure: String, _ before: Int, _ after: Int, _ format: (Int) -> String) {
                let label = figure.hasPrefix("final") ? row._mapLabel : ""
                savings.append([
                    label, figure, format(before), format(after), format(before - after),
                    _Format.percent(Double(before - after), of: Double(before)),
                ])
            }
            add("final allocated MiB", unsized.finalAllocatedBytes, presized.finalAllocatedBytes, _Format.mib)
            add("peak allocated MiB", unsized.peakAllocatedBytes, presized.peakAllocatedBytes, _Format.mib)
            add("growths", unsized._allGrowths, presized._allGrowths, _Format.int)
            savings.append([
                "", "ns/insert", _Format.fixed(unsized.nsPerInsert, 1), _Format.fixed(presized.nsPerInsert, 1),
                _Format.fixed(unsized.nsPerInsert - presized.nsPerInsert, 1),
                _Format.percent(unsized.nsPerInsert - presized.nsPerInsert, of: unsized.nsPerInsert),
            ])
        }
        finish(savings, missing: missing, none: "No map has both an unsized and a presized insert workload.")
    }

    /// Prints a comparison table (if it has rows) and the pairs that could not be compared.
    mutating func finish(_ comparison: TextTable, missing: [String], none: String) {
        if !comparison.rows.isEmpty {
            table(comparison)
        } else if missing.isEmpty {
            text(none)
        }
        if !missing.isEmpty {
            blank()
            text("Missing pairs (no figure computed):")
            for line in missing { item(line) }
        }
    }

    /// What an empty value saves: bytes per key with a Bool value against an empty value, per family, key type
    /// and sizing.
    mutating func emptyValue() {
        heading("What an empty value saves against Bool")
        text("Bytes per key with a Bool value against an empty value (Go's struct{}), same key type and sizing, "
            + "insert workloads. \(model.displayName) is compared with itself, by its map bytes (Go's rules: what "
            + "Go's runtime allocates for the same map) and by jemalloc allocated (what jemalloc made of the "
            + "same requests, rounded by its own size classes); for Swift's peers, "
            + "\(Self.emptyValuePair.values)<Key, Bool> is compared with \(Self.emptyValuePair.empty)<Key> by "
            + "jemalloc allocated. saved and saved % (of bool) are derived.")
        blank()
        var savings = TextTable([
            .left("map"), .left("key"), .left("sizing"), .left("bytes"), .right("bool B/key"), .right("empty B/key"),
            .right("saved B/key"), .right("saved %"),
        ])
        var missing: [String] = []
        // The model against itself, and each map with values against its empty-valued counterpart.
        let families = [(model.impl.rawValue, model.impl, model.impl)] + MapCatalog.all.compactMap { kind in
            kind.emptyValueCounterpart.flatMap(MapCatalog.kind(named:)).map { counterpart in
                ("\(kind.name) → \(counterpart.name)", kind.impl, counterpart.impl)
            }
        }
        let inserts = results.summary.filter { $0.ops == .insert }
        for (label, boolImpl, emptyImpl) in families {
            let members = inserts.filter {
                ($0.impl == boolImpl && $0.valueType == "bool") || ($0.impl == emptyImpl && $0.valueType == "empty")
            }
            for keyType in _ReportOrder.keyTypes(in: members) {
                for sizing in _ReportOrder.sizings(in: members.filter { $0.keyType == keyType }) {
                    let withBool: SummaryRow, withEmpty: SummaryRow
                    switch insertPair((boolImpl, "bool"), (emptyImpl, "empty"), keyType: keyType, sizing: sizing) {
                    case .success(let pair): (withBool, withEmpty) = pair
                    case .failure(let missingPair):
                        missing.append("\(label) \(keyType) \(sizing): " + missingPair.reason)
                        continue
                    }
                    func add(_ measure: String, _ bool: Double, _ empty: Double) {
                        savings.append([
                            label, keyType, sizing.rawValue, measure, _Format.fixed(bool, 1), _Format.fixed(empty, 1),
                            _Format.fixed(bool - empty, 1), _Format.percent(bool - empty, of: bool),
                        ])
                    }
                    if let boolMap = withBool.mapBytes, let emptyMap = withEmpty.mapBytes,
                       withBool.finalCount > 0, withEmpty.finalCount > 0 {
                        add("map bytes (Go's rules)", Double(boolMap) / Double(withBool.finalCount),
                            Double(emptyMap) / Double(withEmpty.finalCount))
                    }
                    add("jemalloc allocated", withBool.bytesPerKey, withEmpty.bytesPerKey)
                }
            }
        }
        finish(savings, missing: missing, none: "No Bool/empty pair of workloads in this suite.")
    }

    /// The model against its peers: each model workload against the peer with the same key, value,
    /// sizing and operations.
    mutating func modelAgainstPeers() {
        let name = model.displayName
        let impl = model.impl
        heading("\(name) against its peers")
        text("Each \(name) workload against the peer with the same key, value, sizing and operations "
            + "(Swift's \(Self.emptyValuePair.values) for a value, \(Self.emptyValuePair.empty) for an empty value). "
            + "The ratios \(name)/peer are derived; below "
            + "1 means \(name) uses less (or is faster). " + Self.lookupSentence)
        blank()
        var comparison = TextTable([
            .left("key"), .left("value"), .left("sizing"), .left("peer"), .right("B/key \(impl)"),
            .right("peer"), .right("ratio"), .right("peak MiB \(impl)"), .right("peer"), .right("ratio"),
            .right("ns/insert \(impl)"), .right("peer"), .right("ratio"), .right("ns/lookup \(impl)"),
            .right("peer"), .right("ratio"),
        ])
        var missing: [String] = []
        func sameCase(_ a: SummaryRow, _ b: SummaryRow) -> Bool {
            a.keyType == b.keyType && a.valueType == b.valueType && a.sizing == b.sizing && a.ops == b.ops
        }
        let models = results.summary.filter { $0.impl == impl }
        let others = results.summary.filter { $0.impl.kind.role == .peer }
        for subject in models {
            let matches = others.filter { sameCase(subject, $0) }
            let sizing = subject._sizingLabel
            if matches.isEmpty {
                missing.append("\(subject.workload): no Swift peer with \(subject.keyType)/\(subject.valueType), "
                    + "\(subject.sizing), \(subject.ops)")
                continue
            }
            for peer in matches {
                let problems = [subject, peer].filter { !$0._isOK }.map(\._statusText)
                guard problems.isEmpty else {
                    missing.append("\(subject.workload) vs \(peer.workload): " + problems.joined(separator: ", "))
                    continue
                }
                comparison.append([
                    subject.keyType, subject.valueType, sizing, peer.impl.rawValue,
                    _Format.fixed(subject.bytesPerKey, 1), _Format.fixed(peer.bytesPerKey, 1),
                    _Format.ratio(subject.bytesPerKey, peer.bytesPerKey),
                    _Format.mib(subject.peakAllocatedBytes), _Format.mib(peer.peakAllocatedBytes),
                    _Format.ratio(Double(subject.peakAllocatedBytes), Double(peer.peakAllocatedBytes)),
                    _Format.fixed(subject.nsPerInsert, 1), _Format.fixed(peer.nsPerInsert, 1),
                    _Format.ratio(subject.nsPerInsert, peer.nsPerInsert), subject._nsPerLookupText,
                    peer._nsPerLookupText, Self.lookupRatio(subject, peer),
                ])
            }
        }
        for peer in others where !models.contains(where: { sameCase($0, peer) }) {
            missing.append("\(peer.workload): no \(name) workload with \(peer.keyType)/\(peer.valueType), "
                + "\(peer.sizing), \(peer.ops)")
        }
        finish(comparison, missing: missing, none: "No \(name) or peer workloads in this suite.")
    }
}
