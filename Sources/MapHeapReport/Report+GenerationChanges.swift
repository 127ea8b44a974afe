// report.txt: a model of Go's Swiss map (Go 1.24+) against the model of the classic map it replaced
// (its catalog entry's `replaces`), in the same run: bytes per key, what presizing and an empty value
// save in each, and what each holds at its peak against its final size. Printed whenever the rows
// hold the newer model (`MapKind.ReportSection.generationChanges`).
import MapHeapModel

extension _Report {
    /// "The Swiss map: what changed": four tables, `kind` and the model it replaced side by side.
    mutating func generationChanges(of kind: MapKind) {
        guard let replaced = kind.replaces.flatMap(MapCatalog.kind(named:)) else { return }
        let swiss = kind.impl
        let classic = replaced.impl
        heading("The Swiss map: what changed")
        text("\(kind.displayName) (the map of every Go program since Go 1.24) against \(replaced.displayName) "
            + "(the classic map it replaced), insert workloads with the same key, value and sizing. Figures are "
            + "read from the rows; ratios \(swiss)/\(classic), savings and peak/final are derived. Below 1 means "
            + "the Swiss map uses less. " + Self.lookupSentence)
        var missing: [String] = []
        let inserts = results.summary.filter { $0.ops == .insert && ($0.impl == swiss || $0.impl == classic) }

        subheading("Per key")
        var perKey = TextTable([
            .left("key"), .left("value"), .left("sizing"), .right("B/key \(classic)"), .right("\(swiss)"),
            .right("ratio"), .right("growths \(classic)"), .right("\(swiss)"), .right("ns/insert \(classic)"),
            .right("\(swiss)"), .right("ns/lookup \(classic)"), .right("\(swiss)"),
        ])
        for keyType in _ReportOrder.keyTypes(in: inserts) {
            for value in _ReportOrder.ordered(inserts.map(\.valueType), preferred: ["bool", "empty"]) {
                let rows = inserts.filter { $0.keyType == keyType && $0.valueType == value }
                for sizing in _ReportOrder.sizings(in: rows) {
                    let old: SummaryRow, new: SummaryRow
                    switch insertPair((classic, value), (swiss, value), keyType: keyType, sizing: sizing) {
                    case .success(let pair): (old, new) = pair
                    case .failure(let missingPair):
                        missing.append("\(keyType)/\(value) \(sizing): " + missingPair.reason)
                        continue
                    }
                    perKey.append([
                        keyType, value, sizing.rawValue, _Format.fixed(old.bytesPerKey, 1),
                        _Format.fixed(new.bytesPerKey, 1),
                        _Format.ratio(new.bytesPerKey, old.bytesPerKey), _Format.int(old._allGrowths),
                        _Format.int(new._allGrowths), _Format.fixed(old.nsPerInsert, 1),
                        _Format.fixed(new.nsPerInsert, 1), old._nsPerLookupText, new._nsPerLookupText,
                    ])
                }
            }
        }
        if !perKey.rows.isEmpty {
            table(perKey)
        } else {
            text("No \(kind.displayName) and \(replaced.displayName) insert workloads to pair.")
        }

        subheading("Presizing (final allocated MiB, unsized against presized)")
        var presizing = TextTable([
            .left("map"), .left("key"), .left("value"), .right("unsized"), .right("presized"), .right("saved %"),
            .right("peak unsized"), .right("peak presized"), .right("saved %"),
        ])
        for impl in [classic, swiss] {
            let rows = inserts.filter { $0.impl == impl }
            for keyType in _ReportOrder.keyTypes(in: rows) {
                for value in _ReportOrder.ordered(rows.map(\.valueType), preferred: ["bool", "empty"]) {
                    let unsized = insertRow(impl: impl, keyType: keyType, valueType: value, sizing: .unsized)
                    let presized = insertRow(impl: impl, keyType: keyType, valueType: value, sizing: .presized)
                    guard let unsized, let presized, unsized._isOK, presized._isOK else { continue }
                    presizing.append([
                        impl.rawValue, keyType, value, _Format.mib(unsized.finalAllocatedBytes),
                        _Format.mib(presized.finalAllocatedBytes),
                        _Format.percent(Double(unsized.finalAllocatedBytes - presized.finalAllocatedBytes),
                                        of: Double(unsized.finalAllocatedBytes)),
                        _Format.mib(unsized.peakAllocatedBytes), _Format.mib(presized.peakAllocatedBytes),
                        _Format.percent(Double(unsized.peakAllocatedBytes - presized.peakAllocatedBytes),
                                        of: Double(unsized.peakAllocatedBytes)),
                    ])
                }
            }
        }
        if !presizing.rows.isEmpty { table(presizing) } else { text("No unsized/presized pair in this suite.") }

        subheading("Empty value against Bool (bytes per key)")
        text("The classic map keeps values apart from keys, so an empty value takes no bytes; the Swiss map "
            + "keeps each value next to its key, and a trailing zero-size field still costs its slot a padded "
            + "byte (golang/go#71368), so with int64 or string keys an empty value saves nothing.")
        var empty = TextTable([
            .left("map"), .left("key"), .left("sizing"), .right("bool B/key"), .right("empty B/key"),
            .right("saved B/key"), .right("saved %"),
        ])
        for impl in [classic, swiss] {
            let rows = inserts.filter { $0.impl == impl }
            for keyType in _ReportOrder.keyTypes(in: rows) {
                for sizing in _ReportOrder.sizings(in: rows.filter { $0.keyType == keyType }) {
                    let withBool = insertRow(impl: impl, keyType: keyType, valueType: "bool", sizing: sizing)
                    let withEmpty = insertRow(impl: impl, keyType: keyType, valueType: "empty", sizing: sizing)
                    guard let withBool, let withEmpty, withBool._isOK, withEmpty._isOK else { continue }
                    let saved = withBool.bytesPerKey - withEmpty.bytesPerKey
                    empty.append([
                        impl.rawValue, keyType, sizing.rawValue, _Format.fixed(withBool.bytesPerKey, 1),
                        _Format.fixed(withEmpty.bytesPerKey, 1), _Format.fixed(saved, 1),
                        _Format.percent(saved, of: withBool.bytesPerKey),
                    ])
                }
            }
        }
        if !empty.rows.isEmpty { table(empty) } else { text("No Bool/empty pair in this suite.") }

        subheading("Peak against final (allocated MiB)")
        text("The classic map holds its old bucket array until evacuation ends, so its peak is well above its "
            + "final size; the Swiss map rehashes one table of at most 1024 slots at a time and frees the old one "
            + "at once (Go keeps it until its next collection), so its peak stays close to its final size.")
        var peaks = TextTable([
            .left("map"), .left("key"), .left("value"), .left("sizing"), .right("final"), .right("peak"),
            .right("peak/final"),
        ])
        for row in inserts where row._isOK {
            peaks.append([
                row.impl.rawValue, row.keyType, row.valueType, row.sizing.rawValue,
                _Format.mib(row.finalAllocatedBytes),
                _Format.mib(row.peakAllocatedBytes),
                _Format.ratio(Double(row.peakAllocatedBytes), Double(row.finalAllocatedBytes)),
            ])
        }
        if !peaks.rows.isEmpty { table(peaks) }
        if !missing.isEmpty {
            blank()
            text("Missing pairs (no figure computed):")
            for line in missing { item(line) }
        }
    }
}
