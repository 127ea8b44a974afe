// The latency panel of heap-curves.svg (runs that timed every insert): the longest insert of each
// sample window against keys inserted, on a log axis, one line per unsized insert workload.

import Foundation
import MapHeapModel

extension _HeapChart {
    /// One workload's windows: (keys at the window's end, its longest insert in ns), in order.
    struct LatencySeries {
        var workload: String
        var color: String
        var dashed: Bool
        var windows: [(keys: Int, nanoseconds: Int)]
        /// How many sample windows each point merges (1: none).
        var windowsPerPoint: Int

        /// The stroke-dasharray attribute for the line's style ("" for solid).
        var dash: String { dashed ? #" stroke-dasharray="6 4""# : "" }
    }

    /// The series of the latency panel: unsized insert workloads with window rows, in suite order.
    static func latencySeries(_ results: ResultSet, model: ReportSubject) -> [LatencySeries] {
        var series: [LatencySeries] = []
        for row in results.summary where row._isOK && row.ops == .insert && row.sizing == .unsized {
            let windows = results.latency.compactMap { latency -> (keys: Int, nanoseconds: Int)? in
                guard latency.workload == row.workload, latency.kind == .window, let keys = latency.keys,
                      let value = latency.valueNanoseconds, value > 0 else { return nil }
                return (keys, value)
            }
            guard !windows.isEmpty else { continue }
            series.append(LatencySeries(workload: row.workload,
                                        color: palette[series.count % palette.count],
                                        dashed: row.impl != model.impl, windows: merged(windows),
                                        windowsPerPoint: (windows.count + maxWindowsPerSeries - 1)
                                            / maxWindowsPerSeries))
        }
        return series
    }

    /// Windows per line above which consecutive windows are merged (their maximum, at the last one's
    /// keys): a thousand windows of a noisy machine draw a solid band.
    static let maxWindowsPerSeries = 100

    /// At most about `maxWindowsPerSeries` windows: each the longest insert of its consecutive windows.
    static func merged(_ windows: [(keys: Int, nanoseconds: Int)]) -> [(keys: Int, nanoseconds: Int)] {
        guard windows.count > maxWindowsPerSeries else { return windows }
        let group = (windows.count + maxWindowsPerSeries - 1) / maxWindowsPerSeries
        return stride(from: 0, to: windows.count, by: group).map { start in
            let slice = windows[start..<min(windows.count, start + group)]
            return (slice.last?.keys ?? 0, slice.map(\.nanoseconds).max() ?? 0)
        }
    }

    /// Height the latency panel takes (0 without one).
    func latencyPanelHeight(_ series: [LatencySeries]) -> Double {
        series.isEmpty ? 0 : _HeapChart.panelTitleHeight + latencyPlotHeight(series) + _HeapChart.xAxisHeight
            + _HeapChart.panelGap
    }

    func latencyPlotHeight(_ series: [LatencySeries]) -> Double {
        max(_HeapChart.minPlotHeight, Double(series.count + 1) * _HeapChart.legendLineHeight)
    }

    /// The panel: decades of nanoseconds on the y axis (log), keys inserted on x.
    func drawLatency(_ series: [LatencySeries], top: Double) -> [String] {
        let svg = _SVGWriter()
        var out: [String] = []
        let plotTop = top + _HeapChart.panelTitleHeight
        let height = latencyPlotHeight(series)
        let plotBottom = plotTop + height
        let left = _HeapChart.plotLeft
        let right = left + _HeapChart.plotWidth
        let all = series.flatMap(\.windows)
        let xTicks = _AxisTicks(min: 0, max: Double(max(1, all.map(\.keys).max() ?? 1)))
        // Whole decades from below the fastest window to above the slowest.
        var low = 1
        while low * 10 <= (all.map(\.nanoseconds).min() ?? 1) { low *= 10 }
        var high = low * 10
        while high < (all.map(\.nanoseconds).max() ?? 1) { high *= 10 }
        let decades = Double(String(high).count - String(low).count)
        func x(_ keys: Int) -> Double { x(Double(keys)) }
        // A tick is a Double: it may lie beyond Int (curve keys near INT64_MAX), so it is not converted.
        func x(_ keys: Double) -> Double { left + xTicks.fraction(keys) * _HeapChart.plotWidth }
        func y(_ nanoseconds: Int) -> Double {
            plotBottom - (log10(Double(nanoseconds)) - log10(Double(low))) / decades * height
        }
        out.append(#"<g class="panel" id="panel-latency">"#)
        let merged = series.map(\.windowsPerPoint).max() ?? 1
        let title = "Longest insert per sample window (log scale"
            + (merged > 1 ? "; each point the longest of up to \(merged) windows)" : ")")
        out.append(svg.text(title, x: left, y: top + 22, size: 14, weight: "bold"))
        var tick = low
        while tick <= high {
            let ty = y(tick)
            out.append(svg.line(x1: left, y1: ty, x2: right, y2: ty, color: "#e5e5e5"))
            out.append(svg.text(_decadeText(tick), x: left - 8, y: ty + 4, anchor: "end", size: 11))
            tick *= 10
        }
        for tick in xTicks.values {
            let tx = x(tick)
            out.append(svg.line(x1: tx, y1: plotBottom, x2: tx, y2: plotBottom + 5, color: "#333333"))
            out.append(svg.text(_Format.axisCount(tick), x: tx, y: plotBottom + 18, anchor: "middle", size: 11))
        }
        out += axes(plotTop: plotTop, plotBottom: plotBottom)
        for line in series {
            let points = _SVGWriter.polylinePoints(line.windows.map { (x($0.keys), y($0.nanoseconds)) })
            out.append(#"<polyline data-workload="\#(_SVGWriter.escape(line.workload))" class="latency" "#
                + #"fill="none" stroke="\#(line.color)" stroke-width="1.4" stroke-linejoin="round"\#(line.dash) "#
                + #"points="\#(points)"/>"#)
        }
        var ly = plotTop + 6
        for line in series {
            out += legendEntry(line.workload, color: line.color, dash: line.dash, y: ly)
            ly += _HeapChart.legendLineHeight
        }
        out.append("</g>")
        return out
    }
}

/// `100 ns`, `1 µs`, `10 ms`, `1 s`: a power of ten of nanoseconds, for the log axis.
func _decadeText(_ nanoseconds: Int) -> String {
    switch nanoseconds {
    case ..<1_000: return "\(nanoseconds) ns"
    case ..<1_000_000: return "\(nanoseconds / 1_000) µs"
    case ..<1_000_000_000: return "\(nanoseconds / 1_000_000) ms"
    default: return "\(nanoseconds / 1_000_000_000) s"
    }
}
