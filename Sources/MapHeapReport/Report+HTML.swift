// report.html: the report a person opens. One self-contained page (styles, Chart.js and the page's
// script inline, no network) that shows, in order: the claims with their verdicts per generation and,
// on a click, the chart that decides each; the heap curves as small multiples (the panels of
// heap-curves.svg, one per question); and every other section of report.txt as sortable tables.
//
// Every figure on the page comes from the Swift side: the claims' outcomes as `evaluate` computes
// them (their figures formatted as report.txt prints them), the curve points as the rows hold them
// (thinned as the SVG thins them, every growth point and the peak kept, and without the points inside a
// flat or vertical stretch, which draw nothing the stretch's ends do not), and the sections' blocks as
// `_Report` builds them. The page's script only lays these out; it computes no figure.
import Foundation
import MapHeapModel

/// The page's file name inside a result directory.
public let reportHTMLFileName = "report.html"

/// Renders `report.html` from `results`, about `model` (by default the first model core in the rows),
/// settling `claims` when given and showing the "Top allocation sites" section when `sites` is not nil.
public func renderReportHTML(_ results: ResultSet, sites: [SiteRow]? = nil, model: ReportSubject? = nil,
                             claims: ClaimsFile? = nil) -> String {
    let model = model ?? ReportSubject.studied(in: results)
    var report = _Report(results, sites: sites, model: model, claims: claims)
    report.build()
    let data = _HTMLData(report: report, claims: claims, model: model)
    return _HTMLPage.render(dataJSON: data.json())
}

/// What the page shows, as JSON for its script.
struct _HTMLData {
    let report: _Report
    let claims: ClaimsFile?
    let model: ReportSubject

    /// The data object: `{"title", "generations", "claims", "panels", "sections", ...}`.
    func json() -> String {
        var members: [String] = []
        members.append(#""title":"# + _JSON.string("mapheap report"))
        members.append(#""bytesPerMiB":"# + _JSON.number(_Format.bytesPerMiB))
        members.append(#""claimsFile":"# + (claims.map { _JSON.string($0.file) } ?? "null"))
        members.append(#""noClaims":"# + _JSON.string("No claims file was read, so no claim is settled here: run "
            + "mapheap from the repository (it reads \(ClaimsFile.defaultPath)) or pass --claims FILE."))
        members.append(#""generations":"# + generationsJSON())
        members.append(#""claims":"# + claimsJSON())
        members.append(#""curvesNote":"# + _JSON.string(
            "Allocated bytes (jemalloc per thread for the Swift maps, Go's heap objects for real Go), net of "
            + "each workload's baseline, against keys inserted. One colour per map on the whole page "
            + "(\(_MapStyle.sharedHuesText)); " + _LinePattern.legendText
            + "; dots mark where each growth started. Long curves are thinned to about "
            + "\(_Format.int(_HeapChart.maxPointsPerSeries)) points, keeping every growth point and the peak; "
            + "a point inside a flat stretch is left out (the line is the same)."))
        members.append(#""noCurves":"# + _JSON.string(
            "No curve data: curve.csv has no rows for the workloads in summary.csv."))
        members.append(#""panels":"# + panelsJSON())
        members.append(#""sections":"# + sectionsJSON())
        return "{" + members.joined(separator: ",") + "}"
    }

    // MARK: Claims

    /// The generations' titles and their subjects' labels, in the claims file's order.
    func generationsJSON() -> String {
        guard let claims = claims?.perRelease(ClaimTables(report.allResults)) else { return "[]" }
        return "[" + claims.generations.map { generation in
            "{" + #""title":"# + _JSON.string(generation.title) + #","subjects":"#
                + _JSON.array(generation.subjects.map { _JSON.string($0.label) }) + "}"
        }.joined(separator: ",") + "]"
    }

    /// One object per claim: its text, rule, outcome per generation and subject, and its charts.
    func claimsJSON() -> String {
        guard let claims = claims?.perRelease(ClaimTables(report.allResults)) else { return "[]" }
        let outcomes = claims.evaluate(ClaimTables(report.allResults))
        var style = _MapStyle(report.allResults.summary)
        var objects: [String] = []
        for (index, outcome) in outcomes.enumerated() {
            let claim = claims.claims.first { $0.id == outcome.id }
            var subjects: [(label: String, color: String, deciding: Bool, figures: [ClaimFigureValue])] = []
            var generations: [String] = []
            for generation in outcome.generations {
                var subjectObjects: [String] = []
                for (position, subject) in generation.subjects.enumerated() {
                    let row = subject.workloads.lazy.compactMap { name in
                        self.report.allResults.summary.first { $0.workload == name }
                    }.first
                    let color = row.map { style.color($0) } ?? _MapStyle.others.last ?? "#777777"
                    subjects.append((subject.label, color, position == 0, subject.figures))
                    subjectObjects.append("{" + [
                        #""label":"# + _JSON.string(subject.label),
                        #""verdict":"# + _JSON.string(subject.verdict.text),
                        #""short":"# + _JSON.string(ClaimsFile.shortVerdict(subject.verdict)),
                        #""class":"# + _JSON.string(Self.verdictClass(subject.verdict)),
                        #""color":"# + _JSON.string(color),
                        #""figures":"# + _JSON.array(subject.figures.map { figure in
                            "[" + _JSON.string(figure.name) + "," + _JSON.string(ClaimsFile.format(figure)) + "]"
                        }),
                        #""workloads":"# + _JSON.array(subject.workloads.map(_JSON.string)),
                    ].joined(separator: ",") + "}")
                }
                generations.append("{" + #""title":"# + _JSON.string(generation.title) + #","subjects":"#
                    + "[" + subjectObjects.joined(separator: ",") + "]}")
            }
            let thresholds = claim.map(Self.thresholds) ?? []
            objects.append("{" + [
                #""number":"# + String(index + 1),
                #""id":"# + _JSON.string(outcome.id),
                #""claim":"# + _JSON.string(outcome.claim),
                #""rule":"# + _JSON.array(outcome.rule.map(_JSON.string)),
                #""generations":"# + "[" + generations.joined(separator: ",") + "]",
                #""charts":"# + _JSON.array(Self.charts(subjects: subjects, thresholds: thresholds)),
            ].joined(separator: ",") + "}")
        }
        return "[" + objects.joined(separator: ",") + "]"
    }

    /// The page's colour class of a verdict.
    static func verdictClass(_ verdict: ClaimVerdict) -> String {
        switch verdict {
        case .holds: return "holds"
        case .holdsInPart: return "part"
        case .doesNotHold: return "fails"
        case .notMeasured: return "na"
        }
    }

    /// A figure compared with a number in a verdict condition: the line a claim's chart draws.
    struct Threshold {
        var figure: String
        var value: Double
        /// The condition as the rule states it: `max_insert_ns < 1000000`.
        var text: String
    }

    /// Every `figure OP number` (or `number OP figure`) in the claim's verdict conditions.
    static func thresholds(_ claim: _Claim) -> [Threshold] {
        var found: [Threshold] = []
        func walk(_ node: _ClaimExpression) {
            if node.kind == .binary, ["<", "<=", ">", ">=", "==", "!="].contains(node.name) {
                let (lhs, rhs) = (node.operands[0], node.operands[1])
                if lhs.kind == .name && rhs.kind == .number {
                    found.append(Threshold(figure: lhs.name, value: rhs.value, text: node.text))
                } else if lhs.kind == .number && rhs.kind == .name {
                    found.append(Threshold(figure: rhs.name, value: lhs.value, text: node.text))
                }
            }
            node.operands.forEach(walk)
        }
        claim.verdicts.forEach { walk($0.when) }
        return found
    }

    /// How a unit is drawn: the axis title, the factor from the figure's unit, and a log axis for times.
    static func axis(_ unit: String) -> (title: String, divisor: Double, log: Bool) {
        switch unit {
        case "bytes": return ("MiB", _Format.bytesPerMiB, false)
        case "ns": return ("ms (log scale)", 1e6, true)
        case "count": return ("count", 1, false)
        default: return ("value", 1, false)
        }
    }

    /// The charts that decide a claim: one bar chart per unit among its shown figures (none when no
    /// subject was measured), a bar per subject and figure (values in the axis' unit), with a line at
    /// every number its conditions compare a figure of that unit with.
    static func charts(subjects: [(label: String, color: String, deciding: Bool, figures: [ClaimFigureValue])],
                       thresholds: [Threshold]) -> [String] {
        let figures = subjects.first { !$0.figures.isEmpty }?.figures ?? []
        let units = _ReportOrder.ordered(figures.map(\.unit), preferred: [])
        return units.map { unit in
            let names = figures.filter { $0.unit == unit }.map(\.name)
            let scale = Self.axis(unit)
            let datasets = subjects.map { subject in
                let values = names.map { name -> String in
                    guard let value = subject.figures.first(where: { $0.name == name })?.value, value.isFinite,
                          !(scale.log && value <= 0) else { return "null" }
                    return _JSON.number(value / scale.divisor)
                }
                let texts = names.map { name in
                    subject.figures.first { $0.name == name }.map { ClaimsFile.format($0) } ?? "n/a"
                }
                return "{" + #""label":"# + _JSON.string(subject.label) + #","color":"# + _JSON.string(subject.color)
                    + #","deciding":"# + (subject.deciding ? "true" : "false")
                    + #","values":"# + "[" + values.joined(separator: ",") + "]"
                    + #","texts":"# + _JSON.array(texts.map(_JSON.string)) + "}"
            }
            let lines = thresholds.filter { names.contains($0.figure) }.map { threshold in
                "{" + #""value":"# + _JSON.number(threshold.value / scale.divisor) + #","text":"#
                    + _JSON.string(threshold.text) + "}"
            }
            return "{" + #""axis":"# + _JSON.string(scale.title) + #","log":"# + (scale.log ? "true" : "false")
                + #","labels":"# + _JSON.array(names.map(_JSON.string))
                + #","datasets":"# + "[" + datasets.joined(separator: ",") + "]"
                + #","thresholds":"# + "[" + lines.joined(separator: ",") + "]}"
        }
    }

    // MARK: Heap curves

    /// The small multiples of heap-curves.svg, with every point as `[keys, allocated bytes]` and every
    /// growth start as `[keys, allocated bytes, what the growth was]`.
    func panelsJSON() -> String {
        let panels = _HeapChart.panels(report.results, model: model)
        return "[" + panels.map { panel in
            "{" + #""id":"# + _JSON.string(panel.id) + #","title":"# + _JSON.string(panel.title)
                + #","series":["# + panel.series.map(seriesJSON).joined(separator: ",") + "]}"
        }.joined(separator: ",") + "]"
    }

    /// Whether the point at `index` lies inside a flat run (its neighbours have its bytes, keys not
    /// going back) or a vertical run (its neighbours have its keys, bytes not turning back). Such a point
    /// is left out of the page's line: the line drawn is the same on a linear or a log axis (the page
    /// offers both). The first and the last point are always kept.
    static func insideStraightRun(_ points: [CurveRow], at index: Int) -> Bool {
        guard index > points.startIndex, index < points.endIndex - 1 else { return false }
        let (a, b, c) = (points[index - 1], points[index], points[index + 1])
        if a.allocatedBytes == b.allocatedBytes && b.allocatedBytes == c.allocatedBytes {
            return a.keys <= b.keys && b.keys <= c.keys
        }
        if a.keys == b.keys && b.keys == c.keys {
            return (a.allocatedBytes <= b.allocatedBytes && b.allocatedBytes <= c.allocatedBytes)
                || (a.allocatedBytes >= b.allocatedBytes && b.allocatedBytes >= c.allocatedBytes)
        }
        return false
    }

    func seriesJSON(_ series: _HeapChart.Series) -> String {
        var points = ""
        points.reserveCapacity(series.points.count * 18)
        for (index, point) in series.points.enumerated() where !Self.insideStraightRun(series.points, at: index) {
            if index > 0 { points += "," }
            points += "[" + String(point.keys) + "," + String(point.allocatedBytes) + "]"
        }
        var growths: [String] = []
        var byKeys: [Int: GrowthRow] = [:]
        for growth in series.growths where byKeys[growth.keysAtStart] == nil { byKeys[growth.keysAtStart] = growth }
        for point in series.growthStarts {
            var text = "growth start"
            if let growth = byKeys[point.keys] {
                text = "growth \(growth.index): \(growth.kind.rawValue)"
                let detail = growth.detail.replacingOccurrences(of: ";", with: ", ")
                text += detail.isEmpty ? "" : " (" + detail + ")"
            }
            growths.append("[" + String(point.keys) + "," + String(point.allocatedBytes) + ","
                + _JSON.string(text) + "]")
        }
        return "{" + #""workload":"# + _JSON.string(series.workload) + #","label":"# + _JSON.string(series.label)
            + #","color":"# + _JSON.string(series.color) + #","dash":["#
            + series.pattern.dashArray.split(separator: " ").joined(separator: ",") + "]"
            + #","points":["# + points + "]" + #","growths":["# + growths.joined(separator: ",") + "]}"
    }

    // MARK: Sections

    /// Every section but the claims (which the page shows above, with their evidence) as blocks.
    func sectionsJSON() -> String {
        "[" + report.sections.filter { $0.title != _Report.claimsTitle }.map { section in
            "{" + #""number":"# + String(section.number) + #","title":"# + _JSON.string(section.title)
                + #","blocks":["# + section.blocks.map(Self.blockJSON).joined(separator: ",") + "]}"
        }.joined(separator: ",") + "]"
    }

    /// A figure as a table prints it (`1,234.56`, `-0.50`, `—`) as a number; NaN (null in JSON) when the
    /// cell holds none.
    static func figure(_ cell: String) -> Double {
        Double(cell.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "\u{2212}", with: "-")) ?? .nan
    }

    static func blockJSON(_ block: ReportBlock) -> String {
        switch block {
        case .text(let text): return #"{"kind":"text","text":"# + _JSON.string(text) + "}"
        case .item(let text): return #"{"kind":"item","text":"# + _JSON.string(text) + "}"
        case .subheading(let text): return #"{"kind":"subheading","text":"# + _JSON.string(text) + "}"
        case .preformatted(let lines): return #"{"kind":"pre","lines":"# + _JSON.array(lines.map(_JSON.string)) + "}"
        case .table(let table):
            return #"{"kind":"table","headers":"# + _JSON.array(table.columns.map { _JSON.string($0.title) })
                + #","numeric":"# + _JSON.array(table.columns.map { $0.alignment == .right ? "true" : "false" })
                + #","rows":"# + _JSON.array(table.rows.map { _JSON.array($0.map(_JSON.string)) }) + "}"
        case .bars(let bars):
            return #"{"kind":"bars","axis":"# + _JSON.string(bars.axis)
                + #","parts":"# + _JSON.array(bars.parts.map(_JSON.string))
                + #","bars":"# + _JSON.array(bars.bars.map { bar in
                    "{" + #""label":"# + _JSON.string(bar.label)
                        + #","values":"# + _JSON.array(bar.values.map { _JSON.number(Self.figure($0)) })
                        + #","texts":"# + _JSON.array(bar.values.map(_JSON.string))
                        + #","total":"# + _JSON.string(bar.total) + "}"
                }) + "}"
        }
    }
}

/// JSON text for the page's data, safe inside a `<script>` element.
enum _JSON {
    /// A JSON string; `<`, `>` and `&` escaped so that no `</script>` can end the element early.
    static func string(_ text: String) -> String { jsonStringLiteral(text, escapingHTML: true) }

    /// A JSON number: integers without a fraction, others with up to 6 significant digits; null when
    /// not finite.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }

    /// A JSON array of already-encoded elements.
    static func array(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ",") + "]"
    }
}
