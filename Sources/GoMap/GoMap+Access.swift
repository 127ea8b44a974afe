// Lookup, insert/update and delete: Go's mapaccess, mapassign and mapdelete. The subscript,
// `contains` and the rest of the public surface derive from these in MapCore's `GoMapModel`.
import MapCore

extension GoMap {
    /// The value for `key`, or nil when the map has no entry for it.
    @inlinable @inline(__always)
    public func value(forKey key: Key) -> Value? {
        guard let (b, i) = _find(key) else { return nil }
        return Self._valuePointer(b, i).pointee
    }

    /// Sets the value for `key`, inserting the key if it is new.
    ///
    /// - Returns: The value it replaced, or nil when the key was inserted.
    @inlinable @inline(__always) @discardableResult
    public func updateValue(_ value: Value, forKey key: Key) -> Value? {
        let (b, i, inserted) = _assign(key)
        let slot = Self._valuePointer(b, i)
        if inserted {
            slot.initialize(to: value)
            return nil
        }
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

    // MARK: mapaccess

    /// The bucket and slot holding `key`, or nil (Go's mapaccess). Always inlined, as are
    /// `value(forKey:)` and `contains` (GoMapModel's): a lookup loop that calls them instead costs about 15 %
    /// (gomap-bench, Int64 -> Bool, 1M keys).
    @inlinable @inline(__always)
    func _find(_ key: Key) -> (UnsafeMutableRawPointer, Int)? {
        let h = _h
        if h.pointee.count == 0 { return nil }
        let hash = _hash(key)
        var mask = (1 &<< h.pointee.b) &- 1
        var b = Self._bucket(h.pointee.buckets.unsafelyUnwrapped, Int(truncatingIfNeeded: hash) & mask)
        if let old = h.pointee.oldBuckets {
            if !h.pointee.sameSizeGrow { mask >>= 1 }
            let oldBucket = Self._bucket(old, Int(truncatingIfNeeded: hash) & mask)
            if !Self._isEvacuated(oldBucket) { b = oldBucket }
        }
        return Self._search(key, top: Self._tophash(hash), from: b)
    }

    /// The bucket and slot holding `key` in the chain that starts at `first`, or nil: candidates
    /// by tophash, bucket by bucket, stopping at the first emptyRest.
    @inlinable @inline(__always)
    static func _search(_ key: Key, top: UInt8, from first: UnsafeMutableRawPointer)
        -> (UnsafeMutableRawPointer, Int)? {
        var current: UnsafeMutableRawPointer? = first
        while let bucket = current {
            let word = _topWord(bucket)
            if let i = _slot(of: key, top: top, in: bucket, word: word) { return (bucket, i) }
            if ByteLanes.zeroBytes(word) != 0 { return nil }  // an emptyRest slot: nothing further
            current = _overflow(bucket)
        }
        return nil
    }

    // MARK: mapassign

    /// The bucket and slot for `key`, inserting the key when new (Go's mapassign). When
    /// `inserted` is true the value slot is uninitialized and the caller must initialize it.
    ///
    /// The common insert takes the inlined fast path: no growth in progress, the array exists,
    /// no tophash in the key's bucket matches, the bucket has an emptyRest slot (so the key is
    /// not further down its chain) and adding a key starts no growth. Then the new key goes to
    /// the bucket's first empty slot, exactly where Go's mapassign puts it. Everything else
    /// (updates, overflow chains, full buckets, growth) takes `_assignSlow`, the full algorithm.
    /// Keeping the fast path short matters: an insert into a large map waits on one cache miss
    /// (the tophash word), and the fewer instructions and stores each insert issues, the more
    /// inserts the core overlaps while waiting.
    @inlinable @inline(__always)
    func _assign(_ key: Key) -> (bucket: UnsafeMutableRawPointer, slot: Int, inserted: Bool) {
        let h = _h
        let hash = _hash(key)
        if let buckets = h.pointee.buckets, h.pointee.oldBuckets == nil {
            let bShift = h.pointee.b
            let b = Self._bucket(buckets, Int(truncatingIfNeeded: hash) & ((1 &<< bShift) &- 1))
            let top = Self._tophash(hash)
            let word = Self._topWord(b)
            let count = h.pointee.count
            if ByteLanes.matching(word, top) == 0 && ByteLanes.zeroBytes(word) != 0
                && !_overLoadFactor(count &+ 1, bShift, h.pointee.loadFactorNum)
                && !_tooManyOverflowBuckets(h.pointee.noverflow, bShift) {
                let slot = _emptyBytes(word).trailingZeroBitCount &>> 3
                Self._setTop(b, slot, top)
                _initializeKey(b, slot, key)
                if Self._valueIndirect { _initializeValueBox(b, slot) }
                h.pointee.count = count &+ 1
                h.pointee.mutations &+= 1
                return (b, slot, true)
            }
        }
        return _assignSlow(key, hash: hash)
    }

    /// Go's mapassign in full, for every insert or update the fast path of `_assign` leaves.
    @inlinable @inline(never)
    func _assignSlow(_ key: Key, hash: UInt64) -> (bucket: UnsafeMutableRawPointer, slot: Int, inserted: Bool) {
        let h = _h
        if h.pointee.buckets == nil { _allocateFirstBucket() }
        while true {
            let bucketIndex = Int(truncatingIfNeeded: hash) & ((1 &<< h.pointee.b) &- 1)
            if h.pointee.oldBuckets != nil { _growWork(bucketIndex) }
            var b = Self._bucket(h.pointee.buckets.unsafelyUnwrapped, bucketIndex)
            let top = Self._tophash(hash)
            var insertBucket: UnsafeMutableRawPointer? = nil
            var insertSlot = 0
            while true {
                let word = Self._topWord(b)
                if let i = Self._slot(of: key, top: top, in: b, word: word) {
                    h.pointee.mutations &+= 1
                    return (b, i, false)
                }
                if insertBucket == nil {
                    let empties = _emptyBytes(word)
                    if empties != 0 {
                        insertBucket = b
                        insertSlot = empties.trailingZeroBitCount &>> 3
                    }
                }
                if ByteLanes.zeroBytes(word) != 0 { break }  // emptyRest: the key is not further down
                guard let next = Self._overflow(b) else { break }
                b = next
            }
            // A new key. Grow first if the load factor or the overflow count says so, then retry.
            if h.pointee.oldBuckets == nil
                && (_overLoadFactor(h.pointee.count &+ 1, h.pointee.b, h.pointee.loadFactorNum)
                    || _tooManyOverflowBuckets(h.pointee.noverflow, h.pointee.b)) {
                _hashGrow()
                continue
            }
            if insertBucket == nil {
                insertBucket = _newOverflow(after: b)
                insertSlot = 0
            }
            let target = insertBucket.unsafelyUnwrapped
            Self._setTop(target, insertSlot, top)
            _initializeKey(target, insertSlot, key)
            if Self._valueIndirect { _initializeValueBox(target, insertSlot) }
            h.pointee.count &+= 1
            h.pointee.mutations &+= 1
            return (target, insertSlot, true)
        }
    }

    /// Puts a fresh (uninitialized) box into value slot `i`, for values stored out of line.
    @inlinable @inline(__always)
    func _initializeValueBox(_ b: UnsafeMutableRawPointer, _ i: Int) {
        Self._valueSlotAddress(b, i).storeBytes(
            of: _allocateBox(Value.self),
            as: UnsafeMutableRawPointer.self)
    }

    /// The slot of bucket `b` holding `key`, or nil. `word` is the bucket's tophash word; only slots
    /// whose tophash equals `top` are compared (candidates from the word are confirmed one by one).
    @inlinable @inline(__always)
    static func _slot(of key: Key, top: UInt8, in b: UnsafeMutableRawPointer, word: UInt64) -> Int? {
        var candidates = ByteLanes.matching(word, top)
        while candidates != 0 {
            let i = candidates.trailingZeroBitCount &>> 3
            candidates &= candidates &- 1
            if _top(b, i) == top && _keyPointer(b, i).pointee == key { return i }
        }
        return nil
    }

    /// Stores `key` into an empty slot (boxing it when it is larger than 128 bytes).
    @inlinable @inline(__always)
    func _initializeKey(_ b: UnsafeMutableRawPointer, _ i: Int, _ key: Key) {
        let slot = Self._keySlotAddress(b, i)
        if Self._keyIndirect {
            let box = _allocateBox(Key.self)
            box.initializeMemory(as: Key.self, to: key)
            slot.storeBytes(of: box, as: UnsafeMutableRawPointer.self)
        } else {
            slot.initializeMemory(as: Key.self, to: key)
        }
    }

    /// Allocates an out-of-line box for a stored `T` (Go's bytes for indirect keys and values are
    /// the shape's, counted per entry in `stats`).
    @usableFromInline
    func _allocateBox<T>(_ type: T.Type) -> UnsafeMutableRawPointer {
        precondition(MemoryLayout<T>.alignment <= 16, "GoMap: boxed types aligned above 16 bytes are not supported")
        return _malloc(MemoryLayout<T>.size)
    }

    /// Frees an out-of-line box of a stored `T`.
    @usableFromInline
    func _freeBox<T>(_ box: UnsafeMutableRawPointer, _ type: T.Type) {
        _free(box)
    }

    /// Destroys the `T` stored at `slot` (in place, or in the box the slot points at when `boxed`,
    /// freeing the box).
    @inlinable @inline(__always)
    func _destroy<T>(_ type: T.Type, at slot: UnsafeMutableRawPointer, boxed: Bool) {
        if boxed {
            let box = slot.load(as: UnsafeMutableRawPointer.self)
            box.assumingMemoryBound(to: T.self).deinitialize(count: 1)
            _freeBox(box, T.self)
        } else {
            slot.assumingMemoryBound(to: T.self).deinitialize(count: 1)
        }
    }

    /// Destroys the key in an occupied slot (and frees its box).
    @inlinable
    func _destroyKey(_ b: UnsafeMutableRawPointer, _ i: Int) {
        _destroy(Key.self, at: Self._keySlotAddress(b, i), boxed: Self._keyIndirect)
    }

    /// Destroys the key and value in an occupied slot (and frees their boxes).
    @inlinable
    func _destroyEntry(_ b: UnsafeMutableRawPointer, _ i: Int) {
        _destroyKey(b, i)
        _destroy(Value.self, at: Self._valueSlotAddress(b, i), boxed: Self._valueIndirect)
    }

    // MARK: mapdelete

    /// Removes `key` and returns its value (Go's mapdelete, keeping emptyRest markers right).
    @inlinable
    func _delete(_ key: Key) -> Value? {
        let h = _h
        if h.pointee.count == 0 { return nil }
        let hash = _hash(key)
        let bucketIndex = Int(truncatingIfNeeded: hash) & ((1 &<< h.pointee.b) &- 1)
        if h.pointee.oldBuckets != nil { _growWork(bucketIndex) }
        let first = Self._bucket(h.pointee.buckets.unsafelyUnwrapped, bucketIndex)
        guard let (b, i) = Self._search(key, top: Self._tophash(hash), from: first) else { return nil }
        let value = _removeEntry(first: first, bucket: b, slot: i)
        h.pointee.count -= 1
        h.pointee.mutations &+= 1
        if h.pointee.count == 0 { h.pointee.hash0 = h.pointee.nextRandom() }
        return value
    }

    /// Moves the value out of slot `i`, destroys the key, marks the slot emptyOne, and turns a
    /// trailing run of emptyOne (backwards through the chain) into emptyRest.
    @inlinable
    func _removeEntry(first: UnsafeMutableRawPointer, bucket: UnsafeMutableRawPointer, slot: Int) -> Value {
        var b = bucket
        var i = slot
        _destroyKey(b, i)
        let value: Value
        if Self._valueIndirect {
            let box = Self._valueSlotAddress(b, i).load(as: UnsafeMutableRawPointer.self)
            value = box.assumingMemoryBound(to: Value.self).move()
            _freeBox(box, Value.self)
        } else {
            value = Self._valueSlotAddress(b, i).assumingMemoryBound(to: Value.self).move()
        }
        Self._setTop(b, i, _emptyOne)
        // Only if nothing live follows this slot does the run of empties become emptyRest.
        if i == _bucketCount - 1 {
            if let next = Self._overflow(b), Self._top(next, 0) != _emptyRest { return value }
        } else if Self._top(b, i + 1) != _emptyRest {
            return value
        }
        while true {
            Self._setTop(b, i, _emptyRest)
            if i == 0 {
                if b == first { break }
                // Step back to the previous bucket of the chain, at its last slot.
                var previous = first
                while Self._overflow(previous) != b { previous = Self._overflow(previous).unsafelyUnwrapped }
                b = previous
                i = _bucketCount - 1
            } else {
                i -= 1
            }
            if Self._top(b, i) != _emptyOne { break }
        }
        return value
    }
}
