// report.txt, sections 3 to 5: presized against unsized, empty values against Bool, GoMap against
// Swift's Dictionary and Set. Each answer pairs two workloads by their row fields; when one of the
// pair is absent or not ok, the section says which, instead of printing a number.

extension _Report {
    /// Section 3: for each (impl, key, value) with an unsized and a presized insert workload.
    mutating func presizing() {
        heading(3, "What presizing saves")
        text("Unsized against presized insert workloads of the same map, key and value. saved = unsized − presized "
            + "and saved % = saved / unsized (both derived); a negative saving means presizing cost more.")
        blank()
        var savings = TextTable([
            .left("map"), .left("figure"), .right("unsized"), .right("presized"), .right("saved"),
            .right("saved %"),
        ])
        var missing: [String] = []
        let inserts = results.summary.filter { $0.ops == "insert" }
        var seen = Set<String>()
        for row in inserts where seen.insert(row._mapLabel).inserted {
            let unsized = insertRow(impl: row.impl, keyType: row.keyType, valueType: row.valueType, sizing: "unsized")
            let presized = insertRow(
                impl: row.impl, keyType: row.keyType, valueType: row.valueType, sizing: "presized")
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

    /// Section 4: bytes per key with a Bool value against an empty value, per family, key type and sizing.
    mutating func emptyValue() {
        heading(4, "What an empty value saves against Bool")
        text("Bytes per key with a Bool value against an empty value (Go's struct{}), same key type and sizing, "
            + "insert workloads. GoMap is compared with itself; for Swift's peers, Dictionary<Key, Bool> is "
            + "compared with Set<Key>. saved and saved % (of bool) are derived.")
        blank()
        var savings = TextTable([
            .left("map"), .left("key"), .left("sizing"), .right("bool B/key"), .right("empty B/key"),
            .right("saved B/key"), .right("saved %"),
        ])
        var missing: [String] = []
        let families = [("gomap", "gomap", "gomap"), ("dictionary → set", "dictionary", "set")]
        let inserts = results.summary.filter { $0.ops == "insert" }
        for (label, boolImpl, emptyImpl) in families {
            let members = inserts.filter {
                ($0.impl == boolImpl && $0.valueType == "bool") || ($0.impl == emptyImpl && $0.valueType == "empty")
            }
            for keyType in _ReportOrder.keyTypes(in: members) {
                for sizing in _ReportOrder.sizings(in: members.filter { $0.keyType == keyType }) {
                    let withBool = insertRow(impl: boolImpl, keyType: keyType, valueType: "bool", sizing: sizing)
                    let withEmpty = insertRow(impl: emptyImpl, keyType: keyType, valueType: "empty", sizing: sizing)
                    let problems = [
                        unusable(withBool, described: "\(boolImpl) \(keyType)/bool \(sizing) insert"),
                        unusable(withEmpty, described: "\(emptyImpl) \(keyType)/empty \(sizing) insert"),
                    ].compactMap { $0 }
                    guard problems.isEmpty, let withBool, let withEmpty else {
                        missing.append("\(label) \(keyType) \(sizing): " + problems.joined(separator: ", "))
                        continue
                    }
                    let saved = withBool.bytesPerKey - withEmpty.bytesPerKey
                    savings.append([
                        label, keyType, sizing, _Format.fixed(withBool.bytesPerKey, 1),
                        _Format.fixed(withEmpty.bytesPerKey, 1), _Format.fixed(saved, 1),
                        _Format.percent(saved, of: withBool.bytesPerKey),
                    ])
                }
            }
        }
        finish(savings, missing: missing, none: "No Bool/empty pair of workloads in this suite.")
    }

    /// Section 5: GoMap against the peer with the same key, value, sizing and operations.
    mutating func peers() {
        heading(5, "GoMap vs Swift's Dictionary/Set")
        text("Each GoMap workload against the Swift peer with the same key, value, sizing and operations "
            + "(Dictionary for a value, Set for an empty value). The ratios GoMap/peer are derived; below 1 "
            + "means GoMap uses less (or is faster).")
        blank()
        var comparison = TextTable([
            .left("key"), .left("value"), .left("sizing"), .left("peer"), .right("B/key gomap"),
            .right("peer"), .right("ratio"), .right("peak MiB gomap"), .right("peer"), .right("ratio"),
            .right("ns/insert gomap"), .right("peer"), .right("ratio"),
        ])
        var missing: [String] = []
        func sameCase(_ a: SummaryRow, _ b: SummaryRow) -> Bool {
            a.keyType == b.keyType && a.valueType == b.valueType && a.sizing == b.sizing && a.ops == b.ops
        }
        let gomaps = results.summary.filter { $0.impl == "gomap" }
        let others = results.summary.filter { $0.impl != "gomap" }
        for gomap in gomaps {
            let matches = others.filter { sameCase(gomap, $0) }
            let sizing = gomap._sizingLabel
            if matches.isEmpty {
                missing.append("\(gomap.workload): no Swift peer with \(gomap.keyType)/\(gomap.valueType), "
                    + "\(gomap.sizing), \(gomap.ops)")
                continue
            }
            for peer in matches {
                let problems = [gomap, peer].filter { !$0._isOK }.map(\._statusText)
                guard problems.isEmpty else {
                    missing.append("\(gomap.workload) vs \(peer.workload): " + problems.joined(separator: ", "))
                    continue
                }
                comparison.append([
                    gomap.keyType, gomap.valueType, sizing, peer.impl,
                    _Format.fixed(gomap.bytesPerKey, 1), _Format.fixed(peer.bytesPerKey, 1),
                    _Format.ratio(gomap.bytesPerKey, peer.bytesPerKey),
                    _Format.mib(gomap.peakAllocatedBytes), _Format.mib(peer.peakAllocatedBytes),
                    _Format.ratio(Double(gomap.peakAllocatedBytes), Double(peer.peakAllocatedBytes)),
                    _Format.fixed(gomap.nsPerInsert, 1), _Format.fixed(peer.nsPerInsert, 1),
                    _Format.ratio(gomap.nsPerInsert, peer.nsPerInsert),
                ])
            }
        }
        for peer in others where !gomaps.contains(where: { sameCase($0, peer) }) {
            missing.append("\(peer.workload): no GoMap workload with \(peer.keyType)/\(peer.valueType), "
                + "\(peer.sizing), \(peer.ops)")
        }
        finish(comparison, missing: missing, none: "No GoMap or peer workloads in this suite.")
    }
}
