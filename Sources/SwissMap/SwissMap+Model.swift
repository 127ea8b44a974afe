// SwissMap as a GoMapModel (MapCore): its structure and growth events in the words both cores share.
import MapCore

extension SwissMap: GoMapModel {
    /// An empty map in the interleaved layout (Go's default); see `init(hint:seed:layout:shape:rules:)`.
    public convenience init(hint: Int, seed: UInt64?) {
        self.init(hint: hint, seed: seed, layout: .interleaved)
    }

    /// Tables, directory length and total capacity (`stats`' figures), from counters only.
    public var structure: GoMapModelStructure {
        let h = _h.pointee
        return GoMapModelStructure(tables: h.tables, directoryLength: h.directoryLength,
                                   capacity: h.small == nil ? h.tableCapacity : _groupSlots)
    }

    /// Nil: a Swiss growth completes within the insert that causes it.
    public var isGrowing: Bool? { nil }
}

extension SwissMapStats: GoMapModelStats {}

extension SwissMapGrowthEvent: GoMapModelGrowthEvent {
    /// A growth whole when reported, with its capacities and moves (or the directory's depth and
    /// length); a table split on its own, for a reader that sums splits.
    public var modelGrowth: GoMapModelGrowth {
        let kind: GoMapModelGrowth.Kind
        let detail: GoMapModelGrowth.Detail
        switch self.kind {
        case .smallToTable, .tableGrow:
            kind = self.kind == .smallToTable ? .smallToTable : .tableGrow
            detail = GoMapModelGrowth.Detail("old_capacity", Double(oldCapacity), "new_capacity",
                                             Double(newCapacity), "moved", Double(entriesMoved))
        case .tableSplit:
            return .split(count: count, bytesAllocated: bytesAllocated, bytesReleased: bytesGarbage,
                          localDepth: localDepth, tables: tables, moved: entriesMoved)
        case .directoryGrow:
            kind = .directoryGrow
            detail = GoMapModelGrowth.Detail("global_depth", Double(globalDepth), "directory_length",
                                             Double(directoryLength))
        }
        return .whole(GoMapModelGrowth.Start(kind: kind, count: count, bytesAllocated: bytesAllocated,
                                             detail: detail),
                      bytesReleased: bytesGarbage)
    }
}
