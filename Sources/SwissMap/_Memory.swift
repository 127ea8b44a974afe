// Blocks and their Go-rounded sizes. Blocks come from Swift's allocator (malloc underneath, so
// jemalloc under mapheap); every figure the map reports is what Go's allocator would spend on the
// same object (MapCore's GoSizeClasses), so the counts match the real Go map, not malloc.
import MapCore

extension SwissMap {
    /// The Go footprint of a groups array of `groups` groups of the map's shape.
    @inlinable
    func _groupsFootprint(_ groups: Int) -> Int {
        _account.arrayBytes(groups: groups)
    }

    /// The Go footprint of a directory of `length` table pointers.
    @inlinable
    static func _directoryFootprint(_ length: Int) -> Int {
        GoSizeClasses.footprint(size: length * _pointerBytes, hasPointers: true)
    }

    /// The Go footprint of one table header.
    @inlinable
    static var _tableHeaderFootprint: Int { GoSizeClasses.footprint(size: _tableHeaderBytes, hasPointers: true) }

    /// The Go footprint of the map header.
    @inlinable
    static var _mapHeaderFootprint: Int { GoSizeClasses.footprint(size: _mapHeaderBytes, hasPointers: true) }

    /// A new groups array of `count` groups, every slot empty. Groups carry no other state until
    /// a slot is filled, so only the control words are written.
    @inlinable
    func _allocateGroups(_ count: Int) -> UnsafeMutableRawPointer {
        let size = _geometry.size
        let groups = UnsafeMutableRawPointer.allocate(byteCount: count * size, alignment: Self._groupAlignment)
        for index in 0..<count { Self._setAllEmpty(groups + index * size) }
        return groups
    }

    /// A new table (header and groups) of `capacity` slots (rounded up to a power of two, at least
    /// 8), counted in the map's accounting. Go's newTable.
    @inlinable
    func _newTable(capacity: Int, localDepth: Int, index: Int) -> UnsafeMutablePointer<_SwissTable> {
        precondition(capacity <= _maxTableCapacity, "SwissMap: initial table capacity too large")
        let slots = _nextPowerOfTwo(Swift.max(capacity, _groupSlots))
        let table = UnsafeMutablePointer<_SwissTable>.allocate(capacity: 1)
        table.initialize(to: _SwissTable(capacity: slots, localDepth: localDepth, index: index,
                                         groups: _allocateGroups(slots / _groupSlots)))
        let h = _h
        h.pointee.tables += 1
        h.pointee.tableCapacity += slots
        h.pointee.groupBytes += _groupsFootprint(slots / _groupSlots)
        return table
    }

    /// The Go bytes of one table: its header and its groups array.
    @inlinable
    func _tableFootprint(_ table: UnsafeMutablePointer<_SwissTable>) -> Int {
        Self._tableHeaderFootprint + _groupsFootprint(table.pointee.groupCount)
    }

    /// Frees a table whose entries were moved or destroyed, uncounts it, and returns its Go bytes
    /// (which Go would keep as garbage until its next collection).
    @inlinable
    func _freeTable(_ table: UnsafeMutablePointer<_SwissTable>) -> Int {
        let bytes = _tableFootprint(table)
        let h = _h
        h.pointee.tables -= 1
        h.pointee.tableCapacity -= table.pointee.capacity
        h.pointee.groupBytes -= _groupsFootprint(table.pointee.groupCount)
        table.pointee.groups.deallocate()
        table.deinitialize(count: 1)
        table.deallocate()
        return bytes
    }

    /// A box for a stored key or value of type `T` over 128 bytes. Go's bytes for indirect keys
    /// and values are the shape's, counted per entry (`mapShape.indirectBytesPerEntry`).
    @usableFromInline
    func _allocateBox<T>(_ type: T.Type) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
    }

    /// Frees a box (its contents already destroyed or moved).
    @usableFromInline
    func _freeBox(_ box: UnsafeMutableRawPointer) {
        box.deallocate()
    }
}

/// The smallest power of two at least `n` (n >= 1).
@inlinable
func _nextPowerOfTwo(_ n: Int) -> Int {
    n <= 1 ? 1 : 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount)
}
