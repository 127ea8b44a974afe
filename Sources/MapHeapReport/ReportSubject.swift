// The map a report studies: a model core, and the sections its catalog entry brings.
import MapHeapModel

/// The map under study in a report and a chart: a model core (`MapKind.Role.model`) against its peers.
///
/// The common sections work for any model; a map's catalog entry (`MapKind.reportSections`) names the
/// sections it adds, and `MapKind.ReportSection.placement` and `render` below say where each goes and
/// which function writes it (one `Report+<Section>.swift` each).
public struct ReportSubject: Sendable {
    /// The model's `impl`.
    public var impl: Workload.Impl
    /// The model's name in running text (`MapKind.displayName`).
    public var displayName: String
    /// The sections beyond the common ones, in report order.
    var sections: [MapKind.ReportSection]

    /// A subject with only the common sections.
    public init(impl: Workload.Impl, displayName: String) {
        self.impl = impl
        self.displayName = displayName
        sections = []
    }

    /// The subject of a map: its display name and its sections, as the catalog states them.
    public init(_ kind: MapKind) {
        impl = kind.impl
        displayName = kind.displayName
        sections = kind.reportSections
    }

    /// The sections of this subject that go at `placement`, in order.
    func sections(at placement: MapKind.ReportSection.Placement) -> [MapKind.ReportSection] {
        sections.filter { $0.placement == placement }
    }

    /// The maps whose catalog entries bring sections of their own, in catalog order.
    public static var all: [ReportSubject] {
        MapCatalog.all.filter { !$0.reportSections.isEmpty }.map(ReportSubject.init)
    }

    /// The subject for `impl`, as the catalog states it.
    public static func named(_ impl: Workload.Impl) -> ReportSubject { ReportSubject(impl.kind) }

    /// The model the rows are about: the first model core among the summary rows, else the catalog's first
    /// model.
    public static func studied(in results: ResultSet) -> ReportSubject {
        let first = results.summary.first { $0.impl.kind.role == .model }?.impl ?? MapCatalog.models[0].impl
        return named(first)
    }
}

extension MapKind.ReportSection {
    /// Where a section goes in the report.
    enum Placement: Sendable {
        /// After the growths, when its map is the one under study: the checks of the model's own rules.
        case rules
        /// After churn and the longest insert, when its map is the one under study.
        case closing
        /// After the comparison with the peers whenever the rows hold its map, whichever map is studied.
        case whenPresent
    }

    /// Where the section goes.
    var placement: Placement {
        switch self {
        case .loadFactor: return .rules
        case .differencesFromGo, .againstGoRuntime, .goGenerations: return .closing
        case .generationChanges: return .whenPresent
        }
    }

    /// Writes the section for the map `kind` into `report`.
    func render(_ report: inout _Report, for kind: MapKind) {
        switch self {
        case .loadFactor: report.loadFactor()
        case .differencesFromGo: report.differencesFromGo()
        case .againstGoRuntime: report.modelAgainstGoRuntime()
        case .goGenerations: report.goGenerations()
        case .generationChanges: report.generationChanges(of: kind)
        }
    }
}
