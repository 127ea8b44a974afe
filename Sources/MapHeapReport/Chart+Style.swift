// One colour per map across heap-curves.svg and report.html, and the dash that tells a Swift model
// from the real Go runtime and from the other peers.
import MapHeapModel

/// A line's dash pattern.
enum _LinePattern: String, CaseIterable, Sendable {
    case solid, dotted, dashed, dashDot, longDash

    /// SVG's stroke-dasharray (and Chart.js's borderDash), "" for solid.
    var dashArray: String {
        switch self {
        case .solid: return ""
        case .dotted: return "1.5 3"
        case .dashed: return "6 4"
        case .dashDot: return "8 3 2 3"
        case .longDash: return "12 4"
        }
    }

    /// What the patterns mean, for a chart's subtitle.
    static let legendText = "solid: Swift model cores; dotted: the real Go runtime; dashed: other peers "
        + "(a second line of the same colour in a panel takes the next pattern)"
}

/// The colours and patterns of the maps in a result set.
struct _MapStyle {
    /// The classic generation's hue (GoMap, Go up to 1.23).
    static let classic = "#1f77b4"
    /// The Swiss generation's hue (SwissMap, Go 1.24 and later).
    static let swiss = "#ff7f0e"
    /// Hues for the other maps, in order of first appearance (d3's category10 less the two above).
    static let others = ["#2ca02c", "#9467bd", "#d62728", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// Colours given so far, by map key (`impl`).
    private var assigned: [String: String] = [:]

    /// Styles for `rows`: the other maps get their colours in the order they appear.
    init(_ rows: [SummaryRow]) {
        for row in rows { _ = color(row) }
    }

    /// Whether a Go runtime (`go1.27.3`) has the Swiss map: Go 1.24 and later.
    static func isSwiss(runtime: String) -> Bool {
        let parts = runtime.dropFirst(2).split(separator: ".")
        guard runtime.hasPrefix("go"), parts.count >= 2, let minor = Int(parts[1]) else { return true }
        return Int(parts[0]) ?? 1 > 1 || minor >= 24
    }

    /// The map's colour: by generation for GoMap, SwissMap and Go; otherwise one per `impl`.
    mutating func color(_ row: SummaryRow) -> String {
        if row.impl == MapKind.gomap.name { return Self.classic }
        if row.impl == MapKind.swissmap.name { return Self.swiss }
        if row.impl == MapKind.go.name { return Self.isSwiss(runtime: row.runtime) ? Self.swiss : Self.classic }
        if let color = assigned[row.impl] { return color }
        let color = Self.others[assigned.count % Self.others.count]
        assigned[row.impl] = color
        return color
    }

    /// The pattern of its kind (model solid, Go dotted, peers dashed), or the first after it that no line
    /// of the same colour in the panel uses yet.
    func pattern(_ row: SummaryRow, avoiding used: Set<String>, color: String) -> _LinePattern {
        let preferred: _LinePattern
        if row.impl == MapKind.go.name {
            preferred = .dotted
        } else if MapCatalog.models.contains(where: { $0.name == row.impl }) {
            preferred = .solid
        } else {
            preferred = .dashed
        }
        let all = _LinePattern.allCases
        let start = all.firstIndex(of: preferred) ?? 0
        for offset in 0..<all.count {
            let pattern = all[(start + offset) % all.count]
            if !used.contains(color + pattern.rawValue) { return pattern }
        }
        return preferred
    }

    /// The legend label: the map's name, Go with its version (`Go 1.27.3`), timed rows marked.
    func label(_ row: SummaryRow) -> String {
        if row.impl == MapKind.go.name {
            return "Go " + (row.runtime.hasPrefix("go") ? String(row.runtime.dropFirst(2)) : row.runtime)
        }
        let kind = MapCatalog.all.first { $0.name == row.impl }
        var name = kind?.displayName ?? row.impl
        // A model following another release than its default says which (`GoMap go1.21.13`).
        if let rules = GoRulesRelease(runtime: row.runtime), !row.runtime.hasPrefix("go"),
           rules != GoRulesRelease(version: kind?.modelledGeneration?.defaultRelease ?? "") {
            name += " " + rules.label
        }
        return name + (row.insertMaxNanoseconds != nil ? " (timed)" : "")
    }
}
