// The sampler: heap figures and map statistics at sample points and at growth events, kept in
// preallocated storage so that sampling does not disturb what it measures.
import GoMap
import HeapStats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Takes samples for one workload on the thread that runs it.
final class _Sampler {
    let workload: String
    let counters = ThreadCounterReader()
    /// jemalloc's global figures before the map existed.
    let baseline: HeapSnapshot
    /// This thread's net allocation before the map existed.
    let baselineNet: Int
    /// This thread's net allocation when the peak was last reset.
    var netAtPeakReset: Int
    /// Curve points so far (capacity reserved up front).
    var curve: [CurveRow]
    /// Growths so far (capacity reserved up front).
    var growth: [GrowthRow]
    /// Highest net allocation seen, net of the baseline.
    var maxPeak = 0
    /// Time spent inside `sample`, to report the sampling overhead and to leave it out of `seconds`.
    var samplingNanoseconds: UInt64 = 0
    /// When the measured operations started.
    var start: UInt64 = 0
    /// Insert operations done so far (the curve's x axis).
    var inserts = 0
    /// The last figures taken (for growth rows).
    var lastAllocated = 0
    /// Where to report progress (fd 1 of the child), or nil.
    let progressFD: Int32?
    /// Storage growths of a peer map (Dictionary/Set), counted by watching its capacity.
    var peerResizes = 0
    /// The thread counters and jemalloc figures of the last full snapshot.
    var lastSnapshotCounters = ThreadCounters(allocated: -1, deallocated: -1)
    var lastDelta: HeapDelta?
    /// Full snapshots taken, and samples that reused the previous one.
    var snapshotsTaken = 0
    var snapshotsReused = 0
    /// Whether allocation sites are being recorded: then each sample that reaches a new high of net
    /// allocation copies the sites' live bytes aside as their "at the peak" figures.
    var marksSitesPeak = false
    /// The highest net allocation at a sample point so far (for `marksSitesPeak`).
    var sitesPeakAllocated = Int.min
    /// This thread's cache setting before sampling, restored when the sampler goes away.
    let threadCacheWasEnabled: Bool

    init(workload: String, expectedPoints: Int, expectedGrowths: Int, progressFD: Int32?) {
        self.workload = workload
        self.progressFD = progressFD
        curve = []
        curve.reserveCapacity(expectedPoints + 2 * expectedGrowths + 8)
        growth = []
        growth.reserveCapacity(expectedGrowths + 8)
        // No thread cache on the measuring thread: every free reaches the arena at once, so active
        // and resident are exact at every sample, and a snapshot need not flush (7.6 µs, not 11 µs).
        threadCacheWasEnabled = Jemalloc.isThreadCacheEnabled
        Jemalloc.setThreadCacheEnabled(false)
        Jemalloc.purge()
        baseline = HeapSnapshot.take()
        let now = counters.read().net
        baselineNet = now
        netAtPeakReset = now
        ThreadPeak.reset()
    }

    deinit {
        Jemalloc.setThreadCacheEnabled(threadCacheWasEnabled)
    }

    /// Takes one sample of the heap and of `map`.
    @inline(never)
    func sample<M: _MeasuredMap>(_ event: CurveEvent, _ map: M) {
        let t0 = monotonicNanoseconds()
        let now = counters.read()
        let net = now.net
        let peak = (netAtPeakReset - baselineNet) + ThreadPeak.read()
        ThreadPeak.reset()
        netAtPeakReset = net
        // jemalloc's active and resident are its own accounting (not the kernel's), and with no
        // background thread they change only when the allocator is called. The workload runs on
        // this one thread, so when its counters have not moved since the last snapshot the last
        // figures are still exact, and the 8-25 µs epoch refresh is skipped.
        let delta: HeapDelta
        if let last = lastDelta, now == lastSnapshotCounters {
            delta = last
            snapshotsReused += 1
        } else {
            delta = HeapSnapshot.take().delta(since: baseline)
            lastDelta = delta
            lastSnapshotCounters = counters.read()
            snapshotsTaken += 1
        }
        let allocated = net - baselineNet
        lastAllocated = allocated
        maxPeak = max(maxPeak, peak, allocated)
        if marksSitesPeak && allocated > sitesPeakAllocated {
            sitesPeakAllocated = allocated
            AllocationSites.markPeak()
        }
        curve.append(CurveRow(
            workload: workload, event: event, keys: inserts, count: map.count, allocatedBytes: allocated,
            activeBytes: delta.active, residentBytes: delta.resident, peakBytes: max(peak, allocated),
            mapBytes: map.mapBytes, b: map.b, overflowBuckets: map.overflowBuckets, growing: map.growing,
            elapsedSeconds: Double(t0 &- start &- samplingNanoseconds) / 1e9))
        if event == .sample, let fd = progressFD { _writeProgress(fd, inserts) }
        samplingNanoseconds &+= monotonicNanoseconds() &- t0
    }

    /// Records a GoMap growth event: a curve point, and the growth row opened or completed.
    func growthEvent<M: _MeasuredMap>(_ event: GoMapGrowthEvent, _ map: M) {
        switch event {
        case .started(let start):
            sample(.growthStart, map)
            growth.append(GrowthRow(
                workload: workload, index: start.index, kind: start.kind.rawValue, countAtStart: start.count,
                keysAtStart: inserts, oldB: start.oldB, newB: start.newB, bytesAllocated: start.bytesAllocated,
                writesToFinish: nil, bytesReleased: nil, loadFactorAtStart: start.loadFactor,
                allocatedBytesAtStart: lastAllocated, allocatedBytesAtEnd: nil))
        case .finished(let finish):
            sample(.growthEnd, map)
            if let last = growth.indices.last, growth[last].index == finish.index {
                growth[last].writesToFinish = finish.writes
                growth[last].bytesReleased = finish.bytesReleased
                growth[last].allocatedBytesAtEnd = lastAllocated
            }
        }
    }
}

/// Writes "<inserts>\n" to `fd` without allocating (progress for the parent process).
func _writeProgress(_ fd: Int32, _ value: Int) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
        var end = 23
        buffer[end] = UInt8(ascii: "\n")
        var rest = value
        repeat {
            end -= 1
            buffer[end] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        } while rest > 0 && end > 0
        _ = write(fd, buffer.baseAddress! + end, 24 - end)
    }
}
