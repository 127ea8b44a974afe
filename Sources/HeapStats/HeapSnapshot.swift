internal import CHeapShim

/// jemalloc's process-wide memory totals plus the calling thread's counters, at one instant.
///
/// `take()` first flushes the calling thread's cache (so blocks it holds for reuse count as free) and bumps
/// jemalloc's statistics epoch (so the totals are current), then reads. It never allocates and costs a few
/// microseconds (`mapheap doctor` measures it). Other threads' caches are not flushed; in mapheap a workload
/// runs on one thread, so the totals are exact up to jemalloc's own internal caches.
///
/// What jemalloc promises: `allocated <= active <= resident`, `active <= mapped`, and `active`, `resident`
/// and `mapped` are multiples of the page size. There is no fixed order between `resident` and `mapped`.
public struct HeapSnapshot: Sendable, Hashable {
    /// Bytes in blocks the application holds, at their size classes (`stats.allocated`).
    public var allocated: Int
    /// Bytes in pages that hold at least part of a live block (`stats.active`): `allocated` plus the
    /// fragmentation inside those pages.
    public var active: Int
    /// Upper bound of bytes physically resident for jemalloc (`stats.resident`): active pages, metadata and
    /// dirty pages not yet purged. `Jemalloc.purge()` first makes it mean "live data plus metadata".
    public var resident: Int
    /// Bytes in extents jemalloc has mapped and in use (`stats.mapped`); excludes retained mappings.
    public var mapped: Int
    /// Bytes of jemalloc's own metadata (`stats.metadata`).
    public var metadata: Int
    /// Bytes of virtual memory kept mapped for reuse but not backed (`stats.retained`).
    public var retained: Int
    /// The calling thread's counters when the snapshot was taken.
    public var thread: ThreadCounters

    /// Creates a snapshot from raw values (for tests and for results read back from disk).
    public init(allocated: Int, active: Int, resident: Int, mapped: Int, metadata: Int, retained: Int,
                thread: ThreadCounters) {
        self.allocated = allocated
        self.active = active
        self.resident = resident
        self.mapped = mapped
        self.metadata = metadata
        self.retained = retained
        self.thread = thread
    }

    /// Flushes the calling thread's cache, refreshes jemalloc's statistics and reads them. Does not allocate.
    /// The first call in a process looks up the control names; call `Jemalloc.prepare()` before measuring.
    public static func take() -> HeapSnapshot {
        precondition(_mibs.isComplete, "jemalloc lacks the controls HeapStats needs: \(_mibs.unresolvedNames)")
        let refreshed = _mibs.tcacheFlush.withComponents { flush, flushCount in
            _mibs.epoch.withComponents { epoch, epochCount in
                mh_stats_refresh(flush, flushCount, epoch, epochCount)
            }
        }
        assert(refreshed == 0, "jemalloc refused to refresh its statistics (\(refreshed))")
        return HeapSnapshot(
            allocated: _mibs.allocated.readSize(),
            active: _mibs.active.readSize(),
            resident: _mibs.resident.readSize(),
            mapped: _mibs.mapped.readSize(),
            metadata: _mibs.metadata.readSize(),
            retained: _mibs.retained.readSize(),
            thread: .current()
        )
    }

    /// This snapshot minus `baseline`, field by field (signed: memory can shrink).
    public func delta(since baseline: HeapSnapshot) -> HeapDelta {
        HeapDelta(
            allocated: allocated - baseline.allocated,
            active: active - baseline.active,
            resident: resident - baseline.resident,
            mapped: mapped - baseline.mapped,
            metadata: metadata - baseline.metadata,
            retained: retained - baseline.retained,
            threadAllocated: thread.allocated &- baseline.thread.allocated,
            threadDeallocated: thread.deallocated &- baseline.thread.deallocated
        )
    }
}

/// The change between two `HeapSnapshot`s, in bytes; negative when a total shrank.
public struct HeapDelta: Sendable, Hashable {
    /// Change of `stats.allocated`.
    public var allocated: Int
    /// Change of `stats.active`.
    public var active: Int
    /// Change of `stats.resident`.
    public var resident: Int
    /// Change of `stats.mapped`.
    public var mapped: Int
    /// Change of `stats.metadata`.
    public var metadata: Int
    /// Change of `stats.retained`.
    public var retained: Int
    /// Bytes the thread allocated in between (never negative).
    public var threadAllocated: Int
    /// Bytes the thread deallocated in between (never negative).
    public var threadDeallocated: Int

    /// Creates a delta from raw values.
    public init(allocated: Int, active: Int, resident: Int, mapped: Int, metadata: Int, retained: Int,
                threadAllocated: Int, threadDeallocated: Int) {
        self.allocated = allocated
        self.active = active
        self.resident = resident
        self.mapped = mapped
        self.metadata = metadata
        self.retained = retained
        self.threadAllocated = threadAllocated
        self.threadDeallocated = threadDeallocated
    }

    /// What the thread holds now that it did not hold at the baseline: `threadAllocated - threadDeallocated`.
    public var threadNet: Int { threadAllocated - threadDeallocated }
}
