// Creation with a hint, the two growth triggers, and incremental evacuation: Go's makemap,
// makeBucketArray, newoverflow, hashGrow, growWork, evacuate and advanceEvacuationMark.
import MapCore

/// Whether `count` entries in 2^b buckets are over the load factor of `loadFactorNum`/2: 6.5, or
/// 6 in Go 1.21, whose integer arithmetic rounded 8 × 13 / 16 down (Go's overLoadFactor).
@inlinable @inline(__always)
func _overLoadFactor(_ count: Int, _ b: Int, _ loadFactorNum: Int) -> Bool {
    count > _bucketCount && count > loadFactorNum * ((1 << b) / _loadFactorDen)
}

/// Whether there are too many overflow buckets for 2^b buckets (Go's tooManyOverflowBuckets).
@inlinable @inline(__always)
func _tooManyOverflowBuckets(_ noverflow: UInt16, _ b: Int) -> Bool {
    Int(noverflow) >= 1 << Swift.min(b, 15)
}

/// The B that Go's makemap chooses for a hint: the smallest with `hint` entries not over the
/// load factor.
@inlinable
func _bForHint(_ hint: Int, _ loadFactorNum: Int) -> Int {
    var b = 0
    while _overLoadFactor(hint, b, loadFactorNum) { b += 1 }
    return b
}

extension GoMap {
    /// The B that `GoMap(hint:shape:)` chooses for `hint` (negative counts as 0; a hint whose
    /// bucket array could not be allocated, in buckets of `shape`, counts as 0).
    /// `rules` gives the load factor (6.5, or 6 in Go 1.21).
    public static func bucketShift(forHint hint: Int, shape: MapShape = .of(Key.self, Value.self),
                                   rules: GoClassicRules = .go123) -> Int {
        _bForHint(_usableHint(hint, bucketSize: shape.bucket.size), rules.loadFactorNum.value)
    }

    /// Go's makemap hint check: negative, or more bucket bytes than can be allocated, is 0.
    @usableFromInline
    static func _usableHint(_ hint: Int, bucketSize: Int) -> Int {
        if hint < 0 { return 0 }
        let (bytes, overflow) = hint.multipliedReportingOverflow(by: bucketSize)
        if overflow || bytes > _maxAllocBytes { return 0 }
        return hint
    }

    /// makemap: chooses B for the hint and allocates the bucket array now when B > 0.
    @usableFromInline
    func _makeMap(hint: Int) {
        let b = _bForHint(Self._usableHint(hint, bucketSize: mapShape.bucket.size), _h.pointee.loadFactorNum)
        guard b > 0 else { return }
        guard let array = _makeBucketArray(b, orNil: true) else { return }  // cannot allocate: as hint 0
        _install(array, b: b)
    }

    /// The first bucket of a map created with B = 0, allocated by its first insert.
    @usableFromInline
    func _allocateFirstBucket() {
        let array = _makeBucketArray(0, orNil: false).unsafelyUnwrapped
        _install(array, b: 0)
    }

    /// A new zeroed bucket array for 2^b buckets, of the buckets Go's makeBucketArray gives the
    /// shape's bucket: from B = 4 on, 2^(B-4) extra buckets and every whole bucket Go's size class
    /// or pages leave over, kept as preallocated overflow buckets. Counted as Go's bytes for them;
    /// the block holds as many stored buckets (what malloc makes of it is not the map's).
    @usableFromInline
    func _makeBucketArray(_ b: Int, orNil: Bool) -> _BucketArray? {
        let go = mapShape.bucket.array(b: b, mallocHeaders: _h.pointee.mallocHeaders)
        let size = Self._bucketSize
        guard let base = orNil ? _callocOrNil(go.buckets, size) : _calloc(go.buckets, size) else { return nil }
        return _BucketArray(base: base, buckets: go.buckets, bytes: go.bytes)
    }

    /// Makes `array` the current bucket array, of 2^b primary buckets. Go allocates `mapextra` to
    /// hold `nextOverflow` when the array has preallocated overflow buckets.
    @usableFromInline
    func _install(_ array: _BucketArray, b: Int) {
        let h = _h
        h.pointee.b = b
        h.pointee.buckets = array.base
        h.pointee.arrayBytes = array.bytes
        h.pointee.arrayBucketCount = array.buckets
        let hasPreallocated = array.buckets > 1 << b
        h.pointee.nextOverflow = hasPreallocated ? Self._bucket(array.base, 1 << b) : nil
        if hasPreallocated { h.pointee.hasMapextra = true }
    }

    /// A fresh overflow bucket linked after `b`: the next preallocated one, else a new block
    /// (Go's newoverflow). Counts it in noverflow as Go does.
    @inlinable
    func _newOverflow(after b: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        let h = _h
        let size = Self._bucketSize
        let bucket: UnsafeMutableRawPointer
        if let next = h.pointee.nextOverflow {
            bucket = next
            _zero(bucket, size)  // removeAll zeroes only the primary buckets
            let following = next + size
            let end = Self._bucket(h.pointee.buckets.unsafelyUnwrapped, h.pointee.arrayBucketCount)
            h.pointee.nextOverflow = following < end ? following : nil
        } else {
            bucket = _calloc(1, size)
            h.pointee.overflowList.append(bucket)
        }
        _incrementNoverflow()
        if !mapShape.bucket.hasPointers { _appendToOverflowSlice() }
        h.pointee.overflowInUse += 1
        Self._setOverflow(b, bucket)
        return bucket
    }

    /// For a pointer-free bucket type Go keeps every overflow bucket it hands out (preallocated or
    /// not) in `extra.overflow`, created with `mapextra` on first use and grown by `append`
    /// (createOverflow, growslice). Its length is `overflowInUse`; only its capacity is kept.
    @usableFromInline
    func _appendToOverflowSlice() {
        let h = _h
        h.pointee.hasMapextra = true
        let length = h.pointee.overflowInUse + 1
        if length > h.pointee.overflowSliceCapacity {
            h.pointee.overflowSliceCapacity = GoSizeClasses.growSliceCapacity(
                oldCapacity: h.pointee.overflowSliceCapacity, newLength: length,
                elementSize: MemoryLayout<UnsafeRawPointer>.stride, hasPointers: true,
                mallocHeaders: h.pointee.mallocHeaders)
        }
    }

    /// Go's incrnoverflow: exact below B = 16, then with probability 1/2^(B-15), so that the
    /// counter stays a 16-bit number. The random source is the map's own, seeded.
    @inlinable
    func _incrementNoverflow() {
        let h = _h
        if h.pointee.b < _noverflowExactBelowB {
            h.pointee.noverflow &+= 1
            return
        }
        let mask = (UInt64(1) << UInt64(h.pointee.b - 15)) - 1
        if h.pointee.nextRandom() & mask == 0 { h.pointee.noverflow &+= 1 }
    }

    /// Starts a growth: doubling when over the load factor, else same-size (Go's hashGrow).
    @usableFromInline
    func _hashGrow() {
        let h = _h
        let bigger = _overLoadFactor(h.pointee.count + 1, h.pointee.b, h.pointee.loadFactorNum)
        let oldB = h.pointee.b
        let newB = bigger ? oldB + 1 : oldB
        let array = _makeBucketArray(newB, orNil: false).unsafelyUnwrapped

        h.pointee.oldBuckets = h.pointee.buckets
        h.pointee.oldArrayBytes = h.pointee.arrayBytes
        h.pointee.oldArrayBucketCount = h.pointee.arrayBucketCount
        h.pointee.oldB = oldB
        h.pointee.oldOverflowInUse = h.pointee.overflowInUse
        h.pointee.oldOverflowList = h.pointee.overflowList
        h.pointee.overflowList = _BlockList()
        h.pointee.overflowInUse = 0
        // extra.overflow becomes extra.oldoverflow; the next overflow bucket starts a new slice.
        h.pointee.oldOverflowSliceCapacity = h.pointee.overflowSliceCapacity
        h.pointee.overflowSliceCapacity = 0
        h.pointee.sameSizeGrow = !bigger
        h.pointee.nevacuate = 0
        h.pointee.noverflow = 0
        h.pointee.growthWrites = 0
        _install(array, b: newB)
        if bigger { h.pointee.growthsDoubling += 1 } else { h.pointee.growthsSameSize += 1 }

        if let observer = growthObserver {
            observer(.started(GoMapGrowthStart(
                index: h.pointee.growths,
                kind: bigger ? .doubling : .sameSize,
                count: h.pointee.count, oldB: oldB, newB: newB, bytesAllocated: array.bytes)))
        }
    }

    /// Growth work done by every write while growing: evacuate the old bucket the write's key
    /// maps to, then old bucket `nevacuate` (Go's growWork).
    @inlinable
    func _growWork(_ bucketIndex: Int) {
        let h = _h
        h.pointee.growthWrites += 1
        // Evacuation moves entries even when the write itself changes nothing (a delete of an
        // absent key), so it counts as a mutation: an iterator reading an old chain would
        // otherwise skip the entries just marked evacuated instead of failing its precondition.
        h.pointee.mutations &+= 1
        _evacuate(bucketIndex & (h.pointee.oldBucketCount - 1))
        if h.pointee.oldBuckets != nil { _evacuate(h.pointee.nevacuate) }
    }

    /// Moves every live entry of old bucket `oldIndex`'s chain to the new array: to the same
    /// index (X) or, when doubling, to index + old bucket count (Y) by the hash bit the new B
    /// adds. Old slots are marked evacuatedX/Y/Empty (Go's evacuate).
    @inlinable
    func _evacuate(_ oldIndex: Int) {
        let h = _h
        let old = Self._bucket(h.pointee.oldBuckets.unsafelyUnwrapped, oldIndex)
        let newBit = h.pointee.oldBucketCount
        if !Self._isEvacuated(old) {
            let sameSize = h.pointee.sameSizeGrow
            let buckets = h.pointee.buckets.unsafelyUnwrapped
            // Where entries go: X, the same index, and when doubling Y, index + old bucket count.
            var x = _EvacuationDestination(Self._bucket(buckets, oldIndex))
            var y = _EvacuationDestination(sameSize ? x.bucket : Self._bucket(buckets, oldIndex + newBit))
            let seed = h.pointee.hash0
            var current: UnsafeMutableRawPointer? = old
            while let b = current {
                for i in 0..<_bucketCount {
                    let top = Self._top(b, i)
                    if top <= _emptyOne {
                        Self._setTop(b, i, _evacuatedEmpty)
                        continue
                    }
                    precondition(top >= _minTopHash, "GoMap: bad map state (tophash \(top) in an old bucket)")
                    var useY = false
                    if !sameSize {
                        let hash = Self._hash(Self._keyPointer(b, i).pointee, seed: seed)
                        useY = Int(truncatingIfNeeded: hash) & newBit != 0
                    }
                    Self._setTop(b, i, useY ? _evacuatedY : _evacuatedX)
                    let (destination, slot) = useY ? _nextSlot(&y) : _nextSlot(&x)
                    Self._setTop(destination, slot, top)
                    _moveEntry(from: b, i, to: destination, slot)
                }
                current = Self._overflow(b)
            }
        }
        if oldIndex == h.pointee.nevacuate { _advanceEvacuationMark(newBit) }
    }

    /// The next free slot of an evacuation destination, linking an overflow bucket after its
    /// current bucket when that one is full (destinations fill in order, as in Go's evacuate).
    @inlinable @inline(__always)
    func _nextSlot(_ destination: inout _EvacuationDestination) -> (UnsafeMutableRawPointer, Int) {
        if destination.slot == _bucketCount {
            destination.bucket = _newOverflow(after: destination.bucket)
            destination.slot = 0
        }
        defer { destination.slot += 1 }
        return (destination.bucket, destination.slot)
    }

    /// Moves the key and value of an old slot into an empty new slot (a box moves by pointer).
    @inlinable @inline(__always)
    func _moveEntry(
        from source: UnsafeMutableRawPointer, _ i: Int, to destination: UnsafeMutableRawPointer, _ j: Int
    ) {
        // A zero-size key or value has nothing to move (and an unspecialized count-based move would
        // copy its stride, 1 byte).
        if MemoryLayout<Key>.size != 0 {
            let keyFrom = Self._keySlotAddress(source, i)
            let keyTo = Self._keySlotAddress(destination, j)
            if Self._keyIndirect {
                keyTo.storeBytes(of: keyFrom.load(as: UnsafeMutableRawPointer.self), as: UnsafeMutableRawPointer.self)
            } else {
                keyTo.moveInitializeMemory(as: Key.self, from: keyFrom.assumingMemoryBound(to: Key.self), count: 1)
            }
        }
        if MemoryLayout<Value>.size != 0 {
            let valueFrom = Self._valueSlotAddress(source, i)
            let valueTo = Self._valueSlotAddress(destination, j)
            if Self._valueIndirect {
                valueTo.storeBytes(
                    of: valueFrom.load(as: UnsafeMutableRawPointer.self), as: UnsafeMutableRawPointer.self)
            } else {
                valueTo.moveInitializeMemory(
                    as: Value.self, from: valueFrom.assumingMemoryBound(to: Value.self), count: 1)
            }
        }
    }

    /// Moves `nevacuate` past the bucket just evacuated and past already evacuated ones (at
    /// most 1024 more); when it reaches the old bucket count the growth is over.
    @inlinable
    func _advanceEvacuationMark(_ newBit: Int) {
        let h = _h
        h.pointee.nevacuate += 1
        let stop = Swift.min(h.pointee.nevacuate + _evacuationMarkStride, newBit)
        let old = h.pointee.oldBuckets.unsafelyUnwrapped
        while h.pointee.nevacuate != stop && Self._isEvacuated(Self._bucket(old, h.pointee.nevacuate)) {
            h.pointee.nevacuate += 1
        }
        if h.pointee.nevacuate == newBit { _finishGrowth(completed: true) }
    }

    /// Ends the growth in progress: frees the old generation (array and its separately allocated
    /// overflow buckets) and tells the observer. Called the moment evacuation completes (Go leaves
    /// the freeing to its garbage collector), and by `removeAll`, which drops a growth
    /// (`completed: false`; its old buckets' entries must have been destroyed already).
    @usableFromInline
    func _finishGrowth(completed: Bool) {
        let h = _h
        guard let kind = h.pointee.growthKind else { return }
        let released = _releaseOldGeneration()
        h.pointee.sameSizeGrow = false
        if let observer = growthObserver {
            observer(.finished(GoMapGrowthFinish(
                index: h.pointee.growths, kind: kind, b: h.pointee.b, writes: h.pointee.growthWrites,
                bytesReleased: released, completed: completed)))
        }
    }

    /// Frees the old array and its allocated overflow buckets; returns Go's bytes released (the
    /// array, the overflow buckets and the `extra.oldoverflow` slice). Entries still live in it must
    /// have been moved or destroyed already.
    @usableFromInline
    func _releaseOldGeneration() -> Int {
        let h = _h
        guard let old = h.pointee.oldBuckets else { return 0 }
        let released = _oldGenerationBytes
        h.pointee.oldOverflowList.freeAll()
        _free(old)
        h.pointee.oldBuckets = nil
        h.pointee.oldArrayBytes = 0
        h.pointee.oldArrayBucketCount = 0
        h.pointee.oldOverflowInUse = 0
        h.pointee.oldOverflowSliceCapacity = 0
        h.pointee.oldB = 0
        h.pointee.nevacuate = 0
        return released
    }
}

/// A bucket array: its block, its buckets (primary and preallocated overflow) and Go's bytes for it.
@usableFromInline
struct _BucketArray {
    @usableFromInline var base: UnsafeMutableRawPointer
    @usableFromInline var buckets: Int
    @usableFromInline var bytes: Int

    @inlinable
    init(base: UnsafeMutableRawPointer, buckets: Int, bytes: Int) {
        self.base = base
        self.buckets = buckets
        self.bytes = bytes
    }
}

/// One destination of an evacuation (Go's evacDst): the bucket being filled and its next slot.
@usableFromInline
struct _EvacuationDestination {
    /// The bucket being filled (the primary bucket, then overflow buckets linked after it).
    @usableFromInline var bucket: UnsafeMutableRawPointer
    /// The next slot to fill in `bucket`; 8 means full.
    @usableFromInline var slot = 0

    @inlinable
    init(_ bucket: UnsafeMutableRawPointer) {
        self.bucket = bucket
    }
}
