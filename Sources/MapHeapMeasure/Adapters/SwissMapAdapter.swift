// SwissMap (Go 1.24+'s Swiss-table map, rebuilt in Swift) as a map under test.
import MapCore
import MapHeapModel
import SwissMap

/// SwissMap with a constant value: tables, directory and capacity; growths that complete within
/// the insert that causes them; its own byte account by Go's size classes.
struct SwissMapAdapter<Key: Hashable, Value>: MapAdapter {
    let map: SwissMap<Key, Value>
    let value: Value

    @inline(__always) mutating func insert(_ key: Key) { map.updateValue(value, forKey: key) }
    @inline(__always) mutating func remove(_ key: Key) { map.removeValue(forKey: key) }
    @inline(__always) func lookup(_ key: Key) -> Bool { map.value(forKey: key).map(_isWorkloadValue) ?? false }
    var count: Int { map.count }
    var structure: MapStructure {
        let shape = map.shape
        return MapStructure(tables: shape.tables, directoryLength: shape.directoryLength,
                            capacity: shape.totalCapacity)
    }
    var mapBytes: Int? { map.totalBytes }
    var growing: Bool? { nil }
    static var growthReporting: GrowthReporting { .observed }

    func attach(_ recorder: _Sampler) {
        // The map owns its observer, so the observer must not own the map (see GoMapAdapter). A
        // Swiss growth is whole when the map reports it: a growth row without a curve point.
        map.growthObserver = { [unowned recorder] event in
            let kind: GrowthKind
            let detail: GrowthDetail
            switch event.kind {
            case .smallToTable:
                kind = .smallToTable
                detail = GrowthDetail("old_capacity", Double(event.oldCapacity), "new_capacity",
                                      Double(event.newCapacity), "moved", Double(event.entriesMoved))
            case .tableGrow:
                kind = .tableGrow
                detail = GrowthDetail("old_capacity", Double(event.oldCapacity), "new_capacity",
                                      Double(event.newCapacity), "moved", Double(event.entriesMoved))
            case .tableSplit:
                // Splits come by the thousand: the sampler writes a row per sample window (or each).
                recorder.wholeSplit(countAtStart: event.count, bytesAllocated: event.bytesAllocated,
                                    bytesReleased: event.bytesGarbage, localDepth: event.localDepth,
                                    tables: event.tables, moved: event.entriesMoved)
                return
            case .directoryGrow:
                kind = .directoryGrow
                detail = GrowthDetail("global_depth", Double(event.globalDepth), "directory_length",
                                      Double(event.directoryLength))
            }
            recorder.wholeGrowth(
                GrowthStart(kind: kind, countAtStart: event.count, bytesAllocated: event.bytesAllocated,
                            incremental: false, detail: detail),
                GrowthFinish(writes: nil, bytesReleased: event.bytesGarbage))
        }
    }
}

/// SwissMap's registration: made with the workload's hint and the run's seed, counting the bytes
/// of `shape` (the Go map type the workload names) when given, else of the Swift key and value
/// types.
struct _SwissMapMaker: _ShapeVisitor {
    let run: _WorkloadRun
    /// The Go map type to count bytes for; nil: the shape of the stored Swift types.
    var shape: MapShape? = nil

    func visit<Keys: _KeySource, Value>(keys: Keys, value: Value) -> ResultSet {
        let spec = run.spec
        let shape = self.shape ?? .of(Keys.Key.self, Value.self)
        return run.measure(keys) {
            SwissMapAdapter(map: SwissMap<Keys.Key, Value>(hint: spec.workload.hint, seed: spec.seed,
                                                         layout: spec.swissLayout, shape: shape,
                                                         rules: spec.swissRules),
                            value: value)
        }
    }
}
