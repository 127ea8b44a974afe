// The map a report studies: a model core, and the sections only that model has.
import MapHeapModel

/// The map under study in a report and a chart: a model core (`MapKind.Role.model`) against its peers.
///
/// The common sections work for any model; a model adds the sections that check its own rules.
/// REGISTRATION POINT: a new model core (SwissMap, the Go runtime) adds its subject to `all`, with
/// its rule sections in a `Report+<Model>.swift` of its own, as GoMap's are in Report+Growth.swift
/// and Report+Churn.swift.
public struct ReportSubject: Sendable {
    /// The model's `impl` (`gomap`).
    public var impl: String
    /// The model's name in running text (`GoMap`).
    public var displayName: String
    /// Sections after the growths that check the model's own rules.
    var ruleSections: [@Sendable (inout _Report) -> Void]
    /// Sections after churn (for instance: where the model differs from the map it rebuilds).
    var closingSections: [@Sendable (inout _Report) -> Void]
    /// Sections after the comparison with the peers whenever the rows hold this model, whichever model
    /// the report studies (for instance: SwissMap against the classic map it replaced).
    var presentSections: [@Sendable (inout _Report) -> Void]

    /// A subject with only the common sections.
    public init(impl: String, displayName: String) {
        self.impl = impl
        self.displayName = displayName
        ruleSections = []
        closingSections = []
        presentSections = []
    }

    init(impl: String, displayName: String, ruleSections: [@Sendable (inout _Report) -> Void] = [],
         closingSections: [@Sendable (inout _Report) -> Void] = [],
         presentSections: [@Sendable (inout _Report) -> Void] = []) {
        self.impl = impl
        self.displayName = displayName
        self.ruleSections = ruleSections
        self.closingSections = closingSections
        self.presentSections = presentSections
    }

    /// GoMap: Go's classic bucket map. Its rules: the load factor at each doubling trigger; and where
    /// the rebuild differs from Go.
    public static let gomap = ReportSubject(
        impl: MapKind.gomap.name, displayName: MapKind.gomap.displayName,
        ruleSections: [{ $0.loadFactor() }],
        closingSections: [{ $0.differencesFromGo() }, { $0.modelAgainstGoRuntime() }, { $0.goGenerations() }])

    /// SwissMap: Go's Swiss-table map. Whenever the rows hold it: what changed against the classic map.
    public static let swissmap = ReportSubject(
        impl: MapKind.swissmap.name, displayName: MapKind.swissmap.displayName,
        presentSections: [{ $0.swissMapChanges() }])

    /// The subjects with sections of their own.
    public static let all: [ReportSubject] = [.gomap, .swissmap]

    /// The subject for `impl`: a registered one, or one with the common sections only (named by the
    /// catalog when it knows the map).
    public static func named(_ impl: String) -> ReportSubject {
        if let subject = all.first(where: { $0.impl == impl }) { return subject }
        let name = MapCatalog.all.first(where: { $0.name == impl })?.displayName ?? impl
        return ReportSubject(impl: impl, displayName: name)
    }

    /// The model the rows are about: the first model core among the summary rows, else GoMap.
    public static func studied(in results: ResultSet) -> ReportSubject {
        let models = Set(MapCatalog.models.map(\.name))
        return results.summary.first(where: { models.contains($0.impl) }).map { named($0.impl) } ?? .gomap
    }
}
