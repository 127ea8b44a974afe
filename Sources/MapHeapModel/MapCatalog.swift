// The maps mapheap measures, by name: the one list that suites are validated against, that the
// memory estimate and the report read, and that the child's adapters and the parent's launchers are
// registered by. Every per-map decision is a property of the map's `MapKind`: its names, its role,
// the Go generation it models, how the chart draws it, the report sections it takes part in, the
// peers it is paired with, the sampler's rules and compare's. Report, Compare, Chart and Run read
// these properties and name no map. Adding a map adds one `MapKind` here (and its adapter or
// launcher elsewhere).

import MapCore

/// A map mapheap can measure: its name, its role in the report, and the rules a suite must follow.
public struct MapKind: Sendable {
    /// What a map is to the report.
    public enum Role: String, Sendable {
        /// A model of a Go map (a Swift core, or Go's own runtime): the map under study.
        case model
        /// A map the models are compared against (Swift's Dictionary and Set).
        case peer
    }

    /// Which generation of Go's map a map models (`generation(runtime:)`).
    public enum Generation: Sendable, Equatable {
        /// Always this generation (a Swift model core).
        case fixed(GoMapGeneration)
        /// The generation of the Go runtime that ran it (Go's own map: classic to Go 1.23, Swiss from 1.24).
        case byRuntime
    }

    /// How a map's line is drawn in heap-curves.svg and report.html (its colour comes from its
    /// generation: one hue per generation, others in order of appearance).
    public enum ChartDash: Sendable, Equatable {
        /// A Swift model core.
        case solid
        /// The real Go runtime.
        case dotted
        /// A peer.
        case dashed
    }

    /// A report section a map brings beyond the common ones; MapHeapReport renders each and places it.
    public enum ReportSection: String, Sendable, CaseIterable {
        /// The load factor at each doubling trigger (when the map is the one under study).
        case loadFactor
        /// Where the model differs from Go's own map (when the map is the one under study).
        case differencesFromGo
        /// The model beside the real Go runtime, workload by workload (when the map is the one under study).
        case againstGoRuntime
        /// The real Go runtimes' generations against each other (when the map is the one under study).
        case goGenerations
        /// What changed against the model of the generation it replaced (`replaces`), whenever the rows
        /// hold this map.
        case generationChanges
    }

    /// The name in suites, specs and rows (`impl`).
    public var name: String
    /// The name in running text (`GoMap`).
    public var displayName: String
    /// Model or peer.
    public var role: Role
    /// Why a value shape is refused for this map (a problem and its fix), or nil when it is accepted.
    public var refusesValue: @Sendable (Workload.ValueType) -> (problem: String, fix: String)?
    /// Why a workload's key and value types (its Go shape) are refused for this map, or nil when accepted.
    public var refusesShape: @Sendable (Workload) -> (problem: String, fix: String)?
    /// The estimated peak heap bytes of a workload of this map, before the key storage and the churn
    /// factor (Suite+Memory.swift states the rules).
    public var estimatedPeak: @Sendable (Workload) -> Double
    /// The sampler's rule for growths without curve points: it reserves a growth row per this many
    /// inserts, before the baseline (a Swiss table of 1,024 slots splits at 7/8 full into two of about
    /// 448 entries, so once the map has many tables a split comes every ~448 inserts: one per 256);
    /// nil for a map whose growths the sampler sees at sample points only.
    public var insertsPerUnsampledGrowth: Int?
    /// Whether every run seeds the map's hash at random (Go's own runtime), so that what depends on where
    /// keys land differs from run to run, and the heap holds garbage until a collection: `mapheap
    /// compare` holds those figures to a tolerance or shows them only (CompareMetric.rule(for:)).
    public var seedsHashPerRun: Bool
    /// Whether a workload of this map measured with allocation sites writes a pprof heap profile (the Go
    /// peer's `heap.pprof`) rather than folded stacks.
    public var writesHeapProfile: Bool
    /// The Go map generation the map models, or nil for a map that models none (Swift's peers).
    public var generation: Generation?
    /// For a Swift model core, the Go release whose rules it follows when a suite names none (the rules it
    /// followed before releases could be named, so no existing suite's figures move); nil for the others.
    public var defaultRelease: String?
    /// Whether this is Go's own map in a real Go runtime (the Go peer): its rows are told apart by their
    /// `runtime` (`go1.23.9`), which its chart label shows; the report sets it beside the models, across
    /// Go versions and, where the run has it, prefers it as the measure of a shape's bytes.
    public var isGoRuntime: Bool
    /// The line's dash in the charts.
    public var chartDash: ChartDash
    /// The report sections the map takes part in beyond the common ones, in report order.
    public var reportSections: [ReportSection]
    /// The `name` of the model of the generation this map replaced (`generationChanges` pairs the two),
    /// or nil.
    public var replaces: String?
    /// The `name` of the map that stores this map's keys with empty values (a map with values whose
    /// empty-valued peer is another map), or nil: "What an empty value saves" pairs the two.
    public var emptyValueCounterpart: String?
    /// Whether every row of this map has empty values (a set): its rows are compared with the model's
    /// of any value type.
    public var holdsOnlyEmptyValues: Bool

    /// Creates a catalog entry.
    public init(name: String, displayName: String, role: Role,
                refusesValue: @escaping @Sendable (Workload.ValueType) -> (problem: String, fix: String)?
                    = { _ in nil },
                refusesShape: @escaping @Sendable (Workload) -> (problem: String, fix: String)? = { _ in nil },
                insertsPerUnsampledGrowth: Int? = nil, seedsHashPerRun: Bool = false,
                writesHeapProfile: Bool = false, generation: Generation? = nil, defaultRelease: String? = nil,
                isGoRuntime: Bool = false,
                chartDash: ChartDash? = nil, reportSections: [ReportSection] = [], replaces: String? = nil,
                emptyValueCounterpart: String? = nil, holdsOnlyEmptyValues: Bool = false,
                estimatedPeak: @escaping @Sendable (Workload) -> Double) {
        self.name = name
        self.displayName = displayName
        self.role = role
        self.refusesValue = refusesValue
        self.refusesShape = refusesShape
        self.insertsPerUnsampledGrowth = insertsPerUnsampledGrowth
        self.seedsHashPerRun = seedsHashPerRun
        self.writesHeapProfile = writesHeapProfile
        self.generation = generation
        self.defaultRelease = defaultRelease
        self.isGoRuntime = isGoRuntime
        self.chartDash = chartDash ?? (role == .model ? .solid : .dashed)
        self.reportSections = reportSections
        self.replaces = replaces
        self.emptyValueCounterpart = emptyValueCounterpart
        self.holdsOnlyEmptyValues = holdsOnlyEmptyValues
        self.estimatedPeak = estimatedPeak
    }

    /// The generation of Go's map a row of this map measured, given the row's `runtime` (`go1.27.3`), or
    /// nil for a map that models none. A runtime that does not read as `goMAJOR.MINOR` counts as Swiss
    /// (the newer generation).
    public func generation(runtime: String) -> GoMapGeneration? {
        switch generation {
        case .fixed(let generation)?: return generation
        case .byRuntime?:
            // The release and experiment it ran (`go1.24.11+noswissmap` builds the classic map).
            return GoRulesRelease(runtime: runtime)?.generation ?? .swiss
        case nil: return nil
        }
    }

    /// The name in a chart legend: the display name, with the Go version for Go's own map (`Go 1.27.3`)
    /// and the release for a model that follows another than its default (`GoMap go1.21.13`).
    public func label(runtime: String) -> String {
        if isGoRuntime {
            return displayName + " " + (runtime.hasPrefix("go") ? String(runtime.dropFirst(2)) : runtime)
        }
        // A model following another release than its default says which (`GoMap go1.21.13`).
        if let defaultRelease, let rules = GoRulesRelease(runtime: runtime),
           rules != GoRulesRelease(version: defaultRelease) {
            return displayName + " " + rules.label
        }
        return displayName
    }

    /// The `Workload.Impl` of this map.
    public var impl: Workload.Impl { Workload.Impl(catalogName: name) }
}

/// Every map mapheap knows.
public enum MapCatalog {
    /// The maps, in the order the report lists them. REGISTRATION POINT: a new map core (SwissMap:
    /// `impl` "swissmap") or an out-of-process peer (the Go runtime: `impl` "go") adds its entry here.
    public static let all: [MapKind] = [.gomap, .swissmap, .go, .dictionary, .set]

    /// The models (maps under study) among `all`.
    public static var models: [MapKind] { all.filter { $0.role == .model } }

    /// The map a row's `impl` names, or nil when the catalog does not know it.
    public static func kind(named name: String) -> MapKind? { all.first { $0.name == name } }

    /// The Swift model core of a Go map generation (`mapheap size --verify` measures it), or nil.
    public static func model(of generation: GoMapGeneration) -> MapKind? {
        models.first { !$0.isGoRuntime && $0.generation == .fixed(generation) }
    }

    /// Go's own map in a real Go runtime, or nil when the catalog has none.
    public static var goRuntime: MapKind? { all.first(where: \.isGoRuntime) }
}

extension MapKind {
    /// Swift's Dictionary and Set store Swift types, not Go layouts: a Go shape would measure a stand-in.
    static func swiftRefusesShape(_ workload: Workload) -> (problem: String, fix: String)? {
        workload.hasAliasShape ? nil
            : ("\(workload.goMapType) for impl \(workload.impl): Swift's hashed collections store Swift types, not "
                + "Go's layout, so their bytes would not be this shape's",
               "use impl go for Go shapes, or an alias key (int64, string, string-long) and value")
    }

    /// GoMap: Go's classic bucket map (Go 1.0 to 1.23), rebuilt in Swift.
    public static let gomap = MapKind(
        name: "gomap", displayName: "GoMap", role: .model, generation: .fixed(.classic), defaultRelease: "1.23.9",
        reportSections: [.loadFactor, .differencesFromGo, .againstGoRuntime, .goGenerations]
    ) { workload in
        Workload.goMapPeak(keys: workload.keys, hint: workload.hint, keySlot: workload.keySlot,
                           valueSlot: workload.valueSlot)
    }

    /// SwissMap: Go's Swiss-table map (Go 1.24 and later), rebuilt in Swift.
    public static let swissmap = MapKind(
        name: "swissmap", displayName: "SwissMap", role: .model, insertsPerUnsampledGrowth: 256,
        generation: .fixed(.swiss), defaultRelease: "1.27.3", reportSections: [.generationChanges],
        replaces: "gomap"
    ) { workload in
        Workload.swissMapPeak(keys: workload.keys, hint: workload.hint, keySlot: workload.keySlot,
                              valueSlot: workload.valueSlot)
    }

    /// Go's own map, measured in a real Go runtime by the Go peer (Sources/go-peer/): the classic bucket map
    /// up to Go 1.23, the Swiss table from Go 1.24. Estimated as GoMap's peak for the classic map and twice
    /// that for the Swiss one (about 1.5 times the bytes at 10M keys), with room for the garbage the Go heap
    /// holds until its collector runs (× 2), and the string keys' own heap blocks.
    public static let go = MapKind(
        name: "go", displayName: "Go", role: .model, seedsHashPerRun: true, writesHeapProfile: true,
        generation: .byRuntime, isGoRuntime: true, chartDash: .dotted
    ) { workload in
        let classic = Workload.goMapPeak(keys: workload.keys, hint: workload.hint, keySlot: workload.keySlot,
                                         valueSlot: workload.valueSlot)
        let swiss = GoRelease.named(workload.goVersion)?.generation(experiment: workload.goExperiment) != .classic
        let keyBlocks = workload.key.recipe == .string || workload.key.recipe == .stringLong
            ? 32 * Double(workload.keys) : 0
        return (swiss ? 2 : 1) * classic * 2 + keyBlocks
    }

    /// Swift's Dictionary with a constant value.
    public static let dictionary = MapKind(
        name: "dictionary", displayName: "Dictionary", role: .peer,
        refusesValue: { value in
            value.isEmpty
                ? ("impl dictionary with empty values is Swift's Set", "use \"impl\": \"set\" for empty values")
                : nil
        },
        refusesShape: swiftRefusesShape,
        emptyValueCounterpart: "set",
        estimatedPeak: { workload in
            Workload.swiftHashedPeak(keys: workload.keys, hint: workload.hint, keyStride: workload.keySlot,
                                     valueStride: workload.valueSlot)
        })

    /// Swift's Set: the peer of a map with empty values.
    public static let set = MapKind(
        name: "set", displayName: "Set", role: .peer,
        refusesValue: { value in
            value.isEmpty
                ? nil
                : ("impl set has no values, so value must be \"empty\"",
                   "use \"value\": \"empty\", or impl dictionary for \(value.rawValue) values")
        },
        refusesShape: swiftRefusesShape,
        holdsOnlyEmptyValues: true,
        estimatedPeak: { workload in
            Workload.swiftHashedPeak(keys: workload.keys, hint: workload.hint, keyStride: workload.keySlot,
                                     valueStride: workload.valueSlot)
        })
}

extension Workload.Impl {
    /// GoMap, the rebuild of Go's classic bucket map.
    public static let gomap = MapKind.gomap.impl
    /// SwissMap, the rebuild of Go's Swiss-table map (Go 1.24+).
    public static let swissmap = MapKind.swissmap.impl
    /// Swift's `Dictionary`.
    public static let dictionary = MapKind.dictionary.impl
    /// Swift's `Set` (the peer of a map with empty values).
    public static let set = MapKind.set.impl
    /// Go's own runtime map, measured by the Go peer (Sources/go-peer/).
    public static let go = MapKind.go.impl
}
