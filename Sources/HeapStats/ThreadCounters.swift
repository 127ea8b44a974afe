internal import CHeapShim
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// jemalloc's byte counters for one thread: every byte it has allocated and deallocated since it started.
///
/// Bytes are counted at their jemalloc size class (`Jemalloc.sizeClass(of:)`), not at the requested size, and
/// are counted when the application calls malloc/free, whether or not the block passes through the thread cache.
/// Blocks freed by this thread but allocated by another count in `deallocated` here, so `net` can be negative.
public struct ThreadCounters: Sendable, Hashable {
    /// Bytes allocated by the thread since it started (`thread.allocated`).
    public var allocated: Int
    /// Bytes deallocated by the thread since it started (`thread.deallocated`).
    public var deallocated: Int

    /// Creates counters from raw values.
    @inlinable
    public init(allocated: Int, deallocated: Int) {
        self.allocated = allocated
        self.deallocated = deallocated
    }

    /// Bytes allocated minus bytes deallocated: what the thread holds, net of what it freed.
    @inlinable
    public var net: Int { allocated &- deallocated }

    /// The counters of the calling thread, read through mallctl (about 100 ns; use `ThreadCounterReader` on a
    /// hot path).
    public static func current() -> ThreadCounters {
        ThreadCounters(allocated: _mibs.threadAllocated.readUInt64(),
                       deallocated: _mibs.threadDeallocated.readUInt64())
    }
}

/// The cheapest way to read the calling thread's `ThreadCounters`: two loads from jemalloc's live counters.
///
/// `init()` asks jemalloc once for the addresses of the calling thread's counters (`thread.allocatedp`,
/// `thread.deallocatedp`); `read()` then costs about a nanosecond and never allocates. The addresses belong
/// to the thread that created the reader, so a reader must stay on that thread (it is not `Sendable`); a
/// debug build checks this on every read.
public struct ThreadCounterReader {
    /// jemalloc's `uint64_t` counter of bytes allocated by the owning thread, viewed as an atomic so that every
    /// `read()` really loads it (a relaxed load is a plain `mov` on x86-64 and arm64, but the optimizer may not
    /// reuse an earlier value or hoist it out of a loop, as it could with a plain load of memory jemalloc
    /// updates behind its back).
    @usableFromInline
    let allocatedCounter: UnsafePointer<Atomic<UInt64>>
    /// The same for bytes deallocated.
    @usableFromInline
    let deallocatedCounter: UnsafePointer<Atomic<UInt64>>
    /// The thread whose counters these are.
    @usableFromInline
    let owner: Glibc.pthread_t

    /// Looks up the calling thread's counters. Call it before measuring: the first call on a thread may make
    /// jemalloc set up that thread's state.
    public init() {
        precondition(_mibs.isComplete, "jemalloc lacks the controls HeapStats needs: \(_mibs.unresolvedNames)")
        var allocated: UnsafePointer<UInt64>?
        var deallocated: UnsafePointer<UInt64>?
        let first = _mibs.threadAllocatedPointer.withComponents { mh_mib_read_u64_pointer($0, $1, &allocated) }
        let second = _mibs.threadDeallocatedPointer.withComponents { mh_mib_read_u64_pointer($0, $1, &deallocated) }
        guard first == 0, second == 0, let allocated, let deallocated else {
            preconditionFailure("jemalloc refused thread.allocatedp/thread.deallocatedp (\(first), \(second))")
        }
        allocatedCounter = UnsafeRawPointer(allocated).assumingMemoryBound(to: Atomic<UInt64>.self)
        deallocatedCounter = UnsafeRawPointer(deallocated).assumingMemoryBound(to: Atomic<UInt64>.self)
        owner = pthread_self()
    }

    /// The calling thread's counters now: two loads, no call, no allocation. Must be called on the thread
    /// that created the reader.
    @inlinable
    @inline(__always)
    public func read() -> ThreadCounters {
        assert(pthread_equal(owner, pthread_self()) != 0, "ThreadCounterReader used off its thread")
        let allocated = allocatedCounter.pointee.load(ordering: .relaxed)
        let deallocated = deallocatedCounter.pointee.load(ordering: .relaxed)
        return ThreadCounters(allocated: Int(truncatingIfNeeded: allocated),
                              deallocated: Int(truncatingIfNeeded: deallocated))
    }
}

/// A reader points into one thread's state, so it must not cross threads.
@available(*, unavailable)
extension ThreadCounterReader: Sendable {}

/// The calling thread's peak of net allocation since a reset, as jemalloc 5.3 tracks it.
///
/// Precisely: `reset()` records the thread's current net (`allocated - deallocated`) as the zero level and sets
/// the peak to 0. jemalloc then updates the peak with `max(peak, net - zeroLevel)` at its "peak events", which
/// fire on this thread after every 64 KiB of allocation and after every 64 KiB of deallocation, and on every
/// `read()`. So:
/// - the value is relative to the level at the reset, and never negative (freeing below that level reads 0);
/// - a single allocation of 64 KiB or more always triggers an event right after it, so a large block that is
///   allocated and freed again is seen; a rise made of small blocks that is undone within less than 64 KiB of
///   allocation activity can be missed (jemalloc promises accuracy "within one hundred kilobytes");
/// - only this thread's own malloc/free move it.
public enum ThreadPeak {
    /// Resets the calling thread's peak: from now on `read()` reports the highest net allocation above the
    /// current level (`thread.peak.reset`).
    public static func reset() {
        precondition(_mibs.isComplete, "jemalloc lacks the controls HeapStats needs: \(_mibs.unresolvedNames)")
        let result = _mibs.peakReset.run()
        assert(result == 0, "thread.peak.reset failed with \(result)")
    }

    /// The calling thread's highest net allocation, in bytes, above the level at the last `reset()` (or since
    /// the thread started), including the current level (`thread.peak.read`). Does not allocate.
    public static func read() -> Int {
        precondition(_mibs.isComplete, "jemalloc lacks the controls HeapStats needs: \(_mibs.unresolvedNames)")
        return _mibs.peakRead.readUInt64()
    }
}
