// Sizing from a hint, the small map and its conversion, tombstone pruning, and rehash (grow or
// split, with the directory doubling a split may need): Go's NewMap, growToSmall, growToTable,
// pruneTombstones, rehash, grow, split, installTableSplit and replaceTable.
import MapCore

/// The shape Go's `NewMap` gives a map for a hint above 8: a directory of `directoryLength`
/// entries (2^globalDepth), each its own table of `tableCapacity` slots.
public struct SwissMapShape: Sendable, Equatable {
    /// Directory entries, and tables (one per entry).
    public var directoryLength: Int
    /// log2 of `directoryLength`.
    public var globalDepth: Int
    /// Slots of every table.
    public var tableCapacity: Int
}

extension SwissMap {
    /// The shape `SwissMap(hint:layout:shape:)` allocates for `hint`, or nil when it allocates
    /// nothing (a hint of at most 8, a negative hint, or one whose arithmetic overflows or whose
    /// groups would exceed Go's allocation limit, in groups of `mapShape`, by default the Swift
    /// types' shape). Go's NewMap, step by step.
    public static func shape(forHint hint: Int, layout: SwissMapGroupLayout = .interleaved,
                             mapShape: MapShape? = nil) -> SwissMapShape? {
        let shape = mapShape ?? .of(Key.self, Value.self)
        return _shape(forHint: hint, groupSize: (layout == .split ? shape.splitGroup : shape.interleavedGroup).size)
    }

    /// NewMap's sizing for `hint` with groups of `groupSize` bytes (see `shape(forHint:)`).
    @usableFromInline
    static func _shape(forHint hint: Int, groupSize: Int) -> SwissMapShape? {
        guard hint > _groupSlots else { return nil }
        let wideHint = UInt64(hint)
        // targetCapacity = hint * 8 / 7, in wrapping arithmetic as Go's uintptr; a wrap shows as
        // a target below the hint.
        let target = (wideHint &* UInt64(_groupSlots)) / UInt64(_maxAvgGroupLoad)
        if target < wideHint { return nil }
        let tables = (target + UInt64(_maxTableCapacity) - 1) / UInt64(_maxTableCapacity)
        guard tables <= 1 << 62 else { return nil }
        let directoryLength = UInt64(_nextPowerOfTwo(Int(tables)))
        // Go multiplies by maxTableCapacity (slots, not groups) before the group size: kept as is.
        let (slots, overflow1) = directoryLength.multipliedReportingOverflow(by: UInt64(_maxTableCapacity))
        if overflow1 { return nil }
        let (bytes, overflow2) = slots.multipliedReportingOverflow(by: UInt64(groupSize))
        if overflow2 || bytes > UInt64(_maxAllocBytes) { return nil }
        let capacity = _nextPowerOfTwo(Swift.max(_groupSlots, Int(target / directoryLength)))
        return SwissMapShape(directoryLength: Int(directoryLength),
                             globalDepth: Int(directoryLength).trailingZeroBitCount, tableCapacity: capacity)
    }

    /// NewMap: for a hint above 8, the directory and all its tables now; else nothing.
    @usableFromInline
    func _newMap(hint: Int) {
        guard let shape = Self._shape(forHint: hint, groupSize: _account.size) else { return }
        let h = _h
        let directory = _allocateDirectory(shape.directoryLength)
        for i in 0..<shape.directoryLength {
            (directory + i).initialize(to: _newTable(capacity: shape.tableCapacity, localDepth: shape.globalDepth,
                                                     index: i))
        }
        h.pointee.directory = directory
        h.pointee.directoryLength = shape.directoryLength
        h.pointee.globalDepth = shape.globalDepth
        h.pointee.globalShift = 64 - shape.globalDepth
    }

    /// A directory block of `length` entries, counted as the map's directory.
    @usableFromInline
    func _allocateDirectory(_ length: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<_SwissTable>> {
        _h.pointee.directoryBytes = Self._directoryFootprint(length)
        return .allocate(capacity: length)
    }

    /// The small map's group, allocated at the first insert (Go's growToSmall).
    @usableFromInline
    func _growToSmall() {
        let h = _h
        h.pointee.small = _allocateGroups(1)
        h.pointee.smallGroupBytes = _groupsFootprint(1)
    }

    /// The 9th distinct key: the small group's entries move into one table of 16 slots behind a
    /// directory of one (Go's growToTable). Returns the table.
    @inlinable @inline(never)
    func _growToTable() -> UnsafeMutablePointer<_SwissTable> {
        let h = _h
        let g = h.pointee.small.unsafelyUnwrapped
        let table = _newTable(capacity: 2 * _groupSlots, localDepth: 0, index: 0)
        var moved = 0
        var full = Self._control(g).matchFull()
        while !full.isEmpty {
            _moveEntry(from: g, full.first, to: table)
            full = full.removingFirst()
            moved += 1
        }
        let garbage = h.pointee.smallGroupBytes
        g.deallocate()
        h.pointee.small = nil
        h.pointee.smallGroupBytes = 0
        h.pointee.garbageBytes += garbage
        let directory = _allocateDirectory(1)
        directory.initialize(to: table)
        h.pointee.directory = directory
        h.pointee.directoryLength = 1
        h.pointee.globalDepth = 0
        h.pointee.globalShift = 64
        h.pointee.smallToTable += 1
        if let observer = growthObserver {
            observer(_event(.smallToTable, oldCapacity: _groupSlots, newCapacity: table.pointee.capacity,
                            localDepth: 0, allocated: _tableFootprint(table) + h.pointee.directoryBytes,
                            garbage: garbage, moved: moved))
        }
        return table
    }

    /// The first empty or deleted slot on `hash`'s probe in a table known to have room and to
    /// hold no tombstones (a new table), with growthLeft spent (Go's uncheckedPutSlot).
    @inlinable
    func _uncheckedFreeSlot(_ table: UnsafeMutablePointer<_SwissTable>, hash: UInt64)
        -> (UnsafeMutableRawPointer, Int) {
        precondition(table.pointee.growthLeft > 0, "SwissMap: invariant failed: growthLeft is unexpectedly 0")
        let groups = table.pointee.groups
        var probe = _ProbeSequence(hash: hash, mask: table.pointee.lengthMask)
        while true {
            let g = _group(groups, probe.offset)
            let free = Self._control(g).matchEmptyOrDeleted()
            if !free.isEmpty {
                table.pointee.growthLeft -= 1
                return (g, free.first)
            }
            probe.advance()
        }
    }

    /// Moves the entry in slot `i` of group `source` into `table` (rehashing its key with the
    /// current seed). Boxes move by pointer; the source slot is left without contents (its control
    /// byte is the caller's business).
    @inlinable
    func _moveEntry(from source: UnsafeMutableRawPointer, _ i: Int, to table: UnsafeMutablePointer<_SwissTable>) {
        let hash = _hash(_keyPointer(source, i).pointee)
        _moveEntry(from: source, i, to: table, hash: hash)
    }

    /// `_moveEntry` for a key whose hash is known.
    @inlinable
    func _moveEntry(from source: UnsafeMutableRawPointer, _ i: Int, to table: UnsafeMutablePointer<_SwissTable>,
                    hash: UInt64) {
        let (g, j) = _uncheckedFreeSlot(table, hash: hash)
        let geometry = _geometry
        if Self._keyIndirect {
            geometry.key(g, j).storeBytes(of: geometry.key(source, i).load(as: UnsafeMutableRawPointer.self),
                                          as: UnsafeMutableRawPointer.self)
        } else if MemoryLayout<Key>.size != 0 {
            geometry.key(g, j).assumingMemoryBound(to: Key.self)
                .initialize(to: geometry.key(source, i).assumingMemoryBound(to: Key.self).move())
        }
        if Self._valueIndirect {
            geometry.value(g, j).storeBytes(of: geometry.value(source, i).load(as: UnsafeMutableRawPointer.self),
                                            as: UnsafeMutableRawPointer.self)
        } else if MemoryLayout<Value>.size != 0 {
            geometry.value(g, j).assumingMemoryBound(to: Value.self)
                .initialize(to: geometry.value(source, i).assumingMemoryBound(to: Value.self).move())
        }
        Self._setControl(g, j, _h2(hash))
        table.pointee.used += 1
    }

    /// Moves every full slot of `old` into `destination(hash)`; returns the entries moved.
    @inlinable
    func _moveAll(from old: UnsafeMutablePointer<_SwissTable>,
                  to destination: (UInt64) -> UnsafeMutablePointer<_SwissTable>) -> Int {
        var moved = 0
        let groups = old.pointee.groups
        for index in 0..<old.pointee.groupCount {
            let g = _group(groups, index)
            var full = Self._control(g).matchFull()
            while !full.isEmpty {
                let i = full.first
                let hash = _hash(_keyPointer(g, i).pointee)
                _moveEntry(from: g, i, to: destination(hash), hash: hash)
                full = full.removingFirst()
                moved += 1
            }
        }
        return moved
    }

    // MARK: Rehash

    /// Replaces a full table: one of double capacity below 1024 slots, else two by a split.
    @inlinable @inline(never)
    func _rehash(_ table: UnsafeMutablePointer<_SwissTable>) {
        let newCapacity = 2 * table.pointee.capacity
        if newCapacity <= _maxTableCapacity {
            _grow(table, to: newCapacity)
        } else {
            _split(table)
        }
    }

    /// Go's grow: a new table of `newCapacity` takes every entry and the old table's directory
    /// entries; the old one is garbage.
    @inlinable
    func _grow(_ table: UnsafeMutablePointer<_SwissTable>, to newCapacity: Int) {
        let replacement = _newTable(capacity: newCapacity, localDepth: table.pointee.localDepth,
                                    index: table.pointee.index)
        let moved = _moveAll(from: table) { _ in replacement }
        _replaceTable(replacement)
        let oldCapacity = table.pointee.capacity
        let garbage = _freeTable(table)
        let h = _h
        h.pointee.garbageBytes += garbage
        h.pointee.tableGrows += 1
        h.pointee.mutations &+= 1
        if let observer = growthObserver {
            observer(_event(.tableGrow, oldCapacity: oldCapacity, newCapacity: newCapacity,
                            localDepth: replacement.pointee.localDepth, allocated: _tableFootprint(replacement),
                            garbage: garbage, moved: moved))
        }
    }

    /// Go's split: two tables of 1024 slots with localDepth + 1; each entry goes left or right
    /// by the hash bit the new depth adds, counted from the top.
    @inlinable
    func _split(_ table: UnsafeMutablePointer<_SwissTable>) {
        let localDepth = table.pointee.localDepth + 1
        let left = _newTable(capacity: _maxTableCapacity, localDepth: localDepth, index: -1)
        let right = _newTable(capacity: _maxTableCapacity, localDepth: localDepth, index: -1)
        let bit = UInt64(1) &<< UInt64(64 - localDepth)
        let moved = _moveAll(from: table) { hash in hash & bit == 0 ? left : right }
        let directoryEvent = _installTableSplit(old: table, left: left, right: right)
        let garbage = _freeTable(table)
        let h = _h
        h.pointee.garbageBytes += garbage
        h.pointee.tableSplits += 1
        h.pointee.mutations &+= 1
        if let observer = growthObserver {
            if let directoryEvent { observer(directoryEvent) }
            observer(_event(.tableSplit, oldCapacity: _maxTableCapacity, newCapacity: _maxTableCapacity,
                            localDepth: localDepth, allocated: _tableFootprint(left) + _tableFootprint(right),
                            garbage: garbage, moved: moved))
        }
    }

    /// Points the directory entries of `table` (2^(globalDepth - localDepth) from its index) at it.
    @inlinable
    func _replaceTable(_ table: UnsafeMutablePointer<_SwissTable>) {
        let h = _h
        let entries = 1 << (h.pointee.globalDepth - table.pointee.localDepth)
        let directory = h.pointee.directory.unsafelyUnwrapped
        for i in 0..<entries { directory[table.pointee.index + i] = table }
    }

    /// Installs the two halves of a split, doubling the directory first when the old table used
    /// every directory bit. Returns the directory-grow event (built when there is an observer).
    @usableFromInline
    func _installTableSplit(old: UnsafeMutablePointer<_SwissTable>, left: UnsafeMutablePointer<_SwissTable>,
                            right: UnsafeMutablePointer<_SwissTable>) -> SwissMapGrowthEvent? {
        let h = _h
        var event: SwissMapGrowthEvent? = nil
        if old.pointee.localDepth == h.pointee.globalDepth {
            let length = h.pointee.directoryLength
            let oldDirectory = h.pointee.directory.unsafelyUnwrapped
            let garbage = h.pointee.directoryBytes
            let directory = _allocateDirectory(2 * length)
            for i in 0..<length {
                let t = oldDirectory[i]
                (directory + 2 * i).initialize(to: t)
                (directory + 2 * i + 1).initialize(to: t)
                // A table spans aligned entries; only its first entry still carries its old index.
                if t.pointee.index == i { t.pointee.index = 2 * i }
            }
            oldDirectory.deallocate()
            h.pointee.directory = directory
            h.pointee.directoryLength = 2 * length
            h.pointee.globalDepth += 1
            h.pointee.globalShift -= 1
            h.pointee.garbageBytes += garbage
            h.pointee.directoryGrows += 1
            if growthObserver != nil {
                event = _event(.directoryGrow, oldCapacity: old.pointee.capacity, newCapacity: old.pointee.capacity,
                               localDepth: old.pointee.localDepth + 1, allocated: h.pointee.directoryBytes,
                               garbage: garbage, moved: 0)
            }
        }
        left.pointee.index = old.pointee.index
        _replaceTable(left)
        right.pointee.index = left.pointee.index + (1 << (h.pointee.globalDepth - left.pointee.localDepth))
        _replaceTable(right)
        return event
    }

    // MARK: Tombstones

    /// Go's pruneTombstones: when tombstones are at least 10 % of the capacity, empties every
    /// tombstone that no live key's probe sequence runs past, provided that frees at least 10 %
    /// of the capacity. Best effort; nothing moves.
    @inlinable @inline(never)
    func _pruneTombstones(_ table: UnsafeMutablePointer<_SwissTable>) {
        let capacity = table.pointee.capacity
        if table.pointee.tombstones * _pruneDivisor < capacity { return }
        // Groups whose tombstones some probe needs, and groups with an empty slot (left alone).
        var needed = _GroupSet()
        let groups = table.pointee.groups
        let mask = table.pointee.lengthMask
        for index in 0...mask {
            let g = _group(groups, index)
            var full = Self._control(g).matchFull()
            while !full.isEmpty {
                let key = _keyPointer(g, full.first).pointee
                full = full.removingFirst()
                // A key unequal to itself (NaN) is never looked up, so its probe may break.
                guard key == key else { continue }
                var probe = _ProbeSequence(hash: _hash(key), mask: mask)
                while probe.offset != index {
                    // Not the key's group yet: a free slot here must be a tombstone, and is needed.
                    if !Self._control(_group(groups, probe.offset)).matchEmptyOrDeleted().isEmpty {
                        needed.insert(probe.offset)
                    }
                    probe.advance()
                }
            }
            if !Self._control(g).matchEmpty().isEmpty { needed.insert(index) }
        }
        var prunable = 0
        for index in 0...mask where !needed.contains(index) {
            prunable += Self._control(_group(groups, index)).matchEmptyOrDeleted().count
        }
        if prunable * _pruneDivisor < capacity { return }  // not worth it: the caller rehashes
        for index in 0...mask where !needed.contains(index) {
            let g = _group(groups, index)
            var deleted = Self._control(g).matchEmptyOrDeleted()
            while !deleted.isEmpty {
                Self._setControl(g, deleted.first, _ctrlEmpty)
                table.pointee.growthLeft += 1
                deleted = deleted.removingFirst()
            }
        }
        _h.pointee.prunes += 1
    }

    // MARK: Events

    /// A growth event numbered after the map's latest.
    @usableFromInline
    func _event(_ kind: SwissMapGrowthKind, oldCapacity: Int, newCapacity: Int, localDepth: Int, allocated: Int,
                garbage: Int, moved: Int) -> SwissMapGrowthEvent {
        let h = _h.pointee
        return SwissMapGrowthEvent(
            index: h.events, kind: kind, count: h.count, oldCapacity: oldCapacity, newCapacity: newCapacity,
            localDepth: localDepth, globalDepth: h.globalDepth, directoryLength: h.directoryLength, tables: h.tables,
            bytesAllocated: allocated, bytesGarbage: garbage, entriesMoved: moved)
    }
}

/// A set of group indices of one table (at most 1024 / 8 = 128 groups).
@usableFromInline
struct _GroupSet {
    @usableFromInline var low: UInt64 = 0
    @usableFromInline var high: UInt64 = 0

    @inlinable
    init() {}

    @inlinable
    mutating func insert(_ index: Int) {
        if index < 64 { low |= 1 << UInt64(index) } else { high |= 1 << UInt64(index - 64) }
    }

    @inlinable
    func contains(_ index: Int) -> Bool {
        index < 64 ? low >> UInt64(index) & 1 != 0 : high >> UInt64(index - 64) & 1 != 0
    }
}
