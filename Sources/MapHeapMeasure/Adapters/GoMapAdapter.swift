// GoMap (Go's classic bucket map, rebuilt in Swift) as a map under test: its maker. The adapter is
// ModelMapAdapter, shared with SwissMap.
import GoMap
import MapCore
import MapHeapModel

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
            ModelMapAdapter(map: GoMap<Keys.Key, Value>(hint: spec.workload.hint, seed: spec.seed, shape: shape,
                                                        rules: spec.classicRules),
                            value: value)
        }
    }
}
