// report.txt: the user's own map. Workloads are named by their map in Go syntax (the row's
// `go_map_type`), and "Where each entry's bytes go" splits each shape's measured map bytes per entry
// into key, value, padding, tophash or control bytes, empty-slot slack, overflow, indirect blocks and
// the rest, for each generation of Go's map. The split is derived: the layout is MapCore's MapShape
// (read from the row's `go_map_canonical`, never recomputed here), the counts are the row's measured
// entries, B and overflow buckets or slots, and the parts are MapCore's `MapByteSplit.classic` /
// `.swiss` (the parts `mapheap size` prints). Method: docs/shapes-report.md.
import MapCore
import MapHeapModel

extension SummaryRow {
    /// The map's shape: MapShape of the key and value of `go_map_canonical`, or nil when the row does
    /// not carry it (rows written before it was recorded) or it does not parse.
    var _mapShape: MapShape? {
        guard let text = goMapCanonical, case .map(let key, let value)? = try? GoType.parse(text) else { return nil }
        return MapShape(key: key.layout, value: value.layout)
    }

    /// The generation of Go's map the row's structure belongs to: classic (it has B), Swiss (it has
    /// tables), or nil for maps that are neither (Dictionary, Set).
    var _generation: GoMapGeneration? {
        if structure.b != nil { return .classic }
        if structure.tables != nil { return .swiss }
        return nil
    }

    /// Who measured the row: the Go runtime (`go1.23.9`) or the model core (its `impl`).
    var _source: String { _isGoRuntime ? runtime : impl.rawValue }

    /// The split of the row's measured map bytes (nil when the row lacks its shape, its map bytes, its
    /// structure or entries).
    var _byteSplit: MapByteSplit? {
        guard _isOK, let shape = _mapShape, let bytes = mapBytes, finalCount > 0 else { return nil }
        switch _generation {
        case .classic:
            guard let b = structure.b, let overflow = structure.overflowBuckets else { return nil }
            return MapByteSplit.classic(shape: shape, entries: finalCount, b: b, overflowBuckets: overflow,
                                        mapBytes: bytes)
        case .swiss:
            guard let slots = structure.capacity else { return nil }
            let group = runtime.contains("mapsplitgroup") ? shape.splitGroup : shape.interleavedGroup
            return MapByteSplit.swiss(shape: shape, group: group, entries: finalCount, slots: slots, mapBytes: bytes)
        case nil:
            return nil
        }
    }
}

extension _Report {
    /// The column the workload tables show each map in, in Go syntax, when any row carries it.
    var goMapColumn: Bool { results.summary.contains { $0.goMapType != nil } }

    /// `map[[16]byte]Session`, or `—` for a row written before `go_map_type` was recorded.
    static func goMapText(_ row: SummaryRow) -> String { row.goMapType ?? "—" }

    /// The rows "Where each entry's bytes go" reads: per map (canonical), sizing, ops, keys and
    /// generation, the Go runtime's row when the run has one, else the model's.
    var entryByteRows: [SummaryRow] {
        struct Group: Hashable {
            var map: String
            var sizing: Workload.Sizing
            var ops: Workload.Ops
            var keys, hint: Int
            var generation: String
        }
        var chosen: [Group: SummaryRow] = [:]
        var order: [Group] = []
        for row in okRows {
            guard row._byteSplit != nil, let map = row.goMapCanonical, let generation = row._generation else {
                continue
            }
            let group = Group(map: map, sizing: row.sizing, ops: row.ops, keys: row.keys, hint: row.hint,
                              generation: generation.rawValue)
            if let held = chosen[group] {
                if !held._isGoRuntime && row._isGoRuntime { chosen[group] = row }
            } else {
                chosen[group] = row
                order.append(group)
            }
        }
        return order.compactMap { chosen[$0] }
    }

    /// "Where each entry's bytes go": only for runs whose rows carry their Go types.
    mutating func entryBytes() {
        let rows = entryByteRows
        guard !rows.isEmpty else { return }
        heading("Where each entry's bytes go")
        text("Per map and generation, the map bytes per entry (measured: map bytes / final count) split into "
            + "parts (derived): key and value = the entries' key and value slots; padding = what Go's struct "
            + "rules add inside every bucket or group (alignment, and the classic bucket's overflow pointer); "
            + "tophash/ctrl = the 8 tophash bytes of a classic bucket or the 8-byte control word of a Swiss group; "
            + "slack = the key and value bytes of slots no entry fills (the load); overflow = the classic array's "
            + "preallocated spare buckets, overflow buckets allocated apart and the slice that lists them; "
            + "indirect = the blocks of keys or values over 128 bytes, one per entry, by Go's size classes; rest = "
            + "the measured bytes less all of these: headers, directory and table headers, Go's size-class "
            + "rounding of the arrays, and an old classic generation still being evacuated. The layout is "
            + "MapCore's MapShape for the row's Go types, the counts are the row's measured entries, B and "
            + "overflow buckets or slots. Each figure is rounded to 0.01 byte so that the parts add up to the "
            + "total as printed (largest remainders); in bytes they add up to the measured map bytes exactly. "
            + "Rows of the real Go runtime are shown where the run has them, else the model's. Method: "
            + "docs/shapes-report.md.")
        var maps: [String] = []
        for row in rows where !maps.contains(row.goMapCanonical!) { maps.append(row.goMapCanonical!) }
        for map in maps {
            let group = rows.filter { $0.goMapCanonical == map }
            guard let first = group.first, let shape = first._mapShape, let firstSplit = first._byteSplit else {
                continue
            }
            subheading("\(Self.goMapText(first)) (\(map))")
            text(Self.layoutLine(shape))
            var bytesTable = TextTable([
                .left("generation"), .left("measured by"), .left("sizing"), .right("entries"), .left("structure"),
            ] + firstSplit.parts.map { .right(Self.partLabel($0.name)) } + [.right("map B/entry")])
            for row in group {
                guard let split = row._byteSplit else { continue }
                let shown = Self.perEntry(split.parts.map(\.bytes), total: split.total, entries: row.finalCount)
                bytesTable.append([
                    row._generation!.rawValue, row._source, row._sizingLabel, _Format.int(row.finalCount),
                    row.structure._text,
                ] + shown.parts + [shown.total])
            }
            table(bytesTable)
            let partCount = firstSplit.parts.count
            record(.bars(StackedBars(bytesTable, labelColumns: [0, 1, 2], partColumns: 5..<(5 + partCount),
                                     totalColumn: 5 + partCount, axis: "map bytes per entry")))
            for line in generationDifferences(group) { item(line) }
        }
    }

    /// The section's name for a part of `MapByteSplit`: its own, but `tophash/ctrl` for `control` and
    /// `rest` for `structure` (headers, directory and size-class rounding: what is not layout × count).
    static func partLabel(_ name: String) -> String {
        switch name {
        case "control": return "tophash/ctrl"
        case "structure": return "rest"
        default: return name
        }
    }

    /// What the layout gives a shape, for the reader: sizes, slots, bucket and group bytes.
    static func layoutLine(_ shape: MapShape) -> String {
        func slot(_ name: String, _ layout: GoTypeLayout, indirect: Bool, block: Int) -> String {
            "\(name) \(layout.size) B (align \(layout.alignment)"
                + (indirect ? "; over 128 B, so a pointer in the slot and a \(block)-byte block per entry)" : ")")
        }
        return "Layout (MapShape): " + slot("key", shape.key, indirect: shape.keyIndirect, block: shape.keyBlockBytes)
            + ", " + slot("value", shape.value, indirect: shape.valueIndirect, block: shape.valueBlockBytes)
            + "; classic bucket \(shape.bucket.size) B for 8 entries, Swiss group \(shape.interleavedGroup.size) B "
            + "(split layout \(shape.splitGroup.size) B)."
    }

    /// Per-entry figures of `parts` (bytes) and their `total`, in hundredths of a byte, rounded so that the
    /// printed parts add up to the printed total: each part's hundredths rounded down, then one more to
    /// the parts with the largest remainders until they reach the total's.
    static func perEntry(_ parts: [Int], total: Int, entries: Int) -> (parts: [String], total: String) {
        let denominator = entries
        func hundredths(_ bytes: Int) -> (whole: Int, remainder: Int) {
            let scaled = bytes * 100
            var whole = scaled / denominator
            var remainder = scaled % denominator
            if remainder < 0 { whole -= 1; remainder += denominator }
            return (whole, remainder)
        }
        let totalParts = hundredths(total)
        let target = totalParts.whole + (2 * totalParts.remainder >= denominator ? 1 : 0)
        var values = parts.map { hundredths($0) }
        var missing = target - values.reduce(0) { $0 + $1.whole }
        let byRemainder = values.indices.sorted { values[$0].remainder > values[$1].remainder }
        var index = 0
        while missing > 0 && !byRemainder.isEmpty {
            values[byRemainder[index % byRemainder.count]].whole += 1
            missing -= 1
            index += 1
        }
        func text(_ value: Int) -> String {
            let sign = value < 0 ? "-" : ""
            let magnitude = abs(value)
            let cents = magnitude % 100
            return "\(sign)\(_Format.int(magnitude / 100)).\(cents < 10 ? "0" : "")\(cents)"
        }
        return (values.map { text($0.whole) }, text(target))
    }

    /// For each sizing with both generations: the Swiss map's bytes per entry over the classic map's
    /// (derived), and the parts that differ most between them (derived).
    func generationDifferences(_ rows: [SummaryRow]) -> [String] {
        var lines: [String] = []
        var seen = Set<String>()
        for row in rows where seen.insert(row._sizingLabel).inserted {
            let same = rows.filter { $0._sizingLabel == row._sizingLabel }
            guard let classic = same.first(where: { $0._generation == .classic }),
                  let swiss = same.first(where: { $0._generation == .swiss }),
                  let a = classic._byteSplit, let b = swiss._byteSplit else { continue }
            let perA = Double(a.total) / Double(classic.finalCount)
            let perB = Double(b.total) / Double(swiss.finalCount)
            let differences = zip(a.parts, b.parts).map { part, other in
                (name: part.name, delta: Double(other.bytes) / Double(swiss.finalCount)
                    - Double(part.bytes) / Double(classic.finalCount))
            }.filter { abs($0.delta) >= 0.005 }.sorted { abs($0.delta) > abs($1.delta) }
            let named = differences.prefix(3).map {
                "\(Self.partLabel($0.name)) \($0.delta > 0 ? "+" : "")\(_Format.fixed($0.delta, 2))"
            }
            lines.append("\(row._sizingLabel): \(swiss._source) / \(classic._source) map bytes per entry = "
                + "\(_Format.fixed(perB, 2)) / \(_Format.fixed(perA, 2)) = \(_Format.ratio(perB, perA)) (derived)"
                + (named.isEmpty ? "; no part differs." : "; the parts that differ most, in bytes per entry "
                    + "(\(swiss._source) − \(classic._source), derived): " + named.joined(separator: ", ") + "."))
        }
        return lines
    }
}
