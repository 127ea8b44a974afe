// removeAll (Go's Map.Clear and table.Clear) and the release of everything at deinit.

extension SwissMap {
    /// Removes every entry, with Go's clear semantics: every table is emptied in place (capacity,
    /// directory and groups kept, tombstones gone), the small group is emptied, and the seed is
    /// renewed. A map with no entries and no possible tombstones is left as it is.
    public func removeAll() {
        let h = _h
        if h.pointee.count == 0 && !h.pointee.tombstonePossible { return }
        if let g = h.pointee.small {
            _destroyEntries(in: g)
            Self._setAllEmpty(g)
        } else {
            _forEachTable { table in
                let t = table.pointee
                if t.used == 0 && t.growthLeft == _SwissTable.maxGrowthLeft(t.capacity) { return }
                for index in 0..<t.groupCount {
                    let g = _group(t.groups, index)
                    _destroyEntries(in: g)
                    Self._setAllEmpty(g)
                }
                table.pointee.used = 0
                table.pointee.growthLeft = _SwissTable.maxGrowthLeft(t.capacity)
            }
            h.pointee.tombstonePossible = false
        }
        h.pointee.count = 0
        h.pointee.mutations &+= 1
        h.pointee.seed = h.pointee.nextRandom()
    }

    /// Destroys the entries of every full slot of group `g` (freeing their boxes).
    @inlinable
    func _destroyEntries(in g: UnsafeMutableRawPointer) {
        guard !(_isPOD(Key.self) && _isPOD(Value.self)) || Self._keyIndirect || Self._valueIndirect else { return }
        var full = Self._control(g).matchFull()
        while !full.isEmpty {
            _destroyEntry(g, full.first)
            full = full.removingFirst()
        }
    }

    /// Calls `body` with every full slot: the small group's, or every table's in directory order.
    @inlinable
    func _forEachOccupiedSlot(_ body: (UnsafeMutableRawPointer, Int) -> Void) {
        func visit(_ g: UnsafeMutableRawPointer) {
            var full = Self._control(g).matchFull()
            while !full.isEmpty {
                body(g, full.first)
                full = full.removingFirst()
            }
        }
        if let g = _h.pointee.small { visit(g) }
        _forEachTable { table in
            for index in 0..<table.pointee.groupCount { visit(_group(table.pointee.groups, index)) }
        }
    }

    /// Destroys every entry and frees every block (deinit).
    @inlinable
    func _releaseEverything() {
        let h = _h
        if let g = h.pointee.small {
            _destroyEntries(in: g)
            g.deallocate()
            h.pointee.small = nil
        }
        var tables: [UnsafeMutablePointer<_SwissTable>] = []
        tables.reserveCapacity(h.pointee.tables)
        _forEachTable { tables.append($0) }
        for table in tables {
            for index in 0..<table.pointee.groupCount { _destroyEntries(in: _group(table.pointee.groups, index)) }
            _ = _freeTable(table)
        }
        h.pointee.directory?.deallocate()
        h.pointee.directory = nil
    }
}
