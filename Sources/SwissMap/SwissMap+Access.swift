// Lookup, insert/update and delete: Go's Map.Get/PutSlot/Delete and their table and small-map
// halves (map.go, table.go). The subscript, `contains` and the rest of the public surface derive
// from these in MapCore's `GoMapModel`.
import MapCore

extension SwissMap {
    /// The value for `key`, or nil when the map has no entry for it.
    @inlinable
    public func value(forKey key: Key) -> Value? {
        guard let (g, i) = _find(key) else { return nil }
        return _valuePointer(g, i).pointee
    }

    /// Sets the value for `key`, inserting the key if it is new.
    ///
    /// - Returns: The value it replaced, or nil when the key was inserted.
    @inlinable @inline(__always) @discardableResult
    public func updateValue(_ value: Value, forKey key: Key) -> Value? {
        let (g, i, inserted) = _assign(key)
        let slot = _valuePointer(g, i)
        if inserted {
            if MemoryLayout<Value>.size != 0 { slot.initialize(to: value) }
            return nil
        }
        if MemoryLayout<Value>.size == 0 { return slot.pointee }
        let old = slot.move()
        slot.initialize(to: value)
        return old
    }

    /// Removes the entry for `key`.
    ///
    /// - Returns: The removed value, or nil when the map had no entry for it.
    @inlinable @discardableResult
    public func removeValue(forKey key: Key) -> Value? {
        _delete(key)
    }

    // MARK: Hashing and the directory

    /// The seeded hash of `key` under this map's current seed.
    @inlinable @inline(__always)
    func _hash(_ key: Key) -> UInt64 {
        SeededHash.hash(key, seed: _h.pointee.seed)
    }

    /// The table the directory assigns to `hash`: entry hash >> (64 - globalDepth), 0 for a
    /// directory of one (Go's directoryIndex).
    @inlinable @inline(__always)
    func _table(for hash: UInt64) -> UnsafeMutablePointer<_SwissTable> {
        let h = _h
        let index = h.pointee.directoryLength == 1 ? 0 : Int(truncatingIfNeeded: hash &>> UInt64(h.pointee.globalShift))
        return h.pointee.directory.unsafelyUnwrapped[index]
    }

    // MARK: Get

    /// The group and slot holding `key`, or nil.
    @inlinable
    func _find(_ key: Key) -> (UnsafeMutableRawPointer, Int)? {
        let h = _h
        if h.pointee.count == 0 { return nil }
        let hash = _hash(key)
        if h.pointee.directoryLength == 0 {
            let g = h.pointee.small.unsafelyUnwrapped
            guard let i = _slot(of: key, h2: _h2(hash), in: g, Self._control(g)) else { return nil }
            return (g, i)
        }
        return _find(key, hash: hash, in: _table(for: hash))
    }

    /// The group and slot of `key` in `table`, or nil: probe until a group with an empty slot.
    @inlinable @inline(__always)
    func _find(_ key: Key, hash: UInt64, in table: UnsafeMutablePointer<_SwissTable>)
        -> (UnsafeMutableRawPointer, Int)? {
        let h2 = _h2(hash)
        let groups = table.pointee.groups
        var probe = _ProbeSequence(hash: hash, mask: table.pointee.lengthMask)
        while true {
            let g = _group(groups, probe.offset)
            let control = Self._control(g)
            if let i = _slot(of: key, h2: h2, in: g, control) { return (g, i) }
            if !control.matchEmpty().isEmpty { return nil }
            probe.advance()
        }
    }

    /// The slot of group `g` holding `key`, or nil: only slots whose H2 matches are compared.
    @inlinable @inline(__always)
    func _slot(of key: Key, h2: UInt8, in g: UnsafeMutableRawPointer, _ control: _ControlWord) -> Int? {
        var candidates = control.matchH2(h2)
        while !candidates.isEmpty {
            let i = candidates.first
            if _keyPointer(g, i).pointee == key { return i }
            candidates = candidates.removingFirst()
        }
        return nil
    }

    // MARK: Put

    /// The group and slot for `key`, inserting the key when new. When `inserted` is true the
    /// value slot is uninitialized (a fresh box when values are indirect) and the caller must
    /// initialize it.
    @inlinable @inline(__always)
    func _assign(_ key: Key) -> (UnsafeMutableRawPointer, Int, inserted: Bool) {
        let hash = _hash(key)
        if _h.pointee.directoryLength == 0 { return _assignSmall(key, hash: hash) }
        while true {
            if let result = _putSlot(key, hash: hash, in: _table(for: hash)) { return result }
            // The table rehashed (grew or split); the directory now names the key's new table.
        }
    }

    /// Go's table.PutSlot: the existing slot, or a new one at the first tombstone of the probe,
    /// else at the first empty slot of the group that ends it. Returns nil after a rehash (the
    /// caller looks the table up again).
    @inlinable @inline(__always)
    func _putSlot(_ key: Key, hash: UInt64, in table: UnsafeMutablePointer<_SwissTable>)
        -> (UnsafeMutableRawPointer, Int, inserted: Bool)? {
        let h2 = _h2(hash)
        let groups = table.pointee.groups
        var probe = _ProbeSequence(hash: hash, mask: table.pointee.lengthMask)
        var tombstoneGroup: UnsafeMutableRawPointer? = nil
        var tombstoneSlot = 0
        while true {
            let g = _group(groups, probe.offset)
            let control = Self._control(g)
            if let i = _slot(of: key, h2: h2, in: g, control) {
                _h.pointee.mutations &+= 1
                return (g, i, false)
            }
            let free = control.matchEmptyOrDeleted()
            if free.isEmpty {
                probe.advance()
                continue
            }
            let i = free.first
            if control.byte(i) == _ctrlDeleted {
                // Remember the first tombstone and keep probing: the key may still be further on.
                if tombstoneGroup == nil {
                    tombstoneGroup = g
                    tombstoneSlot = i
                }
                probe.advance()
                continue
            }
            // An empty slot: the probe ends here and the key is new.
            if let reuse = tombstoneGroup {
                _fillSlot(reuse, tombstoneSlot, key, h2: h2, table: table)  // no growthLeft spent
                return (reuse, tombstoneSlot, true)
            }
            if table.pointee.growthLeft == 0 && _h.pointee.prunesTombstones { _pruneTombstones(table) }
            if table.pointee.growthLeft > 0 {
                table.pointee.growthLeft &-= 1
                _fillSlot(g, i, key, h2: h2, table: table)
                return (g, i, true)
            }
            _rehash(table)
            return nil
        }
    }

    /// Fills an empty or deleted slot with `key` (boxing it when indirect, and giving an indirect
    /// value its box) and counts the entry.
    @inlinable @inline(__always)
    func _fillSlot(_ g: UnsafeMutableRawPointer, _ i: Int, _ key: Key, h2: UInt8,
                   table: UnsafeMutablePointer<_SwissTable>?) {
        _initializeKey(g, i, key)
        if Self._valueIndirect { _initializeValueBox(g, i) }
        Self._setControl(g, i, h2)
        if let table { table.pointee.used &+= 1 }
        let h = _h
        h.pointee.count &+= 1
        h.pointee.mutations &+= 1
    }

    /// Stores `key` into an empty slot (in a new box when keys are indirect).
    @inlinable @inline(__always)
    func _initializeKey(_ g: UnsafeMutableRawPointer, _ i: Int, _ key: Key) {
        if MemoryLayout<Key>.size == 0 { return }
        let slot = _geometry.key(g, i)
        if Self._keyIndirect {
            let box = _allocateBox(Key.self)
            box.initializeMemory(as: Key.self, to: key)
            slot.storeBytes(of: box, as: UnsafeMutableRawPointer.self)
        } else {
            slot.initializeMemory(as: Key.self, to: key)
        }
    }

    /// Puts a fresh (uninitialized) box into value slot `i`, for values stored indirectly.
    @inlinable @inline(__always)
    func _initializeValueBox(_ g: UnsafeMutableRawPointer, _ i: Int) {
        _geometry.value(g, i).storeBytes(of: _allocateBox(Value.self),
                                         as: UnsafeMutableRawPointer.self)
    }

    /// Go's putSlotSmall (allocating the group first, Go's growToSmall); when all 8 slots are
    /// full and the key is new, converts the map into a table of 16 (growToTable) and inserts
    /// there. Before Go 1.27 (`smallMapUpdatesInPlace` false) a full small map grows first, even
    /// for a key it holds, which is then updated in the new table.
    @inlinable @inline(never)
    func _assignSmall(_ key: Key, hash: UInt64) -> (UnsafeMutableRawPointer, Int, inserted: Bool) {
        let h = _h
        if h.pointee.small == nil { _growToSmall() }
        let g = h.pointee.small.unsafelyUnwrapped
        let h2 = _h2(hash)
        let control = Self._control(g)
        if !h.pointee.smallMapUpdatesInPlace && h.pointee.count == _groupSlots {
            _ = _growToTable()
            while true {
                if let result = _putSlot(key, hash: hash, in: _table(for: hash)) { return result }
            }
        }
        if let i = _slot(of: key, h2: h2, in: g, control) {
            h.pointee.mutations &+= 1
            return (g, i, false)
        }
        let free = control.matchEmptyOrDeleted()  // a small map never holds tombstones
        if !free.isEmpty {
            _fillSlot(g, free.first, key, h2: h2, table: nil)
            return (g, free.first, true)
        }
        let table = _growToTable()
        let (tg, ti) = _uncheckedFreeSlot(table, hash: hash)
        _fillSlot(tg, ti, key, h2: h2, table: table)
        return (tg, ti, true)
    }

    // MARK: Delete

    /// Removes `key` and returns its value (Go's Map.Delete).
    @inlinable
    func _delete(_ key: Key) -> Value? {
        let h = _h
        if h.pointee.count == 0 { return nil }
        let hash = _hash(key)
        let value: Value
        if h.pointee.directoryLength == 0 {
            let g = h.pointee.small.unsafelyUnwrapped
            guard let i = _slot(of: key, h2: _h2(hash), in: g, Self._control(g)) else { return nil }
            value = _takeEntry(g, i)
            Self._setControl(g, i, _ctrlEmpty)  // one group: a freed slot is reusable at once
        } else {
            let table = _table(for: hash)
            guard let (g, i) = _find(key, hash: hash, in: table) else { return nil }
            value = _takeEntry(g, i)
            table.pointee.used -= 1
            // Only a full group can sit in the middle of a probe sequence. If this group still has
            // an empty slot, no probe runs past it and the slot can simply be emptied.
            if !Self._control(g).matchEmpty().isEmpty {
                Self._setControl(g, i, _ctrlEmpty)
                table.pointee.growthLeft += 1
            } else {
                Self._setControl(g, i, _ctrlDeleted)
                h.pointee.tombstonePossible = true
            }
        }
        h.pointee.count -= 1
        h.pointee.mutations &+= 1
        if h.pointee.count == 0 { h.pointee.seed = h.pointee.nextRandom() }  // Go renews it (go.dev/issue/25237)
        return value
    }

    /// Moves the value out of an occupied slot and destroys its key (freeing their boxes).
    @inlinable
    func _takeEntry(_ g: UnsafeMutableRawPointer, _ i: Int) -> Value {
        _destroy(Key.self, at: _geometry.key(g, i), boxed: Self._keyIndirect)
        let slot = _geometry.value(g, i)
        if Self._valueIndirect {
            let box = slot.load(as: UnsafeMutableRawPointer.self)
            let value = box.assumingMemoryBound(to: Value.self).move()
            _freeBox(box)
            return value
        }
        if MemoryLayout<Value>.size == 0 { return slot.assumingMemoryBound(to: Value.self).pointee }
        return slot.assumingMemoryBound(to: Value.self).move()
    }

    /// Destroys the `T` stored at `slot` (in place, or in the box the slot points at when `boxed`,
    /// freeing the box).
    @inlinable @inline(__always)
    func _destroy<T>(_ type: T.Type, at slot: UnsafeMutableRawPointer, boxed: Bool) {
        if boxed {
            let box = slot.load(as: UnsafeMutableRawPointer.self)
            box.assumingMemoryBound(to: T.self).deinitialize(count: 1)
            _freeBox(box)
        } else if MemoryLayout<T>.size != 0 {
            slot.assumingMemoryBound(to: T.self).deinitialize(count: 1)
        }
    }

    /// Destroys the key and value of an occupied slot (freeing their boxes).
    @inlinable
    func _destroyEntry(_ g: UnsafeMutableRawPointer, _ i: Int) {
        _destroy(Key.self, at: _geometry.key(g, i), boxed: Self._keyIndirect)
        _destroy(Value.self, at: _geometry.value(g, i), boxed: Self._valueIndirect)
    }
}
