// What `mapheap size` prints: text for a terminal, markdown for a pull request, JSON and CSV for
// scripts (schema in docs/size.md, pinned by SizeCommandTests).
import Foundation
import MapCore
import MapHeapModel

/// The predictions for one request, rendered.
struct SizeOutput {
    /// The JSON schema's name, in every object.
    static let schema = "mapheap.size.v1"

    var request: SizeRequest
    var predictions: [(SizeRelease, MapSizePrediction)]

    func render(_ format: SizeCommand.Format) -> String {
        switch format {
        case .text: return text()
        case .markdown: return markdown()
        case .json: return json()
        case .csv: return csv()
        }
    }

    // MARK: Figures as words

    /// "320,864,328 (exact)" or "~2,045 (range 2,032-2,048)".
    static func words(_ figure: RuleFigure) -> String {
        if figure.isExact { return _Format.int(figure.min) + " (exact)" }
        return "~" + _Format.int(figure.value) + " (range " + _Format.int(figure.min) + "-"
            + _Format.int(figure.max) + ")"
    }

    /// The heading of one type: what the key and value are.
    var heading: String {
        let shape = request.shape
        func side(_ type: GoType, _ layout: GoTypeLayout, indirect: Bool) -> String {
            "\(type) (\(layout.size) B\(indirect ? ", stored indirectly" : ""))"
        }
        return "\(request.text): key " + side(request.key, shape.key, indirect: shape.keyIndirect) + ", value "
            + side(request.value, shape.value, indirect: shape.valueIndirect)
    }

    /// "10,000,000 entries, unsized" / "..., hint 1,000".
    func sizing(_ p: MapSizePrediction) -> String {
        _Format.int(p.entries) + " entries, " + (p.hint == 0 ? "unsized" : "hint " + _Format.int(p.hint))
    }

    /// The figures of one prediction, labelled, in print order.
    static func rows(_ p: MapSizePrediction) -> [(label: String, text: String)] {
        var rows: [(String, String)] = [("map bytes", words(p.mapBytes))]
        switch p.structure {
        case .classic(let b, let preallocated, let overflow, let growing):
            rows.append(("buckets", "B \(b): " + _Format.int(1 << b) + " buckets, " + _Format.int(preallocated)
                + " preallocated overflow (exact)"))
            rows.append(("overflow buckets in use", words(overflow)))
            rows.append(("growth evacuating at N", growing.isExact ? (growing.min == 1 ? "yes (exact)" : "no (exact)")
                : "maybe (range: ends 2^oldB/2 to 2^oldB writes after it starts)"))
        case .swiss(let tables, let groups, let directory, let small):
            if small && p.entries > 0 {
                rows.append(("tables", "none: a small map, one group of 8 slots (exact)"))
            } else {
                rows.append(("tables", words(tables)))
                rows.append(("groups", words(groups)))
                rows.append(("directory length", words(directory)))
            }
        }
        rows.append(("growths to reach N", words(p.growthCount)))
        for growth in p.growths {
            let times = growth.count.isExact && growth.count.min == 1 ? "" : ", " + words(growth.count) + " times"
            rows.append(("  " + growth.kind, "at entry " + words(growth.atEntry) + times + ": " + growth.detail
                + "; allocates " + _Format.int(growth.bytesAllocated) + " B"))
        }
        rows.append(("peak during last growth", p.peakBytes.map(words) ?? "none (no growth)"))
        rows.append(("last growth at entry", p.lastGrowthAt.map(words) ?? "none"))
        rows.append(("next growth at entry", p.nextGrowthAt.map(words) ?? "none below 2^48"))
        let split = p.split
        let parts = split.parts.filter { $0.bytes != 0 }.map { part in
            "\(part.name) "
                + (p.entries == 0 ? _Format.int(part.bytes) + " B" : _Format.fixed(perEntry(part.bytes, p), 2))
        }
        rows.append(("bytes per entry", p.entries == 0 ? "no entries: " + parts.joined(separator: ", ")
            : _Format.fixed(perEntry(split.total, p), 2) + (p.mapBytes.isExact ? " (exact)" : " (expected)") + " = "
                + parts.joined(separator: " + ")))
        rows.append(("smallest hint, no growth", _Format.int(p.noGrowthHint) + " -> map bytes "
            + words(p.noGrowthHintBytes)))
        return rows
    }

    static func perEntry(_ bytes: Int, _ p: MapSizePrediction) -> Double { Double(bytes) / Double(p.entries) }

    static func title(_ release: SizeRelease) -> String {
        "Go \(release.version) (\(release.generation == .classic ? "classic buckets" : "Swiss tables")"
            + (SizeRelease.measured.contains(release.version)
                ? ")" : "; its rules from docs/versions.md, not measured here)")
    }

    // MARK: Text and markdown

    func text() -> String {
        var out = heading + "\n"
        for (release, p) in predictions {
            out += "\n" + Self.title(release) + ", " + sizing(p) + "\n"
            let rows = Self.rows(p)
            let width = rows.map(\.label.count).max() ?? 0
            for row in rows {
                out += "  " + row.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + row.text + "\n"
            }
        }
        out += "\nexact: fixed by Go's rules; range: the hash decides (outcomes below 1e-9 left out; docs/size.md).\n"
        return out
    }

    func markdown() -> String {
        var out = "**`\(request.text)`**: " + heading.dropFirst(request.text.count + 2) + "\n\n"
        for (release, p) in predictions {
            out += "#### " + Self.title(release) + ", " + sizing(p) + "\n\n| figure | value |\n|---|---|\n"
            for row in Self.rows(p) {
                out += "| " + row.label.trimmingCharacters(in: .whitespaces) + " | "
                    + row.text.replacingOccurrences(of: "|", with: "\\|") + " |\n"
            }
            out += "\n"
        }
        out += "_exact_: fixed by Go's rules; _range_: the hash decides (outcomes below 1e-9 left out).\n"
        return out
    }

    // MARK: JSON

    /// One prediction as a JSON object, keys in a fixed order (docs/size.md).
    func object(_ release: SizeRelease, _ p: MapSizePrediction) -> JSONValue {
        var structure: [(String, JSONValue)]
        switch p.structure {
        case .classic(let b, let preallocated, let overflow, let growing):
            structure = [("b", .int(b)), ("buckets", .int(1 << b)),
                         ("preallocated_overflow_buckets", .int(preallocated)),
                         ("overflow_buckets", .figure(overflow)), ("growing", .figure(growing))]
        case .swiss(let tables, let groups, let directory, let small):
            structure = [("small", .bool(small)), ("tables", .figure(tables)), ("groups", .figure(groups)),
                         ("directory_length", .figure(directory))]
        }
        let steps: [JSONValue] = p.growths.map { g in
            .object([("kind", .string(g.kind)), ("at_entry", .figure(g.atEntry)), ("count", .figure(g.count)),
                     ("detail", .string(g.detail)), ("bytes_allocated", .int(g.bytesAllocated))])
        }
        let split: [(String, JSONValue)] = p.split.parts.map { ($0.name, .int($0.bytes)) }
        return .object([
            ("schema", .string(Self.schema)), ("type", .string(request.text)),
            ("key_type", .string(request.key.description)), ("value_type", .string(request.value.description)),
            ("go", .string(release.version)), ("generation", .string(release.generation.rawValue)),
            ("entries", .int(p.entries)), ("hint", .int(p.hint)),
            ("map_bytes", .int(p.mapBytes.value)), ("map_bytes_min", .int(p.mapBytes.min)),
            ("map_bytes_max", .int(p.mapBytes.max)), ("exact", .bool(p.mapBytes.isExact)),
            ("structure", .object(structure)),
            ("growths", .figure(p.growthCount)), ("growth_steps", .array(steps)),
            ("peak_bytes", p.peakBytes.map(JSONValue.figure) ?? .null),
            ("last_growth_at", p.lastGrowthAt.map(JSONValue.figure) ?? .null),
            ("next_growth_at", p.nextGrowthAt.map(JSONValue.figure) ?? .null),
            ("bytes_split", .object(split)),
            ("no_growth_hint", .int(p.noGrowthHint)), ("no_growth_hint_bytes", .figure(p.noGrowthHintBytes)),
        ])
    }

    func json() -> String {
        "[\n" + predictions.map { "  " + object($0.0, $0.1).encoded }.joined(separator: ",\n") + "\n]\n"
    }

    // MARK: CSV

    /// The CSV columns, in order.
    static let csvColumns = [
        "schema", "type", "go", "generation", "entries", "hint", "map_bytes", "map_bytes_min", "map_bytes_max",
        "exact",
        "b", "overflow_buckets_min", "overflow_buckets_max", "tables_min", "tables_max", "directory_length_min",
        "directory_length_max", "growths_min", "growths_max", "peak_bytes_min", "peak_bytes_max",
        "last_growth_at_min", "last_growth_at_max", "next_growth_at_min", "next_growth_at_max", "no_growth_hint",
        "no_growth_hint_bytes_min", "no_growth_hint_bytes_max",
    ]

    func csv() -> String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        for (release, p) in predictions {
            func ends(_ figure: RuleFigure?) -> [String] { figure.map { ["\($0.min)", "\($0.max)"] } ?? ["", ""] }
            var b = "", overflow: RuleFigure? = nil, tables: RuleFigure? = nil, directory: RuleFigure? = nil
            switch p.structure {
            case .classic(let value, _, let o, _):
                b = "\(value)"
                overflow = o
            case .swiss(let t, _, let d, _):
                tables = t
                directory = d
            }
            let quotedType = "\"" + request.text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            var cells = [Self.schema, quotedType, release.version, release.generation.rawValue, "\(p.entries)",
                         "\(p.hint)", "\(p.mapBytes.value)", "\(p.mapBytes.min)", "\(p.mapBytes.max)",
                         p.mapBytes.isExact ? "true" : "false", b]
            cells += ends(overflow) + ends(tables) + ends(directory) + ends(p.growthCount) + ends(p.peakBytes)
                + ends(p.lastGrowthAt) + ends(p.nextGrowthAt) + ["\(p.noGrowthHint)"] + ends(p.noGrowthHintBytes)
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A JSON value written with its keys in the order given (the schema's order).
indirect enum JSONValue {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A figure: {"value", "min", "max", "exact"}.
    static func figure(_ f: RuleFigure) -> JSONValue {
        .object([("value", .int(f.value)), ("min", .int(f.min)), ("max", .int(f.max)), ("exact", .bool(f.isExact))])
    }

    /// Compact JSON text.
    var encoded: String {
        switch self {
        case .int(let v): return "\(v)"
        case .double(let v): return _Format.fixed(v, 4)
        case .bool(let v): return v ? "true" : "false"
        case .null: return "null"
        case .string(let s): return Self.quoted(s)
        case .array(let items): return "[" + items.map(\.encoded).joined(separator: ", ") + "]"
        case .object(let pairs):
            return "{" + pairs.map { Self.quoted($0.0) + ": " + $0.1.encoded }.joined(separator: ", ") + "}"
        }
    }

    static func quoted(_ s: String) -> String { jsonStringLiteral(s) }
}
