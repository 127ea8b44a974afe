// Aligned plain-text tables: the one table helper behind every section of report.txt.
//
// Columns are left- or right-aligned (numbers right), separated by two spaces, with a rule of
// dashes under the header. Width is measured in characters (grapheme clusters), so "—" and "→"
// count as one column, as they do in a monospaced terminal.
import MapHeapModel

/// A plain-text table with aligned columns, rendered as lines of text.
public struct TextTable: Sendable {
    /// How a column's cells line up.
    public enum Alignment: Sendable {
        /// Text flush with the column's left edge.
        case left
        /// Text flush with the column's right edge (for numbers).
        case right
    }

    /// One column: its header and its alignment.
    public struct Column: Sendable {
        /// The header text.
        public var title: String
        /// How the header and the cells line up.
        public var alignment: Alignment

        /// A column with the given header and alignment.
        public init(_ title: String, _ alignment: Alignment) {
            self.title = title
            self.alignment = alignment
        }

        /// A left-aligned column (for names and words).
        public static func left(_ title: String) -> Column { Column(title, .left) }

        /// A right-aligned column (for numbers).
        public static func right(_ title: String) -> Column { Column(title, .right) }
    }

    /// The columns, left to right.
    public private(set) var columns: [Column]
    /// The rows added so far, each with one cell per column.
    public private(set) var rows: [[String]] = []

    /// An empty table with the given columns.
    public init(_ columns: [Column]) {
        precondition(!columns.isEmpty, "a table needs at least one column")
        self.columns = columns
    }

    /// Appends a row; it must have exactly one cell per column.
    public mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "row has \(cells.count) cells, table has \(columns.count) columns")
        rows.append(cells)
    }

    /// The table as lines (header, rule, rows), each prefixed with `indent` spaces, trailing spaces removed.
    public func lines(indent: Int = 2) -> [String] {
        var widths = columns.map { $0.title.count }
        for row in rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        let prefix = String(repeating: " ", count: indent)
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let fill = String(repeating: " ", count: widths[index] - cell.count)
                return columns[index].alignment == .right ? fill + cell : cell + fill
            }
            return prefix + String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        var result = [line(columns.map(\.title))]
        result.append(prefix + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        result += rows.map(line)
        return result
    }

    /// The table as lines no wider than `maxWidth` (indent included) where it can be: a wider table is
    /// split into parts of whole columns, each part repeating the first column (the row's name) and
    /// separated by a blank line; a part still too wide whose last column is left-aligned text has
    /// that column's long cells wrapped at spaces onto lines of their own below the row.
    public func lines(indent: Int, maxWidth: Int) -> [String] {
        let full = lines(indent: indent)
        guard full.contains(where: { $0.count > maxWidth }) else { return full }
        guard columns.count > 2 else { return wrappingLastColumn(indent: indent, maxWidth: maxWidth) }
        var widths = columns.map { $0.title.count }
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var parts: [[Int]] = []
        var current: [Int] = []
        var used = indent + widths[0]
        for index in 1..<columns.count {
            if !current.isEmpty && used + 2 + widths[index] > maxWidth {
                parts.append(current)
                current = []
                used = indent + widths[0]
            }
            current.append(index)
            used += 2 + widths[index]
        }
        if !current.isEmpty { parts.append(current) }
        var result: [String] = []
        for (number, part) in parts.enumerated() {
            let picked = [0] + part
            var table = TextTable(picked.map { columns[$0] })
            for row in rows { table.append(picked.map { row[$0] }) }
            if number > 0 { result.append("") }
            result += table.wrappingLastColumn(indent: indent, maxWidth: maxWidth)
        }
        return result
    }

    /// The lines with the last column's cells wrapped at spaces to fit `maxWidth`, when that column is
    /// left-aligned and at least 20 characters remain for it; otherwise the lines as they are.
    func wrappingLastColumn(indent: Int, maxWidth: Int) -> [String] {
        let last = columns.count - 1
        var widths = columns.map { $0.title.count }
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let room = maxWidth - indent - widths[..<last].reduce(0, +) - 2 * last
        guard columns[last].alignment == .left, room >= 20, widths[last] > room else { return lines(indent: indent) }
        var table = TextTable(columns)
        for row in rows {
            let pieces = _Report.wrap(row[last], width: room, indent: 0, hanging: 0)
            for (index, piece) in (pieces.isEmpty ? [""] : pieces).enumerated() {
                table.append(index == 0 ? Array(row[..<last]) + [piece]
                                        : Array(repeating: "", count: last) + [piece])
            }
        }
        return table.lines(indent: indent)
    }
}
