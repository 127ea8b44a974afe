// Growth events, exact statistics, and the structural invariant check.
import MapCore

/// The kind of a growth.
public enum SwissMapGrowthKind: String, Sendable, Equatable, CaseIterable {
    /// The 9th distinct key: the small map's group becomes a table of 16 slots (directory of 1).
    case smallToTable = "small-to-table"
    /// A full table below 1024 slots is replaced by one of double capacity.
    case tableGrow = "table-grow"
    /// A full table of 1024 slots is replaced by two of 1024 with localDepth + 1.
    case tableSplit = "table-split"
    /// A split needed one more directory bit: the directory doubled (each entry written twice).
    case directoryGrow = "directory-grow"
}

/// One growth, as delivered to `SwissMap.growthObserver` once the map is consistent again.
///
/// Bytes are Go's: each block rounded by Go's size classes. Garbage is what Go would keep until
/// its next collection (this core frees it at once).
public struct SwissMapGrowthEvent: Sendable, Equatable {
    /// 1-based index of this event in the map's life (all kinds counted together).
    public var index: Int
    /// What grew.
    public var kind: SwissMapGrowthKind
    /// Live entries when it happened (the insert that caused it is not counted yet).
    public var count: Int
    /// Capacity in slots of the table (or the small group, 8) that was replaced; for a directory
    /// grow, of the table whose split needed it.
    public var oldCapacity: Int
    /// Capacity of each new table (a split makes two).
    public var newCapacity: Int
    /// localDepth of the new table(s).
    public var localDepth: Int
    /// globalDepth of the map afterwards.
    public var globalDepth: Int
    /// Directory entries afterwards.
    public var directoryLength: Int
    /// Tables afterwards.
    public var tables: Int
    /// Bytes allocated: new table headers and groups, or the new directory.
    public var bytesAllocated: Int
    /// Bytes that became garbage: the replaced group(s) and table header, or the old directory.
    public var bytesGarbage: Int
    /// Entries moved (0 for a directory grow: it copies table pointers only).
    public var entriesMoved: Int
}

/// A map's state and exact byte accounting at one moment. Bytes are Go's: every block rounded by
/// Go's size classes, as the real Go 1.27 map would spend them.
public struct SwissMapStats: Sendable, Equatable {
    /// Live entries.
    public var count: Int
    /// The group layout.
    public var layout: SwissMapGroupLayout
    /// Bytes of one group.
    public var groupSize: Int
    /// Whether the map is small (one group, no table); false also before the first allocation.
    public var isSmall: Bool
    /// Tables (distinct; several directory entries may share one).
    public var tables: Int
    /// Directory entries (0 while small).
    public var directoryLength: Int
    /// log2 of the directory length.
    public var globalDepth: Int
    /// Slots in all tables, or 8 for a small map.
    public var totalCapacity: Int
    /// Inserts the tables take before their next rehash (sum over tables; small: free slots).
    public var growthLeft: Int
    /// Deleted slots (tombstones) in all tables.
    public var tombstones: Int
    /// The map header (48 bytes; counted once the map exists).
    public var headerBytes: Int
    /// The directory.
    public var directoryBytes: Int
    /// All table headers (32 bytes each).
    public var tableHeaderBytes: Int
    /// All tables' groups arrays.
    public var groupBytes: Int
    /// The small map's group.
    public var smallGroupBytes: Int
    /// Boxes of indirect keys and values (above 128 bytes).
    public var boxBytes: Int
    /// Bytes that became garbage over the map's life (replaced groups, tables and directories):
    /// what Go frees only at its collections.
    public var garbageBytes: Int
    /// Growth events so far, by kind.
    public var smallToTable: Int
    public var tableGrows: Int
    public var tableSplits: Int
    public var directoryGrows: Int
    /// Tombstone prunings that freed slots.
    public var prunes: Int

    /// All bytes the map holds now: header, directory, table headers, groups, small group, boxes.
    public var totalBytes: Int {
        headerBytes + directoryBytes + tableHeaderBytes + groupBytes + smallGroupBytes + boxBytes
    }
}

extension SwissMap {
    /// The map's statistics now. Walks the directory once (growthLeft and tombstones are per
    /// table); allocates nothing.
    public var stats: SwissMapStats {
        let h = _h.pointee
        var growthLeft = 0
        var tombstones = 0
        _forEachTable { table in
            growthLeft += table.pointee.growthLeft
            tombstones += table.pointee.tombstones
        }
        var capacity = h.tableCapacity
        if let g = h.small {
            capacity = _groupSlots
            growthLeft = Self._control(g).matchEmptyOrDeleted().count
        }
        return SwissMapStats(
            count: h.count, layout: h.layout, groupSize: _account.size, isSmall: h.small != nil,
            tables: h.tables, directoryLength: h.directoryLength, globalDepth: h.globalDepth,
            totalCapacity: capacity, growthLeft: growthLeft, tombstones: tombstones,
            headerBytes: Self._mapHeaderFootprint, directoryBytes: h.directoryBytes,
            tableHeaderBytes: h.tables * Self._tableHeaderFootprint, groupBytes: h.groupBytes,
            smallGroupBytes: h.smallGroupBytes, boxBytes: h.count * mapShape.indirectBytesPerEntry,
            garbageBytes: h.garbageBytes,
            smallToTable: h.smallToTable, tableGrows: h.tableGrows, tableSplits: h.tableSplits,
            directoryGrows: h.directoryGrows, prunes: h.prunes)
    }

    /// All bytes the map holds now (`stats.totalBytes`), from counters only: no directory walk.
    public var totalBytes: Int {
        let h = _h.pointee
        return Self._mapHeaderFootprint + h.directoryBytes + h.tables * Self._tableHeaderFootprint + h.groupBytes
            + h.smallGroupBytes + h.count * mapShape.indirectBytesPerEntry
    }

    /// Capacities of the distinct tables, in directory order.
    public var tableCapacities: [Int] {
        var capacities: [Int] = []
        _forEachTable { capacities.append($0.pointee.capacity) }
        return capacities
    }

    /// Calls `body` with every distinct table, in directory order (a table spans consecutive
    /// entries from its index).
    @usableFromInline
    func _forEachTable(_ body: (UnsafeMutablePointer<_SwissTable>) -> Void) {
        let h = _h
        guard let directory = h.pointee.directory else { return }
        var i = 0
        while i < h.pointee.directoryLength {
            let table = directory[i]
            body(table)
            i += 1 << (h.pointee.globalDepth - table.pointee.localDepth)
        }
    }

    /// Calls `body` with the map's blocks and the Go size each stands for, for checking the
    /// accounting: the small group, the directory, each table header and groups array, and boxes.
    public func forEachBlock(_ body: (_ block: UnsafeRawPointer, _ goSize: Int, _ hasPointers: Bool) -> Void) {
        let h = _h
        if let g = h.pointee.small { body(g, _geometry.size, _geometry.hasPointers) }
        if let directory = h.pointee.directory {
            body(directory, h.pointee.directoryLength * _pointerBytes, true)
        }
        _forEachTable { table in
            body(table, _tableHeaderBytes, true)
            body(table.pointee.groups, table.pointee.groupCount * _geometry.size, _geometry.hasPointers)
        }
        if Self._keyIndirect || Self._valueIndirect {
            _forEachOccupiedSlot { g, i in
                if Self._keyIndirect {
                    body(_geometry.key(g, i).load(as: UnsafeRawPointer.self), MemoryLayout<Key>.stride,
                         !_isPOD(Key.self))
                }
                if Self._valueIndirect {
                    body(_geometry.value(g, i).load(as: UnsafeRawPointer.self), MemoryLayout<Value>.stride,
                         !_isPOD(Value.self))
                }
            }
        }
    }

    /// Checks every structural invariant and panics with a description of the first broken one:
    /// per table, used and tombstones match the control bytes, growthLeft matches Go's formula,
    /// an empty slot remains, every key is found from its hash in the table its hash selects; the
    /// directory holds every table over exactly its aligned range; the counters match. O(size);
    /// for tests.
    public func checkInvariants() {
        let h = _h
        var live = 0
        if let g = h.pointee.small {
            precondition(h.pointee.directory == nil, "a small map has no directory")
            let control = Self._control(g)
            precondition(control.matchEmptyOrDeleted().count == control.matchEmpty().count,
                         "a small map holds no tombstones")
            var full = control.matchFull()
            while !full.isEmpty {
                let i = full.first
                let hash = _hash(_keyPointer(g, i).pointee)
                precondition(control.byte(i) == _h2(hash), "small map: control byte is not the key's H2")
                full = full.removingFirst()
                live += 1
            }
        }
        var tables = 0
        var capacity = 0
        var groupBytes = 0
        if let directory = h.pointee.directory {
            let length = h.pointee.directoryLength
            precondition(length == 1 << h.pointee.globalDepth, "directory length is not 2^globalDepth")
            precondition(h.pointee.globalShift == 64 - h.pointee.globalDepth, "globalShift")
            _forEachTable { table in
                let t = table.pointee
                tables += 1
                capacity += t.capacity
                groupBytes += _groupsFootprint(t.groupCount)
                precondition(t.localDepth <= h.pointee.globalDepth, "localDepth above globalDepth")
                let span = 1 << (h.pointee.globalDepth - t.localDepth)
                precondition(t.index % span == 0, "table index \(t.index) not aligned to its span \(span)")
                for i in t.index..<(t.index + span) {
                    precondition(directory[i] == table, "directory entry \(i) does not point at its table")
                }
                precondition(t.capacity >= _groupSlots && t.capacity <= _maxTableCapacity
                             && t.capacity & (t.capacity - 1) == 0, "table capacity \(t.capacity)")
                var used = 0
                var deleted = 0
                var empty = 0
                for index in 0..<t.groupCount {
                    let g = _group(t.groups, index)
                    let control = Self._control(g)
                    for i in 0..<_groupSlots {
                        switch control.byte(i) {
                        case _ctrlEmpty: empty += 1
                        case _ctrlDeleted: deleted += 1
                        case let byte:
                            precondition(byte & 0x80 == 0, "control byte \(byte) is no state")
                            used += 1
                            let key = _keyPointer(g, i).pointee
                            let hash = _hash(key)
                            precondition(byte == _h2(hash), "control byte is not the key's H2")
                            let home = h.pointee.directoryLength == 1 ? 0 : Int(hash >> UInt64(h.pointee.globalShift))
                            precondition(directory[home] == table, "key in a table its hash does not select")
                            if key == key {
                                guard let (fg, fi) = _find(key, hash: hash, in: table), fg == g, fi == i else {
                                    preconditionFailure("key in group \(index) slot \(i) not found by its probe")
                                }
                            }
                        }
                    }
                }
                precondition(used == t.used, "table used \(t.used) but \(used) full slots")
                precondition(deleted == t.tombstones, "table tombstones \(t.tombstones) but \(deleted) deleted slots")
                precondition(t.growthLeft == _SwissTable.maxGrowthLeft(t.capacity) - used - deleted,
                             "growthLeft \(t.growthLeft)")
                precondition(empty > 0, "a table without an empty slot: probes would not end")
                live += used
            }
        } else {
            precondition(h.pointee.directoryLength == 0 && h.pointee.tables == 0, "no directory but tables")
        }
        precondition(live == h.pointee.count, "count \(h.pointee.count) but \(live) live slots")
        precondition(tables == h.pointee.tables, "tables \(h.pointee.tables) but \(tables) in the directory")
        precondition(capacity == h.pointee.tableCapacity, "capacity counter")
        precondition(groupBytes == h.pointee.groupBytes, "group bytes counter")
        if h.pointee.directory != nil {
            precondition(h.pointee.directoryBytes == Self._directoryFootprint(h.pointee.directoryLength),
                         "directory bytes counter")
        }
    }
}
