// removeAll (Go's mapclear) and the release of everything at deinit.

extension GoMap {
    /// Removes every entry, with Go's clear semantics: B and the bucket array stay (zeroed),
    /// separately allocated overflow buckets and a growth in progress are dropped (the observer
    /// gets `.finished` with `completed == false`), the
    /// preallocated overflow buckets become available again, noverflow and the seed are reset.
    /// An empty map is left as it is.
    public func removeAll() {
        let h = _h
        if h.pointee.count == 0 { return }
        _destroyAllEntries()
        _finishGrowth(completed: false)  // a growth in progress is dropped; the observer hears it end
        h.pointee.overflowList.freeAll()
        h.pointee.overflowInUse = 0
        h.pointee.overflowSliceCapacity = 0  // Go's *h.extra = mapextra{}; mapextra itself stays
        h.pointee.noverflow = 0
        h.pointee.count = 0
        h.pointee.hash0 = h.pointee.nextRandom()
        h.pointee.mutations &+= 1
        if let buckets = h.pointee.buckets {
            _zero(buckets, (1 << h.pointee.b) * Self._bucketSize)
            _install(_BucketArray(base: buckets, buckets: h.pointee.arrayBucketCount, bytes: h.pointee.arrayBytes),
                     b: h.pointee.b)
        }
    }

    /// Destroys every live entry in both generations (and frees their boxes).
    @usableFromInline
    func _destroyAllEntries() {
        guard !(_isPOD(Key.self) && _isPOD(Value.self)) || Self._keyIndirect || Self._valueIndirect else { return }
        _forEachOccupiedSlot { b, i in _destroyEntry(b, i) }
    }

    /// Calls `body` with every live slot: unevacuated old buckets' chains, then the current
    /// array's chains. Evacuated old slots hold no entry (their contents moved).
    @usableFromInline
    func _forEachOccupiedSlot(_ body: (UnsafeMutableRawPointer, Int) -> Void) {
        let h = _h
        func walk(_ array: UnsafeMutableRawPointer, buckets: Int) {
            for index in 0..<buckets {
                var current: UnsafeMutableRawPointer? = Self._bucket(array, index)
                while let b = current {
                    for i in 0..<_bucketCount where Self._top(b, i) >= _minTopHash { body(b, i) }
                    current = Self._overflow(b)
                }
            }
        }
        if let old = h.pointee.oldBuckets { walk(old, buckets: h.pointee.oldBucketCount) }
        if let buckets = h.pointee.buckets { walk(buckets, buckets: 1 << h.pointee.b) }
    }

    /// Destroys every entry and frees every block (deinit).
    @usableFromInline
    func _releaseEverything() {
        let h = _h
        _destroyAllEntries()
        _ = _releaseOldGeneration()
        h.pointee.overflowList.freeAll()
        if let buckets = h.pointee.buckets { _free(buckets) }
        h.pointee.buckets = nil
    }
}
