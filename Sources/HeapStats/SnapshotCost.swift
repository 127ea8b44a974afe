#if canImport(Glibc)
import Glibc
#endif

/// What measuring costs: the time of a `HeapSnapshot.take()` and of a `ThreadCounterReader.read()`, and the
/// bytes a snapshot allocates (it must be 0). Measured on the calling thread; meaningful in release builds.
public struct SnapshotCost: Sendable, Hashable {
    /// Snapshots timed.
    public var samples: Int
    /// Median time of one snapshot, in nanoseconds.
    public var snapshotMedianNanoseconds: Double
    /// 10th percentile of the snapshot time, in nanoseconds.
    public var snapshotP10Nanoseconds: Double
    /// 90th percentile of the snapshot time, in nanoseconds.
    public var snapshotP90Nanoseconds: Double
    /// Mean time of one counter read, in nanoseconds (a single read is below the clock's resolution, so this
    /// is a long run of reads divided by their number).
    public var counterReadNanoseconds: Double
    /// Bytes the calling thread allocated across all timed snapshots, by jemalloc's counter (must be 0).
    public var bytesAllocatedBySnapshots: Int

    /// Creates a cost record from raw values.
    public init(samples: Int, snapshotMedianNanoseconds: Double, snapshotP10Nanoseconds: Double,
                snapshotP90Nanoseconds: Double, counterReadNanoseconds: Double, bytesAllocatedBySnapshots: Int) {
        self.samples = samples
        self.snapshotMedianNanoseconds = snapshotMedianNanoseconds
        self.snapshotP10Nanoseconds = snapshotP10Nanoseconds
        self.snapshotP90Nanoseconds = snapshotP90Nanoseconds
        self.counterReadNanoseconds = counterReadNanoseconds
        self.bytesAllocatedBySnapshots = bytesAllocatedBySnapshots
    }

    /// Times `samples` snapshots one by one. Before each, the thread allocates and frees a few small blocks, so
    /// that every snapshot's tcache flush has real work, as it would between two sampling points of a workload.
    public static func measure(samples: Int = 10_001, counterReads: Int = 10_000_000) -> SnapshotCost {
        precondition(samples > 0 && counterReads > 0, "SnapshotCost.measure needs positive counts")
        Jemalloc.prepare()
        let reader = ThreadCounterReader()
        var times = [Double](repeating: 0, count: samples)
        var allocatedBySnapshots = 0
        let churn = [UnsafeMutableRawPointer?](repeating: nil, count: 8)
        var blocks = churn
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
            allocatedBySnapshots += reader.read().allocated - before.allocated
            times[index] = Double(end - start)
            _blackHole(snapshot.allocated)
        }
        times.sort()
        let readStart = now()
        var sum = 0
        for _ in 0..<counterReads {
            sum &+= reader.read().net
        }
        let readEnd = now()
        _blackHole(sum)
        return SnapshotCost(
            samples: samples,
            snapshotMedianNanoseconds: times[samples / 2],
            snapshotP10Nanoseconds: times[samples / 10],
            snapshotP90Nanoseconds: times[samples * 9 / 10],
            counterReadNanoseconds: Double(readEnd - readStart) / Double(counterReads),
            bytesAllocatedBySnapshots: allocatedBySnapshots
        )
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    private static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}

/// Keeps a value alive so the optimizer cannot drop the work that produced it.
@inline(never)
func _blackHole(_ value: Int) {
    withExtendedLifetime(value) {}
}
