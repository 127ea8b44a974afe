// The maps mapheap measures, by name: the one list that suites are validated against, that the
// memory estimate and the report read, and that the child's adapters and the parent's launchers are
// registered by. Adding a map adds one `MapKind` here (and its adapter or launcher elsewhere).

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

    /// Creates a catalog entry.
    public init(name: String, displayName: String, role: Role,
                refusesValue: @escaping @Sendable (Workload.ValueType) -> (problem: String, fix: String)?
                    = { _ in nil },
                refusesShape: @escaping @Sendable (Workload) -> (problem: String, fix: String)? = { _ in nil },
                insertsPerUnsampledGrowth: Int? = nil, seedsHashPerRun: Bool = false,
                writesHeapProfile: Bool = false,
                estimatedPeak: @escaping @Sendable (Workload) -> Double) {
        self.name = name
        self.displayName = displayName
        self.role = role
        self.refusesValue = refusesValue
        self.refusesShape = refusesShape
        self.insertsPerUnsampledGrowth = insertsPerUnsampledGrowth
        self.seedsHashPerRun = seedsHashPerRun
        self.writesHeapProfile = writesHeapProfile
        self.estimatedPeak = estimatedPeak
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
    public static let gomap = MapKind(name: "gomap", displayName: "GoMap", role: .model) { workload in
        Workload.goMapPeak(keys: workload.keys, hint: workload.hint, keySlot: workload.keySlot,
                           valueSlot: workload.valueSlot)
    }

    /// SwissMap: Go's Swiss-table map (Go 1.24 and later), rebuilt in Swift.
    public static let swissmap = MapKind(name: "swissmap", displayName: "SwissMap", role: .model,
                                         insertsPerUnsampledGrowth: 256) { workload in
        Workload.swissMapPeak(keys: workload.keys, hint: workload.hint, keySlot: workload.keySlot,
                              valueSlot: workload.valueSlot)
    }

    /// Go's own map, measured in a real Go runtime by the Go peer (Sources/go-peer/): the classic bucket map
    /// up to Go 1.23, the Swiss table from Go 1.24. Estimated as GoMap's peak for the classic map and twice
    /// that for the Swiss one (about 1.5 times the bytes at 10M keys), with room for the garbage the Go heap
    /// holds until its collector runs (× 2), and the string keys' own heap blocks.
    public static let go = MapKind(name: "go", displayName: "Go", role: .model, seedsHashPerRun: true,
                                   writesHeapProfile: true) { workload in
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
        estimatedPeak: { workload in
            Workload.swiftHashedPeak(keys: workload.keys, hint: workload.hint, keyStride: workload.keySlot,
                                     valueStride: workload.valueSlot)
        })
}
