// heap-curves.svg: allocated bytes against keys inserted, as small multiples: one panel per question
// (key type, value type, sizing with its hint; churn apart, whose x runs on through the re-inserts),
// at most six lines per panel.
//
// Each map has one colour on the whole chart (Chart+Style.swift: GoMap and classic Go share a hue,
// SwissMap and Swiss Go another); Swift model cores are drawn solid, the real Go runtime dotted, other
// peers dashed, and within a panel no two lines share colour and dash. Dots mark where each growth
// started; axes are linear with "nice" ticks (1, 2 or 5 times a power of ten), with axis titles, a
// panel title and a legend to the right of the plot, outside the data. report.html draws the same
// panels (Report+HTML.swift). The SVG is plain SVG 1.1, no scripts.
import MapHeapModel

/// Renders `heap-curves.svg`: allocated MiB against keys inserted, one panel per question (key type,
/// value type, sizing; churn apart), at most six lines each; `model` (by default the first model core in
/// the rows) decides the latency panel's solid line.
public func renderHeapCurvesSVG(_ results: ResultSet, model: ReportSubject? = nil) -> String {
    _HeapChart(results, model: model ?? ReportSubject.studied(in: results)).render()
}

/// The layout and drawing of the heap-curves chart.
struct _HeapChart {
    /// Points per polyline above which a series is thinned (growth events are always kept).
    static let maxPointsPerSeries = 2000
    /// A fixed, distinct palette (d3's category10).
    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    /// Background.
    static let white = "#ffffff"
    /// Text and axes.
    static let ink = "#222222"
    /// Secondary text and the legend's growth-start dot.
    static let muted = "#555555"

    // Geometry, in SVG user units (px).
    static let minWidth = 1000.0
    static let plotLeft = 80.0
    static let plotWidth = 600.0
    static let legendLeft = 705.0
    /// The title's height above the subtitle's lines.
    static let chartTitleHeight = 36.0
    static let panelTitleHeight = 34.0
    static let minPlotHeight = 200.0
    static let xAxisHeight = 56.0
    static let panelGap = 18.0
    static let legendLineHeight = 17.0

    /// One workload's line in a panel.
    struct Series {
        var workload: String
        var label: String
        var color: String
        var points: [CurveRow]
        /// The curve points where a growth started (every one, never thinned).
        var growthStarts: [CurveRow]
        /// The workload's map.
        var impl: Workload.Impl?
        /// The workload's growth rows, in order.
        var growths: [GrowthRow] = []
        /// The line's dash pattern.
        var pattern: _LinePattern = .solid

        /// The stroke-dasharray attribute for the line's style ("" for solid).
        var dash: String {
            pattern.dashArray.isEmpty ? "" : #" stroke-dasharray="\#(pattern.dashArray)""#
        }
    }

    /// One panel: the workloads that answer one question (key type, value type, sizing, operation mix).
    struct Panel {
        var id: String
        var title: String
        var series: [Series]
    }

    let panels: [Panel]
    /// The map under study.
    let model: ReportSubject
    /// The rows (the latency panel reads latency.csv's windows).
    let results: ResultSet

    /// Wide enough for the longest legend label (about 6.6 px per character at 11 px).
    var width: Double {
        let longest = panels.flatMap(\.series).map(\.label.count).max() ?? 0
        return max(_HeapChart.minWidth, (_HeapChart.legendLeft + 32 + Double(longest) * 6.6 + 12).rounded(.up))
    }

    init(_ results: ResultSet, model: ReportSubject) {
        self.model = model
        self.results = results
        panels = _HeapChart.panels(results, model: model)
    }

    /// Lines a panel draws at most; a question with more maps is split over several panels.
    static let maxLinesPerPanel = 6

    /// The small multiples: one panel per question (key type, value type, sizing with its hint, and the
    /// operation mix: churn's x runs on through the re-inserts), at most `maxLinesPerPanel` lines each.
    /// Every map keeps one colour across the panels (`_MapStyle`); within a panel no two lines share
    /// colour and dash.
    static func panels(_ results: ResultSet, model: ReportSubject) -> [Panel] {
        var pointsByWorkload: [String: [CurveRow]] = [:]
        for point in results.curve {
            pointsByWorkload[point.workload, default: []].append(point)
        }
        var growthsByWorkload: [String: [GrowthRow]] = [:]
        for growth in results.growth {
            growthsByWorkload[growth.workload, default: []].append(growth)
        }
        // A timed twin's curve repeats its untimed workload's; it is drawn only in the latency panel.
        let twins = Set(_Report.timedTwins(in: results.summary).map(\.workload))
        let drawn = results.summary.filter {
            !twins.contains($0.workload) && !(pointsByWorkload[$0.workload] ?? []).isEmpty
        }
        var style = _MapStyle(drawn)
        var panels: [Panel] = []
        for keyType in _ReportOrder.keyTypes(in: drawn) {
            let rows = drawn.filter { $0.keyType == keyType }
            for ops in _ReportOrder.ordered(rows.map(\.ops), preferred: [.insert]) {
                let opsRows = rows.filter { $0.ops == ops }
                for valueType in _ReportOrder.ordered(opsRows.map(\.valueType), preferred: ["bool", "empty"]) {
                    let valueRows = opsRows.filter { $0.valueType == valueType }
                    for sizing in _ReportOrder.sizings(in: valueRows) {
                        let sizingRows = valueRows.filter { $0.sizing == sizing }
                        let hints = _ReportOrder.ordered(sizingRows.map { String($0.hint) }, preferred: [])
                        for hint in hints {
                            let question = sizingRows.filter { String($0.hint) == hint }
                            var title = "\(keyType)/\(valueType), \(sizing)"
                            if sizing == .hint { title += " " + (Int(hint).map(_Format.int) ?? hint) }
                            if ops != .insert { title += ", \(ops) (x counts re-inserts)" }
                            var id = "\(keyType)-\(valueType)-\(sizing)" + (sizing == .hint ? "-\(hint)" : "")
                            if ops != .insert { id += "-\(ops)" }
                            let chunks = stride(from: 0, to: question.count, by: maxLinesPerPanel).map {
                                Array(question[$0..<min($0 + maxLinesPerPanel, question.count)])
                            }
                            for (index, chunk) in chunks.enumerated() {
                                var used = Set<String>()
                                let series = chunk.map { row in
                                    let points = pointsByWorkload[row.workload] ?? []
                                    var line = Series(
                                        workload: row.workload,
                                        label: style.label(row) + (row._isOK ? "" : " (\(row.status))"),
                                        color: style.color(row),
                                        points: _HeapChart.thinned(points),
                                        growthStarts: points.filter { $0.event == .growthStart })
                                    line.impl = row.impl
                                    line.growths = growthsByWorkload[row.workload] ?? []
                                    line.pattern = style.pattern(row, avoiding: used, color: line.color)
                                    used.insert(line.color + line.pattern.rawValue)
                                    return line
                                }
                                let part = chunks.count > 1 ? " (part \(index + 1) of \(chunks.count))" : ""
                                panels.append(Panel(id: id + (chunks.count > 1 ? "-\(index + 1)" : ""),
                                                    title: title + part, series: series))
                            }
                        }
                    }
                }
            }
        }
        return panels
    }

    /// At most about `maxPointsPerSeries` points: every k-th sample, plus every growth event and the last.
    /// A map with more growth events than that has its events thinned like the samples, keeping the
    /// highest point, so its peak still shows. Result sets written before SwissMap's growths became rows
    /// without curve points have such series (a split every ~448 inserts: 32,808 event rows at 10M keys);
    /// each split adds one table, too small a step to see at the chart's scale.
    static func thinned(_ points: [CurveRow]) -> [CurveRow] {
        guard points.count > maxPointsPerSeries else { return points }
        let stride = (points.count + maxPointsPerSeries - 1) / maxPointsPerSeries
        let keepsEvents = points.lazy.filter { $0.event != .sample }.count <= maxPointsPerSeries
        let highest = points.indices.max { points[$0].allocatedBytes < points[$1].allocatedBytes }
        return points.enumerated().compactMap { index, point in
            index % stride == 0 || (keepsEvents && point.event != .sample) || index == points.count - 1
                || index == highest ? point : nil
        }
    }

    static func mib(_ point: CurveRow) -> Double {
        Double(point.allocatedBytes) / _Format.bytesPerMiB
    }

    func plotHeight(_ panel: Panel) -> Double {
        // Tall enough for the legend: one line per workload plus the growth-start key.
        max(_HeapChart.minPlotHeight, Double(panel.series.count + 2) * _HeapChart.legendLineHeight)
    }

    func render() -> String {
        var svg = _SVGWriter()
        let subtitle = "Net allocation (jemalloc per thread), net of each workload's baseline. One colour per map "
            + "(\(_MapStyle.sharedHuesText)); " + _LinePattern.legendText
            + "; dots: growth starts."
        // Wrapped to the chart's width (about 6 px per character at 11 px).
        let subtitleLines = _Report.wrap(subtitle, width: Int((width - _HeapChart.plotLeft - 20) / 6), indent: 0,
                                         hanging: 0)
        var top = _HeapChart.chartTitleHeight + 14 * Double(subtitleLines.count)
        var body: [String] = []
        for panel in panels {
            body += draw(panel, top: top)
            top += _HeapChart.panelTitleHeight + plotHeight(panel) + _HeapChart.xAxisHeight + _HeapChart.panelGap
        }
        let latency = _HeapChart.latencySeries(results, model: model)
        if !latency.isEmpty {
            body += drawLatency(latency, top: top)
            top += latencyPanelHeight(latency)
        }
        let (runtimes, versions) = _HeapChart.versionSeries(results)
        if !versions.isEmpty {
            body += drawVersions(runtimes, versions, top: top)
            top += versionsPanelHeight(versions)
        }
        if panels.isEmpty {
            body.append(svg.text("No curve data: curve.csv has no rows for the workloads in summary.csv.",
                                 x: width / 2, y: top + 30, anchor: "middle", size: 14))
            top += 60
        }
        let height = (top + 8).rounded()
        svg.open(width: width, height: height)
        svg.lines.append(#"<rect x="0" y="0" width="\#(_SVGWriter.num(width))" "#
            + #"height="\#(_SVGWriter.num(height))" fill="\#(_HeapChart.white)"/>"#)
        svg.lines.append(svg.text("mapheap: allocated bytes as keys are inserted", x: _HeapChart.plotLeft, y: 26,
                                  size: 17, weight: "bold"))
        for (index, line) in subtitleLines.enumerated() {
            svg.lines.append(svg.text(line, x: _HeapChart.plotLeft, y: 41 + Double(index) * 14, size: 11,
                                      color: "#555555"))
        }
        svg.lines += body
        svg.lines.append("</svg>")
        return svg.lines.joined(separator: "\n") + "\n"
    }

    /// One panel: title, grid, axes, ticks, lines, growth dots and legend.
    func draw(_ panel: Panel, top: Double) -> [String] {
        let svg = _SVGWriter()
        var out: [String] = []
        let plotTop = top + _HeapChart.panelTitleHeight
        let height = plotHeight(panel)
        let plotBottom = plotTop + height
        let left = _HeapChart.plotLeft
        let right = left + _HeapChart.plotWidth
        let allPoints = panel.series.flatMap(\.points) + panel.series.flatMap(\.growthStarts)
        let maxKeys = Double(allPoints.map(\.keys).max() ?? 0)
        let ys = allPoints.map(_HeapChart.mib)
        let xTicks = _AxisTicks(min: 0, max: max(maxKeys, 1))
        let yTicks = _AxisTicks(min: min(0, ys.min() ?? 0), max: max(ys.max() ?? 0, 0.01))
        func x(_ keys: Int) -> Double { x(Double(keys)) }
        // A tick is a Double: it may lie beyond Int (curve keys near INT64_MAX), so it is not converted.
        func x(_ keys: Double) -> Double { left + xTicks.fraction(keys) * _HeapChart.plotWidth }
        func y(_ value: Double) -> Double { plotBottom - yTicks.fraction(value) * height }

        out.append(#"<g class="panel" id="\#(_SVGWriter.escape("panel-" + panel.id))">"#)
        out.append(svg.text(panel.title, x: left, y: top + 22, size: 14, weight: "bold"))
        // Grid and y ticks.
        for tick in yTicks.values {
            let ty = y(tick)
            out.append(svg.line(x1: left, y1: ty, x2: right, y2: ty, color: "#e5e5e5"))
            out.append(svg.text(_Format.trimmed(tick), x: left - 8, y: ty + 4, anchor: "end", size: 11))
        }
        for tick in xTicks.values {
            let tx = x(tick)
            out.append(svg.line(x1: tx, y1: plotTop, x2: tx, y2: plotBottom, color: "#f0f0f0"))
            out.append(svg.line(x1: tx, y1: plotBottom, x2: tx, y2: plotBottom + 5, color: "#333333"))
            out.append(svg.text(_Format.axisCount(tick), x: tx, y: plotBottom + 18, anchor: "middle", size: 11))
        }
        // Axes.
        out += axes(plotTop: plotTop, plotBottom: plotBottom)
        let yTitleX = left - 56
        let yTitleY = plotTop + height / 2
        out.append(#"<text x="\#(_SVGWriter.num(yTitleX))" y="\#(_SVGWriter.num(yTitleY))" font-size="12" "#
            + #"text-anchor="middle" fill="\#(_HeapChart.ink)" "#
            + #"transform="rotate(-90 \#(_SVGWriter.num(yTitleX)) \#(_SVGWriter.num(yTitleY)))">"#
            + "allocated (MiB)</text>")
        // Lines, then dots on top.
        for series in panel.series {
            let points = _SVGWriter.polylinePoints(series.points.map { (x($0.keys), y(_HeapChart.mib($0))) })
            out.append(#"<polyline data-workload="\#(_SVGWriter.escape(series.workload))" fill="none" "#
                + #"stroke="\#(series.color)" stroke-width="1.6" stroke-linejoin="round"\#(series.dash) "#
                + #"points="\#(points)"/>"#)
        }
        for series in panel.series {
            for point in series.growthStarts {
                out.append(#"<circle class="growth-start" cx="\#(_SVGWriter.num(x(point.keys)))" "#
                    + #"cy="\#(_SVGWriter.num(y(_HeapChart.mib(point))))" r="2.6" fill="\#(series.color)" "#
                    + #"stroke="\#(_HeapChart.white)" stroke-width="0.6"/>"#)
            }
        }
        // Legend, right of the plot.
        var ly = plotTop + 6
        for series in panel.series {
            out += legendEntry(series.label, color: series.color, dash: series.dash, y: ly)
            ly += _HeapChart.legendLineHeight
        }
        if panel.series.contains(where: { !$0.growthStarts.isEmpty }) {
            out.append(#"<circle cx="\#(_SVGWriter.num(_HeapChart.legendLeft + 13))" cy="\#(_SVGWriter.num(ly))" "#
                + #"r="2.6" fill="\#(_HeapChart.muted)"/>"#)
            out.append(svg.text("growth start", x: _HeapChart.legendLeft + 32, y: ly + 4, size: 11))
        }
        out.append("</g>")
        return out
    }

    /// The x and y axis lines of a plot and the x axis' title, "keys inserted".
    func axes(plotTop: Double, plotBottom: Double) -> [String] {
        let svg = _SVGWriter()
        let left = _HeapChart.plotLeft
        let right = left + _HeapChart.plotWidth
        return [svg.line(x1: left, y1: plotBottom, x2: right, y2: plotBottom, color: "#333333"),
                svg.line(x1: left, y1: plotTop, x2: left, y2: plotBottom, color: "#333333"),
                svg.text("keys inserted", x: left + _HeapChart.plotWidth / 2, y: plotBottom + 40,
                         anchor: "middle", size: 12)]
    }

    /// A legend line, right of the plot: a short stroke in the series' colour and dash, then its label.
    func legendEntry(_ label: String, color: String, dash: String, y: Double) -> [String] {
        [#"<line x1="\#(_SVGWriter.num(_HeapChart.legendLeft))" y1="\#(_SVGWriter.num(y))" "#
            + #"x2="\#(_SVGWriter.num(_HeapChart.legendLeft + 26))" y2="\#(_SVGWriter.num(y))" "#
            + #"stroke="\#(color)" stroke-width="2"\#(dash)/>"#,
         _SVGWriter().text(label, x: _HeapChart.legendLeft + 32, y: y + 4, size: 11)]
    }
}

/// "Nice" linear ticks: steps of 1, 2 or 5 times a power of ten, covering [min, max].
struct _AxisTicks {
    let lower: Double
    let upper: Double
    let values: [Double]

    init(min: Double, max: Double, target: Int = 6) {
        precondition(max > min, "empty axis range")
        let rawStep = (max - min) / Double(target - 1)
        let power = pow10(rawStep.log10Floor)
        let fraction = rawStep / power
        let step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * power
        let lower = (min / step).rounded(.down) * step
        let upper = (max / step).rounded(.up) * step
        self.lower = lower
        self.upper = upper
        let count = Int(((upper - lower) / step).rounded())
        values = (0...count).map { lower + Double($0) * step }
    }

    /// Where `value` sits between the axis ends, 0...1.
    func fraction(_ value: Double) -> Double {
        (value - lower) / (upper - lower)
    }
}

/// 10^exponent, exactly for the integer exponents axes need.
private func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    if exponent >= 0 {
        for _ in 0..<exponent { result *= 10 }
    } else {
        for _ in 0..<(-exponent) { result /= 10 }
    }
    return result
}

extension Double {
    /// floor(log10(self)) for a positive finite value, by counting powers of ten.
    fileprivate var log10Floor: Int {
        precondition(self > 0 && isFinite, "log10 of a non-positive value")
        var exponent = 0
        var value = self
        while value >= 10 { value /= 10; exponent += 1 }
        while value < 1 { value *= 10; exponent -= 1 }
        return exponent
    }
}

/// Small helpers that write SVG elements with escaped text and compact numbers.
struct _SVGWriter {
    var lines: [String] = []

    mutating func open(width: Double, height: Double) {
        lines.insert(#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\#(_SVGWriter.num(width))" "#
            + #"height="\#(_SVGWriter.num(height))" "#
            + #"viewBox="0 0 \#(_SVGWriter.num(width)) \#(_SVGWriter.num(height))" "#
            + #"font-family="DejaVu Sans, Helvetica, Arial, sans-serif">"#, at: 0)
        lines.insert(#"<?xml version="1.0" encoding="UTF-8"?>"#, at: 0)
    }

    func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", size: Double = 11,
        weight: String = "normal", color: String = "#222222"
    ) -> String {
        #"<text x="\#(_SVGWriter.num(x))" y="\#(_SVGWriter.num(y))" font-size="\#(_SVGWriter.num(size))" "#
            + #"text-anchor="\#(anchor)" font-weight="\#(weight)" fill="\#(color)">"#
            + _SVGWriter.escape(content) + "</text>"
    }

    func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String) -> String {
        #"<line x1="\#(_SVGWriter.num(x1))" y1="\#(_SVGWriter.num(y1))" x2="\#(_SVGWriter.num(x2))" "#
            + #"y2="\#(_SVGWriter.num(y2))" stroke="\#(color)" stroke-width="1"/>"#
    }

    /// A coordinate with at most one decimal: `12.3`, `12`, `-0.5`. Built from whole tenths (what
    /// `_Format.trimmed` of the value rounded to tenths prints, without printf: a chart has tens of
    /// thousands of coordinates).
    static func num(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return _Format.trimmed(tenths / 10) }
        return num(tenths: Int(tenths))
    }

    /// A coordinate given in whole tenths, as `num` prints it: 123 is `12.3`, 120 is `12`.
    static func num(tenths whole: Int) -> String {
        let magnitude = whole.magnitude
        let sign = whole < 0 ? "-" : ""
        let fraction = magnitude % 10
        return sign + String(magnitude / 10) + (fraction == 0 ? "" : "." + String(fraction))
    }

    /// A polyline's `points` attribute, `x,y x,y ...`, each coordinate as `num` prints it, leaving out
    /// every point that lies on the straight segment between the points kept around it at that
    /// resolution (inside a flat or straight stretch of the line), so the line drawn is the same with
    /// fewer points. Coordinates beyond about 10^8 are written as they are, never left out.
    static func polylinePoints(_ points: [(x: Double, y: Double)]) -> String {
        /// Whole tenths, when small enough that the cross products below cannot overflow.
        func tenths(_ value: Double) -> Int? {
            let tenths = (value * 10).rounded()
            return tenths.isFinite && abs(tenths) < Double(1 << 30) ? Int(tenths) : nil
        }
        var kept: [(x: Int, y: Int)?] = []
        var texts: [String] = []
        kept.reserveCapacity(points.count)
        texts.reserveCapacity(points.count)
        for point in points {
            let here: (x: Int, y: Int)? = tenths(point.x).flatMap { x in tenths(point.y).map { (x, $0) } }
            if let c = here, kept.count >= 2, let a = kept[kept.count - 2], let b = kept[kept.count - 1],
               _onSegment(b, from: a, to: c) {
                kept.removeLast()
                texts.removeLast()
            }
            kept.append(here)
            texts.append(here.map { num(tenths: $0.x) + "," + num(tenths: $0.y) }
                ?? num(point.x) + "," + num(point.y))
        }
        return texts.joined(separator: " ")
    }

    /// Text escaped for XML content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Whether `b` lies on the segment from `a` to `c` (integer coordinates below 2^30 in magnitude).
func _onSegment(_ b: (x: Int, y: Int), from a: (x: Int, y: Int), to c: (x: Int, y: Int)) -> Bool {
    let cross = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    guard cross == 0 else { return false }
    // On the line through a and c: between them when the steps a→b and b→c do not turn back.
    return (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) >= 0
}
