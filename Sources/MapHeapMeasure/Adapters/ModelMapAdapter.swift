// The map cores (GoMap, SwissMap: MapCore's GoMapModel) as maps under test, one adapter for both.
// What differs between the cores comes from the protocol: the structure in the core's words, the
// byte account, whether a growth goes on over later writes, and each growth event in the shared
// words (`GoMapModelGrowth`). The adapter is generic over the core and made with a concrete one by
// its maker (GoMapAdapter.swift, SwissMapAdapter.swift), so the measured loop calls the core's
// insert and lookup directly, specialized.
import MapCore
import MapHeapModel

/// A Go map model with a constant value: its own structure, byte account (by Go's size classes)
/// and growth events.
struct ModelMapAdapter<Map: GoMapModel>: MapAdapter {
    let map: Map
    let value: Map.Value

    @inline(__always) mutating func insert(_ key: Map.Key) { map.updateValue(value, forKey: key) }
    @inline(__always) mutating func remove(_ key: Map.Key) { map.removeValue(forKey: key) }
    @inline(__always) func lookup(_ key: Map.Key) -> Bool { map.value(forKey: key).map(_isWorkloadValue) ?? false }
    var count: Int { map.count }
    var structure: MapStructure { map.structure }
    var mapBytes: Int? { map.totalBytes }
    var growing: Bool? { map.isGrowing }
    static var growthReporting: GrowthReporting { .observed }

    func attach(_ recorder: _Sampler) {
        // The map owns its observer, so the observer must not own the map (a retain cycle would keep
        // every measured map alive). The map only calls it while alive: unowned is safe.
        map.growthObserver = { [unowned recorder, unowned map, value] event in
            switch event.modelGrowth {
            case .started(let start):
                recorder.growthStarted(GrowthStart(start, incremental: true), ModelMapAdapter(map: map, value: value))
            case .finished(let writes, let bytesReleased):
                recorder.growthFinished(GrowthFinish(writes: writes, bytesReleased: bytesReleased),
                                        ModelMapAdapter(map: map, value: value))
            case .whole(let start, let bytesReleased):
                // Whole when reported: a growth row without a curve point.
                recorder.wholeGrowth(GrowthStart(start, incremental: false),
                                     GrowthFinish(writes: nil, bytesReleased: bytesReleased))
            case .split(let count, let bytesAllocated, let bytesReleased, let localDepth, let tables, let moved):
                // Splits come by the thousand: the sampler writes a row per sample window (or each).
                recorder.wholeSplit(countAtStart: count, bytesAllocated: bytesAllocated, bytesReleased: bytesReleased,
                                    localDepth: localDepth, tables: tables, moved: moved)
            }
        }
    }
}

extension GrowthStart {
    /// A core's growth start, in the loop's words.
    init(_ start: GoMapModelGrowth.Start, incremental: Bool) {
        self.init(kind: GrowthKind(start.kind), countAtStart: start.count, bytesAllocated: start.bytesAllocated,
                  incremental: incremental, detail: start.detail)
    }
}

extension GrowthKind {
    /// growth.csv's kind of a core's growth.
    init(_ kind: GoMapModelGrowth.Kind) {
        switch kind {
        case .doubling: self = .doubling
        case .sameSize: self = .sameSize
        case .smallToTable: self = .smallToTable
        case .tableGrow: self = .tableGrow
        case .directoryGrow: self = .directoryGrow
        }
    }
}
