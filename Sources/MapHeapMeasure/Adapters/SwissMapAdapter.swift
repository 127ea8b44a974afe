// SwissMap (Go 1.24+'s Swiss-table map, rebuilt in Swift) as a map under test: its maker. The
// adapter is ModelMapAdapter, shared with GoMap.
import MapCore
import MapHeapModel
import SwissMap

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
            ModelMapAdapter(map: SwissMap<Keys.Key, Value>(hint: spec.workload.hint, seed: spec.seed,
                                                           layout: spec.swissLayout, shape: shape,
                                                           rules: spec.swissRules),
                            value: value)
        }
    }
}
