// Iteration over (key, value) pairs: the small group, or each distinct table in directory order,
// its groups in order. Go starts at a random slot and table; this core does not.

extension SwissMap: Sequence {
    /// An iterator over a map's entries. Mutating the map while iterating is a precondition
    /// failure.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let map: SwissMap
        @usableFromInline let mutations: Int
        /// The next directory entry to visit.
        @usableFromInline var nextEntry = 0
        /// The table being read, or nil between tables.
        @usableFromInline var table: UnsafeMutablePointer<_SwissTable>?
        /// The next group of `table` to read.
        @usableFromInline var nextGroup = 0
        /// The group being read (the small group, or one of `table`'s), or nil.
        @usableFromInline var group: UnsafeMutableRawPointer?
        /// Full slots of `group` not yet produced.
        @usableFromInline var remaining = _SlotSet(0)
        /// Whether the small group has been taken up already.
        @usableFromInline var smallDone = false

        @usableFromInline
        init(_ map: SwissMap) {
            self.map = map
            self.mutations = map._h.pointee.mutations
        }

        /// The next entry, or nil after the last.
        @inlinable
        public mutating func next() -> (key: Key, value: Value)? {
            let h = map._h
            precondition(h.pointee.mutations == mutations, "SwissMap mutated while being iterated")
            while true {
                if let g = group, !remaining.isEmpty {
                    let i = remaining.first
                    remaining = remaining.removingFirst()
                    return (map._keyPointer(g, i).pointee, map._valuePointer(g, i).pointee)
                }
                if !smallDone {
                    smallDone = true
                    if let g = h.pointee.small {
                        group = g
                        remaining = SwissMap._control(g).matchFull()
                        continue
                    }
                }
                if let t = table, nextGroup < t.pointee.groupCount {
                    let g = map._group(t.pointee.groups, nextGroup)
                    nextGroup += 1
                    group = g
                    remaining = SwissMap._control(g).matchFull()
                    continue
                }
                guard let directory = h.pointee.directory, nextEntry < h.pointee.directoryLength else { return nil }
                let t = directory[nextEntry]
                nextEntry += 1 << (h.pointee.globalDepth - t.pointee.localDepth)
                table = t
                nextGroup = 0
            }
        }
    }

    /// An iterator over the map's (key, value) entries.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(self)
    }
}
