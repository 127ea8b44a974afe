import Foundation
import MapHeapModel

// Text and markdown renderings of a `Comparison`: a table with the columns workload, metric,
// baseline, current, diff, diff %, verdict (and the rule applied), then the workloads missing on
// either side, then one line with the overall verdict.

extension Comparison {
    /// The output formats of `mapheap compare`.
    public enum Format: String, CaseIterable, Equatable, Sendable {
        /// Aligned plain-text columns, for a terminal or a CI log.
        case text
        /// A GitHub-flavoured markdown table, for a pull-request comment.
        case markdown
    }

    /// The comparison rendered in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .text: return renderText()
        case .markdown: return renderMarkdown()
        }
    }

    static let tableHeader = ["workload", "metric", "baseline", "current", "diff", "diff %", "verdict", "rule"]

    static func cells(_ row: ComparisonRow) -> [String] {
        let difference: String
        if let value = row.difference {
            // An integer difference beyond Int's range (INT64_MAX against INT64_MIN) is shown as a real.
            if row.isInteger, let exact = Int(exactly: value.rounded()) {
                difference = (exact > 0 ? "+" : "") + String(exact)
            } else {
                difference = _Format.real(value, signed: true)
            }
        } else {
            difference = "-"
        }
        let percent = row.differencePercent.map { String(format: "%+.2f%%", $0) } ?? "-"
        return [row.workload, row.metric, row.baseline, row.current, difference, percent, row.verdict.rawValue,
                row.rule]
    }

    /// The last line: `PASS: ...` or `FAIL: ...`, naming every regression.
    public var verdictLine: String {
        let checked = rows.filter { $0.verdict != .info }.count
        if passed {
            let paired = goVersionChanges.isEmpty ? ""
                : "; \(goVersionChanges.count) Go workloads paired across versions (map bytes shown, not judged)"
            return "PASS: \(checked) checks hold across \(Set(rows.map(\.workload)).count) workloads" + paired
        }
        var failures = regressions.map {
            "\($0.workload) \($0.metric)" + (Comparison.isMissing($0) ? " missing in current" : "")
        }
        failures += missingInCurrent.map { "\($0) missing" }
        return "FAIL: \(failures.count) regression(s): " + failures.joined(separator: ", ")
    }

    private var missingLines: [String] {
        var lines: [String] = []
        if !missingInCurrent.isEmpty {
            lines.append("missing in current (regression): " + missingInCurrent.joined(separator: ", "))
        }
        if !missingInBaseline.isEmpty {
            lines.append("new in current (not in baseline): " + missingInBaseline.joined(separator: ", "))
        }
        return lines
    }

    /// Plain text: aligned columns (numbers right-aligned), missing workloads, the verdict line.
    public func renderText() -> String {
        let table = [Comparison.tableHeader] + rows.map(Comparison.cells)
        var widths = Array(repeating: 0, count: Comparison.tableHeader.count)
        for line in table {
            for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let rightAligned: Set<Int> = [2, 3, 4, 5]
        var output = ""
        for line in table {
            let padded = line.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }
            output += padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        for line in missingLines { output += line + "\n" }
        for line in goVersionLines { output += line + "\n" }
        output += verdictLine + "\n"
        return output
    }

    /// Markdown for a pull-request comment: the verdict, a table of regressions (if any), missing
    /// workloads, and the full table folded in a `<details>` block.
    public func renderMarkdown() -> String {
        func escape(_ cell: String) -> String {
            cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        func table(_ rows: [ComparisonRow]) -> String {
            let header = Comparison.tableHeader
            var text = "| " + header.joined(separator: " | ") + " |\n"
            text += "|" + header.indices.map { [2, 3, 4, 5].contains($0) ? "---:|" : "---|" }.joined() + "\n"
            for row in rows {
                var cells = Comparison.cells(row).map(escape)
                if row.verdict == .regression { cells[6] = "**" + cells[6] + "**" }
                text += "| " + cells.joined(separator: " | ") + " |\n"
            }
            return text
        }
        var output = "### mapheap compare: " + (passed ? "pass" : "regression") + "\n\n"
        output += verdictLine + "\n\n"
        if !regressions.isEmpty {
            output += table(regressions) + "\n"
        }
        for line in missingLines { output += "- " + line + "\n" }
        if !missingLines.isEmpty { output += "\n" }
        for line in goVersionLines { output += line + "\n" }
        if !goVersionLines.isEmpty { output += "\n" }
        output += "<details><summary>All metrics</summary>\n\n" + table(rows) + "\n</details>\n"
        return output
    }
}
