#if canImport(Glibc)
import Glibc
#endif

/// What measuring costs: the time of a `HeapSnapshot.take()` and of a `ThreadCounterReader.read()`, and the
/// bytes a snapshot allocates (it must be 0). Measured on the calling thread; meaningful in release builds.
public struct SnapshotCost: Sendable, Hashable {
    /// Snapshots timed in each of the two thread-cache settings.
    public var samples: Int
    /// Median time of one snapshot with the thread cache on (jemalloc's default), in nanoseconds.
    public var snapshotMedianNanoseconds: Double
    /// 10th percentile of that time, in nanoseconds.
    public var snapshotP10Nanoseconds: Double
    /// 90th percentile of that time, in nanoseconds.
    public var snapshotP90Nanoseconds: Double
    /// Median time of one snapshot with the calling thread's cache off (`Jemalloc.setThreadCacheEnabled`),
    /// in nanoseconds: the epoch refresh alone, without flush work.
    public var snapshotWithoutThreadCacheMedianNanoseconds: Double
    /// Mean time of one counter read, in nanoseconds (a single read is below the clock's resolution, so this
    /// is a long run of reads divided by their number).
    public var counterReadNanoseconds: Double
    /// Bytes the calling thread allocated across all timed snapshots, by jemalloc's counter (must be 0).
    public var bytesAllocatedBySnapshots: Int

    /// Creates a cost record from raw values.
    public init(samples: Int, snapshotMedianNanoseconds: Double, snapshotP10Nanoseconds: Double,
                snapshotP90Nanoseconds: Double, snapshotWithoutThreadCacheMedianNanoseconds: Double,
                counterReadNanoseconds: Double, bytesAllocatedBySnapshots: Int) {
        self.samples = samples
        self.snapshotMedianNanoseconds = snapshotMedianNanoseconds
        self.snapshotP10Nanoseconds = snapshotP10Nanoseconds
        self.snapshotP90Nanoseconds = snapshotP90Nanoseconds
        self.snapshotWithoutThreadCacheMedianNanoseconds = snapshotWithoutThreadCacheMedianNanoseconds
        self.counterReadNanoseconds = counterReadNanoseconds
        self.bytesAllocatedBySnapshots = bytesAllocatedBySnapshots
    }

    /// Times `samples` snapshots one by one, with the thread cache on and then off (restoring its setting).
    /// Before each snapshot the thread allocates and frees eight small blocks, so that the flush has the work
    /// it would have between two sampling points of a workload. Then times `counterReads` counter reads.
    public static func measure(samples: Int = 10_001, counterReads: Int = 10_000_000) -> SnapshotCost {
        precondition(samples > 0 && counterReads > 0, "SnapshotCost.measure needs positive counts")
        Jemalloc.prepare()
        let reader = ThreadCounterReader()
        var allocatedBySnapshots = 0
        let cached = timeSnapshots(samples, reader: reader, allocated: &allocatedBySnapshots)
        let wasEnabled = Jemalloc.isThreadCacheEnabled
        Jemalloc.setThreadCacheEnabled(false)
        let uncached = timeSnapshots(samples, reader: reader, allocated: &allocatedBySnapshots)
        Jemalloc.setThreadCacheEnabled(wasEnabled)

        let readStart = now()
        var sum = 0
        for _ in 0..<counterReads {
            sum &+= reader.read().net
        }
        let readEnd = now()
        _blackHole(sum)
        return SnapshotCost(
            samples: samples,
            snapshotMedianNanoseconds: cached[samples / 2],
            snapshotP10Nanoseconds: cached[samples / 10],
            snapshotP90Nanoseconds: cached[samples * 9 / 10],
            snapshotWithoutThreadCacheMedianNanoseconds: uncached[samples / 2],
            counterReadNanoseconds: Double(readEnd - readStart) / Double(counterReads),
            bytesAllocatedBySnapshots: allocatedBySnapshots
        )
    }

    /// The sorted times of `samples` snapshots, each after a little allocation churn; adds the bytes the
    /// snapshots themselves allocated to `allocated`.
    private static func timeSnapshots(_ samples: Int, reader: ThreadCounterReader, allocated: inout Int) -> [Double] {
        var times = [Double](repeating: 0, count: samples)
        var blocks = [UnsafeMutableRawPointer?](repeating: nil, count: 8)
        for index in 0..<samples {
            for slot in blocks.indices {
                blocks[slot] = UnsafeMutableRawPointer.allocate(byteCount: 16 << slot, alignment: 16)
            }
            for slot in blocks.indices {
                blocks[slot]?.deallocate()
            }
            let before = reader.read()
            let start = now()
            let snapshot = HeapSnapshot.take()
            let end = now()
            allocated += reader.read().allocated - before.allocated
            times[index] = Double(end - start)
            _blackHole(snapshot.allocated)
        }
        times.sort()
        return times
    }

    /// `monotonicNanoseconds()` as an Int.
    private static func now() -> Int {
        Int(monotonicNanoseconds())
    }
}

/// Keeps a value alive so the optimizer cannot drop the work that produced it.
@inline(never)
func _blackHole(_ value: Int) {
    withExtendedLifetime(value) {}
}
