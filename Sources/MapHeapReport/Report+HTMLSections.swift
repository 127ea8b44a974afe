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
}

/// The report's sections as blocks, built by the same code as `renderReport`'s text.
public func reportSections(_ results: ResultSet, sites: [SiteRow]? = nil, model: ReportSubject? = nil,
                           claims: ClaimsFile? = nil) -> [ReportSection] {
    var report = _Report(results, sites: sites, model: model ?? ReportSubject.studied(in: results), claims: claims)
    report.build()
    return report.sections
}
