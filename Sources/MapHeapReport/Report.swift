// report.txt: the questions people ask about map memory, each answered with a figure from the rows.
//
// Every number printed here is read from a `ResultSet` row, or computed from such numbers and then
// labelled "derived" (differences, percentages, ratios, the load factor check). Nothing is typed in.
// When an answer needs a pair of workloads and one of them is absent, or did not finish with status
// `ok`, the section names what is missing instead of printing a number.
//
// The report is about one map under study (`ReportSubject`, a model core): its workloads against
// the peers', its growths, and the sections its catalog entry brings (`MapKind.reportSections`: for
// the classic map's model, the load factor at each trigger and where it differs from Go). Nothing here
// names a map: what differs per map is a `MapKind` property. Sections are numbered by their order: the
// common ones (suite, workloads, presizing, empty values, the model against its peers, then the
// sections of every map the rows hold that brings one whenever present, such as a Swiss model against
// the classic one it replaced, growths), the model's rule sections, churn, the model's closing
// sections and, only for runs with --alloc-sites, the top allocation sites. Workloads are identified
// by their row fields, never by parsing names.
import MapCore
import MapHeapModel

/// Widest line of a table in report.txt: a wider table is split into parts that fit.
public let reportTableWidth = 120

/// Renders `report.txt` from a result set: aligned plain-text tables, one section per question, about
/// `model` (by default the first model core in the rows); with a "Top allocation sites" section when
/// `sites` is not nil. Tables wider than `tableWidth` columns are split into parts that fit (nil: never).
public func renderReport(_ results: ResultSet, sites: [SiteRow]? = nil, model: ReportSubject? = nil,
                         claims: ClaimsFile? = nil, tableWidth: Int? = reportTableWidth) -> String {
    var report = _Report(results, sites: sites, model: model ?? ReportSubject.studied(in: results), claims: claims)
    report.tableWidth = tableWidth
    report.build()
    return report.lines.joined(separator: "\n") + "\n"
}

/// The text of one report, built section by section.
struct _Report {
    /// Widest line of running text (tables may be wider).
    static let textWidth = 100

    /// The rows every section reads: the run's, less its timed twins (`timedTwins`), so that no figure
    /// (ns/insert above all) comes from a workload slowed by timing every insert when an untimed copy
    /// of it ran.
    let results: ResultSet
    /// The run's rows as read, timed twins included: for the suite's counts, the claims (which select
    /// timed rows by their `latency` column) and "The longest insert".
    let allResults: ResultSet
    /// Workloads timed per insert (`insert_max_ns` set) beside an untimed workload of the same map,
    /// runtime, key, value, sizing, hint, ops and keys: read only by "The longest insert".
    let timedTwins: [SummaryRow]
    /// Summary rows with status `ok`, in suite order: the only rows answers are computed from.
    let okRows: [SummaryRow]
    /// Summary rows with any other status, in suite order.
    let failedRows: [SummaryRow]
    /// Key types present, `int64` and `string` first.
    let keyTypes: [String]
    /// The report so far.
    var lines: [String] = []
    /// Allocation sites (`mapheap run --alloc-sites`), or nil when the run did not record them.
    let sites: [SiteRow]?
    /// The map under study.
    let model: ReportSubject
    /// The claims the first section settles, or nil when the run had no claims file.
    let claims: ClaimsFile?
    /// The number of the last section begun.
    var sectionNumber = 0
    /// The same sections as structured blocks (Report+HTMLSections.swift), which report.html renders: each
    /// helper below appends its lines and its block together, so both files show the same content.
    var sections: [ReportSection] = []
    /// How many of `lines` the blocks of `sections` already account for.
    var recordedLineCount = 0
    /// Tables wider than this are split into parts that fit; nil: never split.
    var tableWidth: Int? = reportTableWidth

    init(_ results: ResultSet, sites: [SiteRow]? = nil, model: ReportSubject, claims: ClaimsFile? = nil) {
        let twins = _Report.timedTwins(in: results.summary)
        let twinNames = Set(twins.map(\.workload))
        var untimed = results
        untimed.summary.removeAll { twinNames.contains($0.workload) }
        self.results = untimed
        allResults = results
        timedTwins = twins
        self.sites = sites
        self.model = model
        self.claims = claims
        okRows = untimed.summary.filter(\._isOK)
        failedRows = results.summary.filter { !$0._isOK }
        keyTypes = _ReportOrder.keyTypes(in: untimed.summary)
    }

    /// The timed twins among `rows`: each row timed per insert for which an untimed row of the same
    /// map, runtime, key, value, sizing, hint, ops and keys exists. (An untimed workload that never
    /// reported has no runtime, so its timed copy is no twin and stands in for it.)
    static func timedTwins(in rows: [SummaryRow]) -> [SummaryRow] {
        struct Shape: Hashable {
            var impl: Workload.Impl
            var runtime, keyType, valueType: String
            var sizing: Workload.Sizing
            var ops: Workload.Ops
            var hint, keys: Int
            init(_ row: SummaryRow) {
                (impl, runtime, keyType, valueType, sizing, ops) = (row.impl, row.runtime, row.keyType, row.valueType,
                                                                    row.sizing, row.ops)
                (hint, keys) = (row.hint, row.keys)
            }
        }
        let untimed = Set(rows.filter { $0.insertMaxNanoseconds == nil }.map(Shape.init))
        return rows.filter { $0.insertMaxNanoseconds != nil && untimed.contains(Shape($0)) }
    }

    /// The sections in order; each begins with `heading`, which numbers it.
    mutating func build() {
        lines += ["mapheap report", "=============="]
        claimsSection()
        header()
        workloadTables()
        presizing()
        emptyValue()
        modelAgainstPeers()
        for kind in MapCatalog.all where results.summary.contains(where: { $0.impl == kind.impl }) {
            for section in ReportSubject(kind).sections(at: .whenPresent) { section.render(&self, for: kind) }
        }
        growths()
        entryBytes()
        for section in model.sections(at: .rules) { section.render(&self, for: model.impl.kind) }
        churn()
        acrossGoVersions()
        longestInsert()
        for section in model.sections(at: .closing) { section.render(&self, for: model.impl.kind) }
        if sites != nil { allocationSites() }
        recordRawLines()
    }

    // MARK: Output helpers

    /// Begins the next section: its number comes from the order of the sections, never typed.
    mutating func heading(_ title: String) {
        recordRawLines()
        sectionNumber += 1
        let text = "\(sectionNumber). \(title)"
        lines += ["", "", text, String(repeating: "=", count: text.count)]
        sections.append(ReportSection(number: sectionNumber, title: title))
        recordedLineCount = lines.count
    }

    mutating func subheading(_ title: String) {
        recordRawLines()
        lines += ["", title]
        record(.subheading(title))
    }

    /// Running text, wrapped at `textWidth`, each line indented by `indent` spaces.
    mutating func text(_ paragraph: String, indent: Int = 2, hanging: Int = 0) {
        recordRawLines()
        lines += _Report.wrap(paragraph, width: _Report.textWidth, indent: indent, hanging: hanging)
        record(.text(paragraph))
    }

    /// A list item ("- " then wrapped text aligned under its first word).
    mutating func item(_ paragraph: String) {
        recordRawLines()
        lines += _Report.wrap("- " + paragraph, width: _Report.textWidth, indent: 2, hanging: 2)
        record(.item(paragraph))
    }

    mutating func blank() {
        lines.append("")
        if recordedLineCount == lines.count - 1 { recordedLineCount = lines.count }
    }

    /// A table; one wider than `tableWidth` is split into parts that fit, each repeating the first column.
    mutating func table(_ table: TextTable) {
        recordRawLines()
        lines += tableWidth.map { table.lines(indent: 2, maxWidth: $0) } ?? table.lines(indent: 2)
        record(.table(table))
    }


    /// Appends `block` to the current section and marks the lines so far as accounted for.
    mutating func record(_ block: ReportBlock) {
        if !sections.isEmpty { sections[sections.count - 1].blocks.append(block) }
        recordedLineCount = lines.count
    }

    /// Lines a section appended without a helper (the claims section's), kept as preformatted text.
    mutating func recordRawLines() {
        guard lines.count > recordedLineCount else { return }
        let raw = Array(lines[recordedLineCount...])
        if raw.contains(where: { !$0.isEmpty }) { record(.preformatted(raw)) }
        recordedLineCount = lines.count
    }

    static func wrap(_ paragraph: String, width: Int, indent: Int, hanging: Int) -> [String] {
        var result: [String] = []
        var current = String(repeating: " ", count: indent)
        var currentHasWord = false
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
            if currentHasWord && current.count + 1 + word.count > width {
                result.append(current)
                current = String(repeating: " ", count: indent + hanging)
                currentHasWord = false
            }
            current += (currentHasWord ? " " : "") + word
            currentHasWord = true
        }
        if currentHasWord { result.append(current) }
        return result
    }

    // MARK: Names in prose, from the catalog

    /// The display names of the catalog's peers for running text: `Dictionary and Set`.
    static var peerNames: String {
        MapCatalog.all.filter { $0.role == .peer }.map(\.displayName).joined(separator: " and ")
    }

    /// The display name of the Swift model core of `generation` for running text (`MapKind.displayName`).
    static func modelName(_ generation: GoMapGeneration) -> String {
        MapCatalog.model(of: generation)?.displayName ?? "the \(generation) model"
    }

    /// The first map with values and its empty-valued counterpart (`MapKind.emptyValueCounterpart`), by display
    /// name: (`Dictionary`, `Set`).
    static var emptyValuePair: (values: String, empty: String) {
        for kind in MapCatalog.all {
            if let counterpart = kind.emptyValueCounterpart.flatMap(MapCatalog.kind(named:)) {
                return (kind.displayName, counterpart.displayName)
            }
        }
        return ("a map", "its set")
    }

    /// What a table shows for a time per lookup a row does not have.
    static let notMeasured = "not measured"

    /// `numerator`'s time per lookup over `denominator`'s (derived), or `not measured` when either has none.
    static func lookupRatio(_ numerator: SummaryRow, _ denominator: SummaryRow) -> String {
        guard let top = numerator.nsPerLookup, let bottom = denominator.nsPerLookup else { return notMeasured }
        return _Format.ratio(top, bottom)
    }

    /// The sentence a section with ns/lookup columns says about them.
    static let lookupSentence = "ns/lookup is the time per lookup of live keys looked up after the operations "
        + "(up to \(_Format.int(Workload.maximumLookups)), spread evenly over the live keys; derived); "
        + "\"not measured\" marks rows written "
        + "before lookups were timed."

    // MARK: Lookups

    /// The first insert workload with these fields, whatever its status.
    func insertRow(impl: Workload.Impl, keyType: String, valueType: String, sizing: Workload.Sizing) -> SummaryRow? {
        results.summary.first {
            $0.ops == .insert && $0.impl == impl && $0.keyType == keyType && $0.valueType == valueType
                && $0.sizing == sizing
        }
    }

    /// Why a pair member cannot be used, or nil when it can: absent, or present with a bad status.
    func unusable(_ row: SummaryRow?, described description: String) -> String? {
        guard let row else { return "no \(description) workload" }
        return row._isOK ? nil : row._statusText
    }

    /// The insert rows of two maps for one key type and sizing (each map with its value type), or why they
    /// cannot be set side by side: each missing or failed member named ("no gomap int64/bool unsized insert
    /// workload").
    func insertPair(_ first: (impl: Workload.Impl, valueType: String),
                    _ second: (impl: Workload.Impl, valueType: String),
                    keyType: String, sizing: Workload.Sizing) -> Result<(SummaryRow, SummaryRow), _MissingPair> {
        let rows = [first, second].map {
            insertRow(impl: $0.impl, keyType: keyType, valueType: $0.valueType, sizing: sizing)
        }
        let problems = zip([first, second], rows).compactMap { member, row in
            unusable(row, described: "\(member.impl) \(keyType)/\(member.valueType) \(sizing) insert")
        }
        guard problems.isEmpty, let old = rows[0], let new = rows[1] else {
            return .failure(_MissingPair(reason: problems.joined(separator: ", ")))
        }
        return .success((old, new))
    }

    func curve(of workload: String) -> [CurveRow] {
        results.curve.filter { $0.workload == workload }
    }

    func growthRows(of workload: String) -> [GrowthRow] {
        results.growth.filter { $0.workload == workload }
    }
}

extension SummaryRow {
    /// Whether the workload finished normally (only such rows feed the answers).
    var _isOK: Bool { status == .ok }

    /// Whether the row is Go's own map, measured in a real Go runtime (`MapKind.isGoRuntime`).
    var _isGoRuntime: Bool { impl.kind.isGoRuntime }

    /// `gomap-x is crashed`: why a row with another status than ok is left out.
    var _statusText: String { "\(workload) is \(status)" }

    /// The sizing, followed by the operation mix unless it is insert-only: `unsized churn`.
    var _sizingLabel: String { ops == .insert ? sizing.rawValue : "\(sizing) \(ops)" }

    /// `gomap int64/bool`: the map, key and value, for labels.
    var _mapLabel: String { "\(impl) \(keyType)/\(valueType)" }

    /// All growths, of every kind.
    var _allGrowths: Int { growths.total }

    /// The time per lookup for a table cell: `not measured` where the row has none (written before
    /// lookups were timed, or it looked nothing up), never 0.
    var _nsPerLookupText: String { nsPerLookup.map { _Format.fixed($0, 1) } ?? _Report.notMeasured }

    /// `15 doubling`, `13 doubling + 2 same-size`, `0`: the growths by kind, for tables.
    var _growthsText: String {
        let parts = GrowthKind.allCases.filter { growths[$0] > 0 }.map { "\(growths[$0]) \($0.rawValue)" }
        return parts.isEmpty ? "0" : parts.joined(separator: " + ")
    }
}

/// The order in which key types, sizings and workloads appear in the report and the chart.
enum _ReportOrder {
    /// Key types the report always lists first, in this order.
    static let preferredKeyTypes = ["int64", "string"]

    /// The distinct key types of `rows`: `int64`, `string`, then any others in suite order.
    static func keyTypes(in rows: [SummaryRow]) -> [String] {
        ordered(rows.map(\.keyType), preferred: preferredKeyTypes)
    }

    /// The distinct sizings of `rows` in reading order: `unsized`, `presized`, `hint`.
    static func sizings(in rows: [SummaryRow]) -> [Workload.Sizing] {
        ordered(rows.map(\.sizing), preferred: Workload.Sizing.allCases)
    }

    /// Distinct values, the preferred ones first in their order, then the rest as they come.
    static func ordered<Value: Hashable>(_ values: [Value], preferred: [Value]) -> [Value] {
        var seen = Set<Value>()
        let distinct = values.filter { seen.insert($0).inserted }
        return preferred.filter(seen.contains) + distinct.filter { !preferred.contains($0) }
    }
}

/// Why a pair of rows cannot be set side by side (`_Report.insertPair`).
struct _MissingPair: Error {
    /// Each missing or failed member, joined by commas.
    var reason: String
}
