// GoMap (Go's classic bucket map, rebuilt in Swift) as a map under test.
import GoMap
import MapCore
import MapHeapModel

/// GoMap with a constant value: B and overflow buckets, incremental growth, its own byte account.
struct GoMapAdapter<Key: Hashable, Value>: MapAdapter {
    let map: GoMap<Key, Value>
    let value: Value

    @inline(__always) mutating func insert(_ key: Key) { map.updateValue(value, forKey: key) }
    @inline(__always) mutating func remove(_ key: Key) { map.removeValue(forKey: key) }
    @inline(__always) func lookup(_ key: Key) -> Bool { map.value(forKey: key).map(_isWorkloadValue) ?? false }
    var count: Int { map.count }
    var structure: MapStructure {
        let stats = map.stats
        return MapStructure(b: stats.b, overflowBuckets: stats.overflowBucketsInUse,
                            capacity: GoMapAdapter.bucketEntries << stats.b)
    }
    var mapBytes: Int? { map.stats.totalBytes }
    var growing: Bool? { map.stats.growing }
    static var growthReporting: GrowthReporting { .observed }

    /// Entries per bucket (Go's `bucketCnt`).
    static var bucketEntries: Int { 8 }

    func attach(_ recorder: _Sampler) {
        // The map owns its observer, so the observer must not own the map (a retain cycle would keep
        // every measured map alive). The map only calls it while alive: unowned is safe.
        map.growthObserver = { [unowned recorder, unowned goMap = map, value] event in
            let adapter = GoMapAdapter(map: goMap, value: value)
            switch event {
            case .started(let start):
                recorder.growthStarted(
                    GrowthStart(kind: start.kind == .doubling ? .doubling : .sameSize, countAtStart: start.count,
                                bytesAllocated: start.bytesAllocated, incremental: true,
                                detail: GrowthDetail("old_b", Double(start.oldB), "new_b", Double(start.newB),
                                                     "load", start.loadFactor)),
                    adapter)
            case .finished(let finish):
                recorder.growthFinished(GrowthFinish(writes: finish.writes, bytesReleased: finish.bytesReleased),
                                        adapter)
            }
        }
    }
}

/// GoMap's registration: made with the workload's hint and the run's seed, counting the bytes of
/// `shape` (the Go map type the workload names) when given, else of the Swift key and value types.
struct _GoMapMaker: _ShapeVisitor {
    let run: _WorkloadRun
    /// The Go map type to count bytes for; nil: the shape of the stored Swift types.
    var shape: MapShape? = nil

    func visit<Keys: _KeySource, Value>(keys: Keys, value: Value) -> ResultSet {
        let spec = run.spec
        let shape = self.shape ?? .of(Keys.Key.self, Value.self)
        return run.measure(keys) {
            GoMapAdapter(map: GoMap<Keys.Key, Value>(hint: spec.workload.hint, seed: spec.seed, shape: shape,
                                                   rules: spec.classicRules),
                         value: value)
        }
    }
}
