// The versions panel of heap-curves.svg (runs that measured Go's map under several runtimes): the
// map's own bytes per entry against the runtime, one line per workload (key, value, sizing, keys),
// runtimes on the x axis in the order the suite first ran them (bench-configs/versions.json: oldest
// release first, each experiment after its release).

import Foundation
import MapHeapModel

extension _HeapChart {
    /// One workload's points: (index of the runtime on the x axis, bytes per entry).
    struct VersionSeries {
        var label: String
        var color: String
        var points: [(runtime: Int, bytesPerEntry: Double)]
    }

    /// The runtimes on the x axis and the series: Go workloads that finished with map bytes, grouped by
    /// shape; only shapes measured under two runtimes or more, and only when there are two runtimes.
    static func versionSeries(_ results: ResultSet) -> (runtimes: [String], series: [VersionSeries]) {
        let rows = results.summary.filter { $0._isOK && $0._isGoRuntime && $0.mapBytes != nil }
        var runtimes: [String] = []
        for row in rows where !runtimes.contains(row.runtime) { runtimes.append(row.runtime) }
        guard runtimes.count >= 2 else { return ([], []) }
        var order: [_Report._GoShape] = []
        var groups: [_Report._GoShape: [SummaryRow]] = [:]
        for row in rows {
            let shape = _Report._GoShape(row)
            if groups[shape] == nil { order.append(shape) }
            groups[shape, default: []].append(row)
        }
        var series: [VersionSeries] = []
        for shape in order {
            let members = groups[shape] ?? []
            guard Set(members.map(\.runtime)).count >= 2 else { continue }
            let points = members.compactMap { row -> (runtime: Int, bytesPerEntry: Double)? in
                guard let bytes = row.mapBytes, let index = runtimes.firstIndex(of: row.runtime) else { return nil }
                return (index, Double(bytes) / Double(max(row.keys, 1)))
            }.sorted { $0.runtime < $1.runtime }
            series.append(VersionSeries(label: shape.title, color: palette[series.count % palette.count],
                                        points: points))
        }
        return (runtimes, series)
    }

    /// Height the versions panel takes (0 without one).
    func versionsPanelHeight(_ series: [VersionSeries]) -> Double {
        series.isEmpty ? 0 : _HeapChart.panelTitleHeight + versionsPlotHeight(series) + _HeapChart.xAxisHeight
            + _HeapChart.panelGap
    }

    func versionsPlotHeight(_ series: [VersionSeries]) -> Double {
        max(_HeapChart.minPlotHeight, Double(series.count + 1) * _HeapChart.legendLineHeight)
    }

    /// The panel: bytes per entry (linear, from 0) against the runtime (one tick each).
    func drawVersions(_ runtimes: [String], _ series: [VersionSeries], top: Double) -> [String] {
        let svg = _SVGWriter()
        var out: [String] = []
        let plotTop = top + _HeapChart.panelTitleHeight
        let height = versionsPlotHeight(series)
        let plotBottom = plotTop + height
        let left = _HeapChart.plotLeft
        let right = left + _HeapChart.plotWidth
        let highest = series.flatMap(\.points).map(\.bytesPerEntry).max() ?? 1
        let yTicks = _AxisTicks(min: 0, max: max(1, highest))
        let step = _HeapChart.plotWidth / Double(max(runtimes.count - 1, 1))
        func x(_ index: Int) -> Double { left + Double(index) * step }
        func y(_ value: Double) -> Double { plotBottom - yTicks.fraction(value) * height }
        out.append(#"<g class="panel" id="panel-versions">"#)
        out.append(svg.text("Go's map bytes per entry, across Go versions", x: left, y: top + 22, size: 14,
                            weight: "bold"))
        for tick in yTicks.values {
            let ty = y(tick)
            out.append(svg.line(x1: left, y1: ty, x2: right, y2: ty, color: "#e5e5e5"))
            out.append(svg.text(_Format.trimmed(tick), x: left - 8, y: ty + 4, anchor: "end", size: 11))
        }
        for (index, runtime) in runtimes.enumerated() {
            let tx = x(index)
            out.append(svg.line(x1: tx, y1: plotBottom, x2: tx, y2: plotBottom + 5, color: "#333333"))
            // Every other label one line lower: ten runtimes' names do not fit side by side.
            out.append(svg.text(runtime, x: tx, y: plotBottom + (index % 2 == 0 ? 18 : 32), anchor: "middle",
                                size: 10))
        }
        out += axes(plotTop: plotTop, plotBottom: plotBottom)
        for line in series {
            let points = line.points.map { "\(_SVGWriter.num(x($0.runtime))),\(_SVGWriter.num(y($0.bytesPerEntry)))" }
            out.append(#"<polyline data-workload="\#(_SVGWriter.escape(line.label))" class="versions" "#
                + #"fill="none" stroke="\#(line.color)" stroke-width="1.6" stroke-linejoin="round" "#
                + #"points="\#(points.joined(separator: " "))"/>"#)
            for point in line.points {
                out.append(#"<circle cx="\#(_SVGWriter.num(x(point.runtime)))" "#
                    + #"cy="\#(_SVGWriter.num(y(point.bytesPerEntry)))" r="2.5" fill="\#(line.color)"/>"#)
            }
        }
        var ly = plotTop + 6
        for line in series {
            out += legendEntry(line.label, color: line.color, dash: "", y: ly)
            ly += _HeapChart.legendLineHeight
        }
        out.append("</g>")
        return out
    }
}
