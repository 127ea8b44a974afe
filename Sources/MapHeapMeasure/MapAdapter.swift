// A map under test, as the measuring loop sees it: one adapter per map. The adapter drives the map
// with one constant value, names the map's structure in the map's own words (`MapStructure`), and
// turns the map's growth events into core-independent ones (`GrowthStart`, `GrowthFinish`).
//
// Adding an in-process map: its adapter (a file in Adapters/; a Go map model conforms to MapCore's
// GoMapModel and takes ModelMapAdapter, made by a maker like GoMapAdapter.swift's) and its
// registration (`_inProcessMaps` in Measure+Registry.swift, plus its `MapKind` in MapCatalog.swift).
import MapCore
import MapHeapModel

/// A map the workload loop drives and the sampler reads.
protocol MapAdapter {
    associatedtype Key: Hashable
    /// Inserts `key` with the workload's constant value.
    mutating func insert(_ key: Key)
    /// Removes `key`.
    mutating func remove(_ key: Key)
    /// Looks `key` up and reads its value: whether the key is there with the workload's value
    /// (`_isWorkloadValue`). Never changes the map.
    func lookup(_ key: Key) -> Bool
    /// Live entries.
    var count: Int { get }
    /// The map's structure now, in its own words; what does not apply is nil.
    var structure: MapStructure { get }
    /// The map's own byte accounting (by Go's rules), or nil for a map that keeps none.
    var mapBytes: Int? { get }
    /// Whether an incremental growth is in progress; nil for maps that do not grow incrementally.
    var growing: Bool? { get }
    /// How the loop learns of growths.
    static var growthReporting: GrowthReporting { get }
    /// For `.watchedCapacity`: the capacity whose change after an insert is a reallocation.
    var watchedCapacity: Int { get }
    /// For `.observed`: hands the map's growth events to the sampler (`growthStarted` and
    /// `growthFinished` for a growth that goes on over later writes, each with a curve point;
    /// `wholeGrowth` for one that is whole when reported), which the map must not own strongly (the
    /// sampler does not own the map either).
    /// The sampler is a concrete class, so these calls are specialized: nothing is looked up or
    /// allocated at a growth.
    func attach(_ recorder: _Sampler)
}

/// Whether `value` is a workload's constant, read from its bytes: `true` and `Int64(1)` start with the
/// byte 1 (little-endian), an empty value has no byte. Reading the bytes makes a timed lookup load the
/// value, where a check for presence alone would let the compiler skip that load.
@inline(__always)
func _isWorkloadValue<Value>(_ value: Value) -> Bool {
    withUnsafeBytes(of: value) { $0.isEmpty || $0[0] == 1 }
}

/// How a map's growths become growth rows.
enum GrowthReporting {
    /// The map reports its growths itself, through `attach(_:)`.
    case observed
    /// The loop compares `watchedCapacity` after every insert: each change is a `reallocation`
    /// (no curve point is taken for it, so peers are sampled exactly as their plan says).
    case watchedCapacity
}

extension MapAdapter {
    var watchedCapacity: Int { 0 }
    func attach(_ recorder: _Sampler) {}
}

/// A growth that has started, as any core describes it.
struct GrowthStart {
    /// What kind of growth.
    var kind: GrowthKind
    /// Live entries when it started (before the insert that triggered it).
    var countAtStart: Int
    /// Bytes it allocated, or nil when the map cannot tell.
    var bytesAllocated: Int?
    /// Whether it goes on over later writes (classic map); otherwise it completes within one insert.
    var incremental: Bool
    /// Core-specific facts (growth.csv's `detail`).
    var detail: GrowthDetail
}

/// Up to four core-specific `name=value` facts about a growth (growth.csv's `detail`), kept without
/// allocating: the cores' own type (MapCore's `GoMapModelGrowth.Detail`), also used for the sampler's
/// split rows and the peers' reallocations.
typealias GrowthDetail = GoMapModelGrowth.Detail

extension GrowthDetail {
    /// `old_b=3;new_b=4;load=6.5`: integral values without a fraction, others in Swift's shortest form.
    var text: String {
        facts.map { name, value in
            let number = value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            return "\(name)=\(number)"
        }.joined(separator: ";")
    }
}

/// A growth that has finished.
struct GrowthFinish {
    /// Writes from its start to its end (incremental growths only).
    var writes: Int?
    /// Bytes it released, or nil when the map cannot tell.
    var bytesReleased: Int?
}

