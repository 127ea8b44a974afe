// The claims section of report.txt: a verdict table first, then each claim with its rule and the
// figures that decided it.
import MapHeapModel

extension ClaimsFile {
    /// The section's lines (without its numbered title), for `outcomes` computed from this file.
    public func renderSection(_ outcomes: [ClaimOutcome]) -> [String] {
        var lines = [
            "  Each verdict is computed from this run's rows by the rule stated under its claim (claims file:",
            "  \(file)). In each generation the first subject decides and the others are shown beside it:",
        ]
        if isPerRelease {
            lines = Self.wrap("  Each verdict is computed from this run's rows by the rule stated under its claim "
                + "(claims file: \(file)). The run measured Go's map under several releases: each release is a "
                + "column, in which Go's own map under that release decides and a model following its rules is "
                + "shown beside it (a model alone decides where Go did not run):", continuation: "  ")
        }
        for generation in generations {
            let labels = generation.subjects.map(\.label)
            lines.append("  - \(generation.title): \(labels[0]) decides"
                         + (labels.count > 1 ? ", " + labels.dropFirst().joined(separator: ", ") + " beside it" : "")
                         + ".")
        }
        lines.append("")
        var table = TextTable([.right("#"), .left("claim")]
                              + generations.map { .left($0.title + ": " + $0.subjects.map { $0.column ?? $0.label }
                                  .joined(separator: " | ")) })
        for (index, outcome) in outcomes.enumerated() {
            table.append(["\(index + 1)", Self.shorten(outcome.claim, to: 36)] + outcome.generations.map { generation in
                generation.subjects.map { Self.shortVerdict($0.verdict) }.joined(separator: " | ")
            })
        }
        lines += table.lines(indent: 2, maxWidth: Self.width)
        for (index, outcome) in outcomes.enumerated() {
            lines.append("")
            lines += Self.wrap("  \(index + 1). \(outcome.claim)", continuation: "     ")
            for (ruleIndex, rule) in outcome.rule.enumerated() {
                lines += Self.wrap((ruleIndex == 0 ? "     rule: " : "           ") + rule,
                                   continuation: "             ")
            }
            for generation in outcome.generations {
                for subject in generation.subjects {
                    var line = "     \(subject.label): \(subject.verdict.text)"
                    if !subject.figures.isEmpty {
                        line += "; " + subject.figures.map { "\($0.name) \(Self.format($0))" }.joined(separator: ", ")
                    }
                    if !subject.workloads.isEmpty { line += " [" + subject.workloads.joined(separator: ", ") + "]" }
                    lines += Self.wrap(line, continuation: "       ")
                }
            }
        }
        return lines
    }

    /// The widest line of the section, as of every table in report.txt.
    static let width = 120

    /// `line` broken at spaces into lines of at most `width` columns, each after the first starting with
    /// `continuation`; a word longer than a line stays whole.
    static func wrap(_ line: String, continuation: String) -> [String] {
        guard line.count > width else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        var out: [String] = []
        var current = indent
        for word in line.dropFirst(indent.count).split(separator: " ") {
            let start = out.isEmpty ? indent : continuation
            if current != start && current.count + 1 + word.count > width {
                out.append(current)
                current = continuation + word
            } else {
                current += (current == start ? "" : " ") + word
            }
        }
        out.append(current)
        return out
    }

    /// A verdict for the table: "not measured" without its long reason.
    static func shortVerdict(_ verdict: ClaimVerdict) -> String {
        if case .notMeasured = verdict { return "not measured" }
        return verdict.text
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func shorten(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 3)) + "..."
    }

    /// A figure in its unit: MiB for bytes, ms or µs for times, thousands for counts.
    static func format(_ figure: ClaimFigureValue) -> String {
        guard let value = figure.value else { return "n/a" }
        switch figure.unit {
        case "bytes": return _Format.mib(Int(value.rounded())) + " MiB"
        case "ns":
            return value >= 1_000_000 ? _Format.fixed(value / 1e6, 2) + " ms" : _Format.fixed(value / 1e3, 1) + " µs"
        case "count": return value == value.rounded() ? _Format.int(Int(value)) : _Format.fixed(value, 2)
        default: return abs(value) >= 100 || value == value.rounded() ? _Format.trimmed(value) : _Format.fixed(value, 3)
        }
    }
}
