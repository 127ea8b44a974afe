// One colour per map across heap-curves.svg and report.html, and the dash that tells a Swift model
// from the real Go runtime and from the other peers.
import MapCore
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

/// The colours and patterns of the maps in a result set: a map's catalog entry says which generation of
/// Go's map it models (`MapKind.generation(runtime:)`) and its dash (`MapKind.chartDash`).
struct _MapStyle {
    /// The classic generation's hue (its model, and Go up to 1.23).
    static let classic = "#1f77b4"
    /// The Swiss generation's hue (its model, and Go 1.24 and later).
    static let swiss = "#ff7f0e"
    /// Hues for the other maps, in order of first appearance (d3's category10 less the two above).
    static let others = ["#2ca02c", "#9467bd", "#d62728", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// Who shares a generation's hue, from the catalog: `GoMap and classic Go share one, SwissMap and Swiss
    /// Go another`.
    static var sharedHuesText: String {
        let goName = MapCatalog.goRuntime?.displayName
        let generations: [(GoMapGeneration, String, String)] = [(.classic, "classic", "share one"),
                                                                 (.swiss, "Swiss", "another")]
        return generations.map { generation, word, tail in
            let names = MapCatalog.all.filter { !$0.isGoRuntime && $0.generation == .fixed(generation) }
                .map(\.displayName) + (goName.map { ["\(word) \($0)"] } ?? [])
            return names.joined(separator: " and ") + " " + tail
        }.joined(separator: ", ")
    }

    /// Colours given so far, by map.
    private var assigned: [Workload.Impl: String] = [:]

    /// Styles for `rows`: the other maps get their colours in the order they appear.
    init(_ rows: [SummaryRow]) {
        for row in rows { _ = color(row) }
    }

    /// The map's colour: by generation for a map that models one; otherwise one per `impl`.
    mutating func color(_ row: SummaryRow) -> String {
        switch row.impl.kind.generation(runtime: row.runtime) {
        case .classic?: return Self.classic
        case .swiss?: return Self.swiss
        case nil: break
        }
        if let color = assigned[row.impl] { return color }
        let color = Self.others[assigned.count % Self.others.count]
        assigned[row.impl] = color
        return color
    }

    /// The pattern of its kind (`MapKind.chartDash`: model solid, Go dotted, peers dashed), or the first after
    /// it that no line of the same colour in the panel uses yet.
    func pattern(_ row: SummaryRow, avoiding used: Set<String>, color: String) -> _LinePattern {
        let preferred: _LinePattern
        switch row.impl.kind.chartDash {
        case .solid: preferred = .solid
        case .dotted: preferred = .dotted
        case .dashed: preferred = .dashed
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
        let kind = row.impl.kind
        let timed = !kind.isGoRuntime && row.insertMaxNanoseconds != nil
        return kind.label(runtime: row.runtime) + (timed ? " (timed)" : "")
    }
}
