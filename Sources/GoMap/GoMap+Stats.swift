// Exact statistics of a map and its growth events.

import MapCore

/// The kind of a growth.
public enum GoMapGrowthKind: String, Sendable, Equatable, CaseIterable {
    /// B + 1: the average load would exceed 6.5 entries per bucket.
    case doubling
    /// B unchanged: too many overflow buckets; entries are repacked into a fresh array.
    case sameSize = "same-size"
}

/// A growth has started: the new array is allocated; the old one is still live.
public struct GoMapGrowthStart: Sendable, Equatable {
    /// 1-based index of this growth in the map's life.
    public var index: Int
    /// Doubling or same-size.
    public var kind: GoMapGrowthKind
    /// Live entries when the growth started (the insert that triggered it is not counted yet).
    public var count: Int
    /// B before the growth.
    public var oldB: Int
    /// B after the growth.
    public var newB: Int
    /// Go's bytes for the new bucket array (its size class or pages).
    public var bytesAllocated: Int
    /// Entries per bucket when the growth started: count / 2^oldB.
    public var loadFactor: Double { Double(count) / Double(1 << oldB) }
}

/// A growth has finished: every old bucket was evacuated and the old generation freed.
public struct GoMapGrowthFinish: Sendable, Equatable {
    /// 1-based index of this growth in the map's life.
    public var index: Int
    /// Doubling or same-size.
    public var kind: GoMapGrowthKind
    /// B of the map after the growth.
    public var b: Int
    /// Writes (inserts and deletes) that did evacuation work during the growth.
    public var writes: Int
    /// Go's bytes released: the old array, its separately allocated overflow buckets and, for a
    /// pointer-free bucket type, the `extra.oldoverflow` slice.
    public var bytesReleased: Int
    /// True when every old bucket was evacuated; false when `removeAll()` dropped the growth.
    public var completed: Bool = true
}

/// A growth event, as delivered to `GoMap.growthObserver`.
public enum GoMapGrowthEvent: Sendable, Equatable {
    /// A growth started.
    case started(GoMapGrowthStart)
    /// A growth finished.
    case finished(GoMapGrowthFinish)
}

/// A map's state and exact byte accounting at one moment.
///
/// Byte figures are Go's: what Go 1.23's runtime allocates for the same map, each block rounded
/// by Go's allocator (MapCore's `GoSizeClasses`: 67 size classes up to 32 KiB, an 8-byte malloc
/// header for objects with pointers above 512 bytes, whole 8 KiB pages above). The blocks are the
/// ones Go allocates: the map header (`hmap`, 48 bytes) and `mapextra` (24), bucket arrays
/// (makeBucketArray's bucket count, its slack kept as preallocated overflow buckets), overflow
/// buckets (`newobject` of the bucket type), out-of-line boxes, and, for a bucket type without
/// pointers, the `extra.overflow` and `extra.oldoverflow` slices of overflow-bucket pointers
/// (header and array, grown by `append` as `growslice` grows it). The map header, `mapextra` and the
/// slices are counted, not allocated in that shape: the Swift core keeps its state in a header and
/// frees overflow buckets from a list of its own. What malloc makes of the core's real blocks is
/// not in these figures; the harness measures it (jemalloc) and reports it beside them.
public struct GoMapStats: Sendable, Equatable {
    /// Live entries.
    public var count: Int
    /// log2 of the number of primary buckets.
    public var b: Int
    /// Go's overflow bucket counter: exact below B = 16, approximate from B = 16 on.
    public var noverflow: Int
    /// Overflow buckets linked into chains, current and old generation, exactly.
    public var overflowBucketsInUse: Int
    /// Overflow buckets allocated as blocks of their own (not preallocated), both generations.
    public var overflowBucketsAllocated: Int
    /// Preallocated overflow buckets in the current array: 2^(B-4) plus the slack of Go's size
    /// class or pages, exactly as many as Go's makeBucketArray makes (from B = 4 on; else 0).
    public var preallocatedOverflowBuckets: Int
    /// Preallocated overflow buckets of the current array not handed out yet.
    public var preallocatedOverflowBucketsFree: Int
    /// Whether a growth is in progress.
    public var growing: Bool
    /// The kind of the growth in progress, or nil.
    public var growthKind: GoMapGrowthKind?
    /// Old buckets evacuated in order so far (Go's nevacuate); 0 when not growing.
    public var nevacuate: Int
    /// Old buckets in all (2^oldB) while growing, else 0.
    public var oldBucketCount: Int
    /// Bytes of one bucket of Go's for the map's shape (`mapShape.bucket.size`).
    public var bucketSize: Int
    /// Whether Go's bucket type has pointers (`mapShape.bucket.hasPointers`; in the default shape
    /// non-trivial Swift types count as having pointers); without them Go keeps the
    /// `extra.overflow` slice.
    public var bucketHasPointers: Bool
    /// Go's bytes for the map header (`hmap`, 48) and, once allocated, `mapextra` (24).
    public var headerBytes: Int
    /// Go's bytes for the current bucket array (primary and preallocated overflow buckets).
    public var primaryBytes: Int
    /// Go's bytes for the current generation's separately allocated overflow buckets.
    public var overflowBytes: Int
    /// Go's bytes for the current `extra.overflow` slice (header and array); 0 for a bucket type
    /// with pointers, which has none.
    public var overflowSliceBytes: Int
    /// Go's bytes for the old generation while growing: the old array, its separately allocated
    /// overflow buckets and the `extra.oldoverflow` slice.
    public var oldGenerationBytes: Int
    /// Go's bytes for out-of-line boxes (keys or values larger than 128 bytes in the shape): every
    /// live entry's indirect key and value objects, `count * mapShape.indirectBytesPerEntry`.
    public var boxBytes: Int
    /// Growths started so far that doubled B.
    public var growthsDoubling: Int
    /// Growths started so far that kept B.
    public var growthsSameSize: Int

    /// The map's bytes by Go's rules: header + primary + overflow + overflow slice + old
    /// generation + boxes.
    public var totalBytes: Int {
        headerBytes + primaryBytes + overflowBytes + overflowSliceBytes + oldGenerationBytes + boxBytes
    }
}

extension GoMap {
    /// The map's statistics now. Costs a few loads; allocates nothing.
    public var stats: GoMapStats {
        let h = _h.pointee
        let primary = 1 << h.b
        let preallocated = h.buckets == nil ? 0 : h.arrayBucketCount - primary
        var free = 0
        if let next = h.nextOverflow, let buckets = h.buckets {
            free = (Self._bucket(buckets, h.arrayBucketCount) - next) / Self._bucketSize  // stored buckets
        }
        return GoMapStats(
            count: h.count, b: h.b, noverflow: Int(h.noverflow),
            overflowBucketsInUse: h.overflowInUse + h.oldOverflowInUse,
            overflowBucketsAllocated: h.overflowList.count + h.oldOverflowList.count,
            preallocatedOverflowBuckets: preallocated, preallocatedOverflowBucketsFree: free,
            growing: h.oldBuckets != nil,
            growthKind: h.growthKind,
            nevacuate: h.oldBuckets == nil ? 0 : h.nevacuate,
            oldBucketCount: h.oldBuckets == nil ? 0 : h.oldBucketCount,
            bucketSize: mapShape.bucket.size,
            bucketHasPointers: mapShape.bucket.hasPointers,
            headerBytes: GoSizeClasses.footprint(size: h.hmapBytes, hasPointers: true)
                + (h.hasMapextra ? _mapextraSize : 0),
            primaryBytes: h.arrayBytes,
            overflowBytes: h.overflowList.count * mapShape.bucket.blockBytes(mallocHeaders: h.mallocHeaders),
            overflowSliceBytes: Self._overflowSliceBytes(capacity: h.overflowSliceCapacity,
                                                         mallocHeaders: h.mallocHeaders),
            oldGenerationBytes: _oldGenerationBytes,
            boxBytes: h.count * mapShape.indirectBytesPerEntry(mallocHeaders: h.mallocHeaders),
            growthsDoubling: h.growthsDoubling, growthsSameSize: h.growthsSameSize)
    }

    /// Go's bytes for the old generation (array, allocated overflow buckets, `extra.oldoverflow`).
    @usableFromInline
    var _oldGenerationBytes: Int {
        let h = _h
        guard h.pointee.oldBuckets != nil else { return 0 }
        let headers = h.pointee.mallocHeaders
        return h.pointee.oldArrayBytes
            + h.pointee.oldOverflowList.count * mapShape.bucket.blockBytes(mallocHeaders: headers)
            + Self._overflowSliceBytes(capacity: h.pointee.oldOverflowSliceCapacity, mallocHeaders: headers)
    }

    /// Calls `body` with every block the map holds from malloc and the bytes it asked for (bucket
    /// arrays, separately allocated overflow buckets, the lists that track them, boxes), for
    /// checking what the allocator made of them. The map's own state (standing for `hmap`) is not
    /// among them.
    public func forEachBlock(_ body: (_ block: UnsafeMutableRawPointer, _ requestedBytes: Int) -> Void) {
        let h = _h
        let size = Self._bucketSize
        if let buckets = h.pointee.buckets { body(buckets, h.pointee.arrayBucketCount * size) }
        if let old = h.pointee.oldBuckets { body(old, h.pointee.oldArrayBucketCount * size) }
        for list in [h.pointee.overflowList, h.pointee.oldOverflowList] {
            list.forEach { body($0, size) }
            if let base = list.base { body(UnsafeMutableRawPointer(base), list.listBytes) }
        }
        if Self._keyIndirect || Self._valueIndirect {
            _forEachOccupiedSlot { b, i in
                if Self._keyIndirect {
                    body(Self._keySlotAddress(b, i).load(as: UnsafeMutableRawPointer.self), MemoryLayout<Key>.size)
                }
                if Self._valueIndirect {
                    body(Self._valueSlotAddress(b, i).load(as: UnsafeMutableRawPointer.self), MemoryLayout<Value>.size)
                }
            }
        }
    }

    /// Checks every structural invariant and panics with a description of the first broken
    /// one: counts match the live slots, emptyRest is followed only by empties, every key is
    /// found in the bucket its hash selects, overflow counts match the chains. O(size); for tests.
    public func checkInvariants() {
        let h = _h
        var live = 0
        var overflowCurrent = 0
        var overflowOld = 0
        func checkChain(_ first: UnsafeMutableRawPointer, index: Int, old: Bool) {
            var sawRest = false
            var current: UnsafeMutableRawPointer? = first
            var isFirst = true
            while let b = current {
                if !isFirst { if old { overflowOld += 1 } else { overflowCurrent += 1 } }
                isFirst = false
                for i in 0..<_bucketCount {
                    let top = Self._top(b, i)
                    if old && Self._isEvacuated(first) {
                        precondition(top > _emptyOne && top < _minTopHash,
                                     "evacuated bucket \(index) has tophash \(top)")
                        continue
                    }
                    precondition(top == _emptyRest || top == _emptyOne || top >= _minTopHash,
                                 "bucket \(index) has marker \(top) outside a growth")
                    if sawRest { precondition(top == _emptyRest, "bucket \(index): entry after emptyRest") }
                    if top == _emptyRest { sawRest = true }
                    guard top >= _minTopHash else { continue }
                    live += 1
                    let hash = _hash(Self._keyPointer(b, i).pointee)
                    precondition(Self._tophash(hash) == top, "bucket \(index): tophash does not match the key")
                    let mask = old ? h.pointee.oldBucketCount - 1 : (1 << h.pointee.b) - 1
                    precondition(Int(truncatingIfNeeded: hash) & mask == index,
                                 "bucket \(index): key in the wrong bucket")
                }
                current = Self._overflow(b)
            }
        }
        if let buckets = h.pointee.buckets {
            for index in 0..<(1 << h.pointee.b) { checkChain(Self._bucket(buckets, index), index: index, old: false) }
        }
        if let old = h.pointee.oldBuckets {
            for index in 0..<h.pointee.oldBucketCount { checkChain(Self._bucket(old, index), index: index, old: true) }
            precondition(h.pointee.nevacuate < h.pointee.oldBucketCount, "growth should have finished")
            for index in 0..<h.pointee.nevacuate {
                precondition(Self._isEvacuated(Self._bucket(old, index)),
                             "old bucket \(index) below nevacuate is not evacuated")
            }
        }
        precondition(live == h.pointee.count, "count \(h.pointee.count) but \(live) live slots")
        precondition(overflowCurrent == h.pointee.overflowInUse,
                     "overflow in use \(h.pointee.overflowInUse) but chains hold \(overflowCurrent)")
        precondition(overflowOld == h.pointee.oldOverflowInUse,
                     "old overflow in use \(h.pointee.oldOverflowInUse) but chains hold \(overflowOld)")
    }
}
