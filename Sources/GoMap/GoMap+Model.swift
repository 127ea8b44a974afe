// GoMap as a GoMapModel (MapCore): its structure and growth events in the words both cores share.
import MapCore

extension GoMap: GoMapModel {
    /// B, the overflow buckets in use (both generations) and the slots of the current array (8·2^B).
    public var structure: GoMapModelStructure {
        let h = _h.pointee
        return GoMapModelStructure(b: h.b, overflowBuckets: h.overflowInUse + h.oldOverflowInUse,
                                   capacity: _bucketCount << h.b)
    }

    /// Whether an incremental growth is in progress (the old generation is live).
    public var isGrowing: Bool? { _h.pointee.oldBuckets != nil }
}

extension GoMapStats: GoMapModelStats {}

extension GoMapGrowthEvent: GoMapModelGrowthEvent {
    /// A start with B before and after and the load factor, or a finish with the writes that
    /// evacuated and the bytes released.
    public var modelGrowth: GoMapModelGrowth {
        switch self {
        case .started(let start):
            return .started(GoMapModelGrowth.Start(
                kind: start.kind == .doubling ? .doubling : .sameSize, count: start.count,
                bytesAllocated: start.bytesAllocated,
                detail: GoMapModelGrowth.Detail("old_b", Double(start.oldB), "new_b", Double(start.newB),
                                                "load", start.loadFactor)))
        case .finished(let finish):
            return .finished(writes: finish.writes, bytesReleased: finish.bytesReleased)
        }
    }
}
