// Iteration over (key, value) pairs, in bucket order. During a growth, a new bucket whose old
// bucket has not been evacuated yet is read from the old bucket, keeping only the entries that
// belong to it, so every entry is produced exactly once (as Go's mapiternext does).

extension GoMap: Sequence {
    /// An iterator over a map's entries. Mutating the map while iterating is a precondition
    /// failure.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let map: GoMap
        @usableFromInline let mutations: Int
        /// The next new-array bucket index to visit.
        @usableFromInline var nextBucket = 0
        /// The new-array bucket index being visited.
        @usableFromInline var bucketIndex = 0
        /// The bucket of the chain being read, or nil between chains.
        @usableFromInline var current: UnsafeMutableRawPointer?
        /// The next slot of `current` to read.
        @usableFromInline var slot = 0
        /// Whether `current` belongs to the old array (entries are filtered by their new bucket).
        @usableFromInline var readingOld = false

        @usableFromInline
        init(_ map: GoMap) {
            self.map = map
            self.mutations = map._h.pointee.mutations
        }

        /// The next entry, or nil after the last.
        @inlinable
        public mutating func next() -> (key: Key, value: Value)? {
            let h = map._h
            precondition(h.pointee.mutations == mutations, "GoMap mutated while being iterated")
            while true {
                if let b = current {
                    while slot < _bucketCount {
                        let i = slot
                        slot += 1
                        guard GoMap._top(b, i) >= _minTopHash else { continue }
                        let key = GoMap._keyPointer(b, i).pointee
                        if readingOld && !h.pointee.sameSizeGrow {
                            let hash = map._hash(key)
                            if Int(truncatingIfNeeded: hash) & ((1 << h.pointee.b) - 1) != bucketIndex { continue }
                        }
                        return (key, GoMap._valuePointer(b, i).pointee)
                    }
                    current = GoMap._overflow(b)
                    slot = 0
                    continue
                }
                guard let buckets = h.pointee.buckets, nextBucket < 1 << h.pointee.b else { return nil }
                bucketIndex = nextBucket
                nextBucket += 1
                readingOld = false
                current = GoMap._bucket(buckets, bucketIndex)
                if let old = h.pointee.oldBuckets {
                    let oldBucket = GoMap._bucket(old, bucketIndex & (h.pointee.oldBucketCount - 1))
                    if !GoMap._isEvacuated(oldBucket) {
                        current = oldBucket
                        readingOld = true
                    }
                }
                slot = 0
            }
        }
    }

    /// An iterator over the map's (key, value) entries.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(self)
    }
}
