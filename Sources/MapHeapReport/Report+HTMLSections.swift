// The sections of report.txt as structured blocks: report.txt prints them as lines, report.html as
// headings, paragraphs, lists and sortable tables. A section (any section, including ones added
// later) is built once through `_Report`'s helpers (heading, text, item, subheading, table), which
// append its lines and its blocks together, so a new section shows in both files with no HTML code.
import MapHeapModel

/// One numbered section of the report, as blocks.
public struct ReportSection: Sendable {
    /// The section's number, from its order in the report.
    public var number: Int
    /// The title, without its number.
    public var title: String
    /// What the section says, in order.
    public var blocks: [ReportBlock] = []

    /// An empty section.
    public init(number: Int, title: String) {
        self.number = number
        self.title = title
    }
}

/// One piece of a section.
public enum ReportBlock: Sendable {
    /// A paragraph of running text.
    case text(String)
    /// A list item.
    case item(String)
    /// A subheading inside the section.
    case subheading(String)
    /// A table (report.txt splits a wide one; report.html shows it whole and sortable).
    case table(TextTable)
    /// Lines a section wrote without a helper, kept as they are.
    case preformatted([String])
    /// A table's rows drawn as stacked bars (report.html only; report.txt has the table).
    case bars(StackedBars)
}

/// The rows of a table drawn as stacked bars: one bar per row, stacked from some of its cells. The
/// figures are the table's cells as printed, so the bars and the table cannot disagree.
public struct StackedBars: Sendable {
    /// One bar: its label and its parts' figures, as the table prints them.
    public struct Bar: Sendable {
        /// The row's label cells, joined by " · ".
        public var label: String
        /// The cells of the part columns, in stacking order.
        public var values: [String]
        /// The cell of the total column.
        public var total: String
    }

    /// The value axis' title.
    public var axis: String
    /// The parts' names: the part columns' titles.
    public var parts: [String]
    /// One bar per table row, in the table's order.
    public var bars: [Bar]

    /// The bars of `table`'s rows: labelled by the cells of `labelColumns`, stacked from the cells of
    /// `partColumns`, with the cell of `totalColumn` as each bar's total.
    public init(_ table: TextTable, labelColumns: [Int], partColumns: Range<Int>, totalColumn: Int,
                axis: String) {
        self.axis = axis
        parts = partColumns.map { table.columns[$0].title }
        bars = table.rows.map { row in
            Bar(label: labelColumns.map { row[$0] }.joined(separator: " · "), values: partColumns.map { row[$0] },
                total: row[totalColumn])
        }
    }
}

/// The report's sections as blocks, built by the same code as `renderReport`'s text.
public func reportSections(_ results: ResultSet, sites: [SiteRow]? = nil, model: ReportSubject? = nil,
                           claims: ClaimsFile? = nil) -> [ReportSection] {
    var report = _Report(results, sites: sites, model: model ?? ReportSubject.studied(in: results), claims: claims)
    report.build()
    return report.sections
}
