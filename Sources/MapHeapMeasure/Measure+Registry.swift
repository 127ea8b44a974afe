// Dispatch, one axis at a time: the map (by name, through the registry below, with the Go map type
// the models count bytes for), then the key recipe, then the value. Each map's maker is called with
// concrete key and value types, so the measured loop is specialized for every combination (no
// existential or unspecialized generic call per insert). A Go shape's keys and zero values have
// Swift stand-ins (the index, `()`): the models store those and count the Go shape's bytes.
import MapHeapModel

/// Measures a workload with one map for any key recipe and value shape (a map's registration).
protocol _ShapeVisitor {
    /// The workload run to measure.
    var run: _WorkloadRun { get }
    /// Measures `run` with keys from `keys` and the constant `value`.
    func visit<Keys: _KeySource, Value>(keys: Keys, value: Value) -> ResultSet
}

/// The maps mapheap's child measures in process, by `impl`. REGISTRATION POINT: an in-process map
/// core (SwissMap: `"swissmap": { _SwissMapMaker(run: $0).dispatch() }`) adds its maker here; a map
/// measured by another program (`go`) is not here but in the parent's launchers.
let _inProcessMaps: [String: @Sendable (_WorkloadRun) -> ResultSet] = [
    MapKind.gomap.name: { _GoMapMaker(run: $0, shape: $0.spec.workload.mapShape).dispatch() },
    MapKind.swissmap.name: { _SwissMapMaker(run: $0, shape: $0.spec.workload.mapShape).dispatch() },
    MapKind.dictionary.name: { _DictionaryMaker(run: $0).dispatch() },
    MapKind.set.name: { _SetMaker(run: $0).dispatch() },
]

extension _ShapeVisitor {
    /// Calls `visit` with the run's key recipe and value shape as concrete types.
    func dispatch() -> ResultSet {
        let spec = run.spec.workload
        switch spec.key.recipe {
        case .int64: return withValue(spec, keys: _Int64Keys())
        case .string: return withValue(spec, keys: _StringKeys())
        case .stringLong: return withValue(spec, keys: _LongStringKeys())
        case .shape: return withValue(spec, keys: _ShapeKeys(type: spec.key.goType))
        }
    }

    private func withValue<Keys: _KeySource>(_ workload: Workload, keys: Keys) -> ResultSet {
        switch workload.values {
        case .bool: return visit(keys: keys, value: true)
        case .empty: return visit(keys: keys, value: ())
        case .int64: return visit(keys: keys, value: Int64(1))
        case .zero: return visit(keys: keys, value: ())  // a stand-in: the account follows the value's Go type
        }
    }
}
