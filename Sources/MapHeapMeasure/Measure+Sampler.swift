// The sampler: heap figures and map statistics at sample points and at growth events, kept in
// preallocated storage so that sampling does not disturb what it measures.
import HeapStats
import InsertLatency

import MapHeapModel

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
    /// Growths so far by kind (`GrowthKind.ordinal`; capacity reserved up front).
    var growthsByKind: [Int]
    /// The detail of each growth row, rendered after the measured window (`finishedGrowthRows`).
    var growthDetails: [GrowthDetail]
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
    /// Every insert's latency, when the spec asks for it; made before the baseline.
    let latency: InsertLatencyRecorder<CalibratedClock>?
    /// The longest insert of each sample window: the insert count at the window's end, and nanoseconds
    /// (capacity reserved up front).
    var latencyWindows: [(keys: Int, nanoseconds: UInt64)]
    /// Whether every Swiss table split gets a row of its own (the spec's `every_split`); otherwise the
    /// splits of one sample window that follow each other share one row (PROTOCOL.md, growth.csv).
    let everySplit: Bool
    /// Growths so far, of every kind: a row's `index` is that of its first growth.
    var growthIndex = 0
    /// How many growths each growth row stands for (1, or the splits it aggregates; capacity reserved).
    var rowGrowths: [Int]
    /// The row of table splits the current sample window has open, while no other growth came after it.
    var openSplitRow: Int?
    /// The open split row's deepest local depth, tables after its last split, and entries moved in all.
    var splitFacts = (maxLocalDepth: 0, tables: 0, moved: 0)

    /// `expectedPoints` sample points, `expectedGrowths` growth rows of which `sampledGrowths` take two curve
    /// points each (the others are whole growths and reallocations, without curve points).
    init(workload: String, expectedPoints: Int, expectedGrowths: Int, sampledGrowths: Int, progressFD: Int32?,
         recordsLatency: Bool = false, everySplit: Bool = false) {
        self.workload = workload
        self.everySplit = everySplit
        rowGrowths = []
        rowGrowths.reserveCapacity(expectedGrowths + 8)
        self.progressFD = progressFD
        latency = recordsLatency
            ? InsertLatencyRecorder(clock: CalibratedClock.calibrated(), growthCapacity: expectedGrowths + 8) : nil
        latencyWindows = []
        latencyWindows.reserveCapacity(recordsLatency ? expectedPoints + 8 : 0)
        curve = []
        curve.reserveCapacity(expectedPoints + 2 * sampledGrowths + 8)
        growth = []
        growth.reserveCapacity(expectedGrowths + 8)
        growthDetails = []
        growthDetails.reserveCapacity(expectedGrowths + 8)
        growthsByKind = Array(repeating: 0, count: GrowthKind.allCases.count)
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
    func sample<M: MapAdapter>(_ event: CurveEvent, _ map: M) {
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
            mapBytes: map.mapBytes, structure: map.structure, growing: map.growing,
            elapsedSeconds: Double(t0 &- start &- samplingNanoseconds) / 1e9))
        if event == .sample, let fd = progressFD { _writeProgress(fd, inserts) }
        openSplitRow = nil  // a curve point ends the window of the split row
        if let latency {
            if event == .sample {
                // Between inserts: the window since the last sample point ends here.
                if inserts > 0 { latencyWindows.append((inserts, latency.takeWindowMaximum())) }
            } else {
                // Inside the insert that started or finished a growth: not the map's time.
                latency.excludeFromCurrentInsert(nanoseconds: monotonicNanoseconds() &- t0)
            }
        }
        samplingNanoseconds &+= monotonicNanoseconds() &- t0
    }

    /// A growth started: a curve point just after it started, and its row opened.
    func growthStarted<M: MapAdapter>(_ start: GrowthStart, _ map: M) {
        sample(.growthStart, map)
        growthsByKind[start.kind.ordinal] += 1
        growthIndex += 1
        rowGrowths.append(1)
        growth.append(GrowthRow(
            workload: workload, index: growthIndex, kind: start.kind, countAtStart: start.countAtStart,
            keysAtStart: inserts, bytesAllocated: start.bytesAllocated, bytesReleased: nil, writesToFinish: nil,
            detail: "", allocatedBytesAtStart: lastAllocated, allocatedBytesAtEnd: nil))
        growthDetails.append(start.detail)
        openGrowthIsIncremental = start.incremental
        latency?.growthStarted()
    }

    /// The open growth finished: a curve point just after it finished, and its row completed.
    func growthFinished<M: MapAdapter>(_ finish: GrowthFinish, _ map: M) {
        sample(.growthEnd, map)
        latency?.growthFinished()
        guard let last = growth.indices.last, growth[last].allocatedBytesAtEnd == nil else { return }
        growth[last].writesToFinish = openGrowthIsIncremental ? finish.writes : nil
        growth[last].bytesReleased = finish.bytesReleased
        growth[last].allocatedBytesAtEnd = lastAllocated
    }

    /// Whether the growth opened last goes on over later writes.
    var openGrowthIsIncremental = false

    /// A growth that was whole when the map reported it, inside the insert that caused it (SwissMap's):
    /// a row that starts and ends here, without a curve point and without a heap snapshot. Such growths
    /// come by the thousand (a 10M-key SwissMap splits 16,383 times) and a snapshot costs 8-25 µs, which
    /// made sampling 12 % of the insert time. The row's net allocation is exact (this thread's counters),
    /// and the growth's transient (old and new tables live together) is in the per-thread peak that the
    /// next sample point reads.
    func wholeGrowth(_ start: GrowthStart, _ finish: GrowthFinish) {
        let t0 = monotonicNanoseconds()
        appendWholeGrowth(start.kind, countAtStart: start.countAtStart, keysAtStart: inserts,
                          bytesAllocated: start.bytesAllocated, bytesReleased: finish.bytesReleased,
                          detail: start.detail)
        if let latency {
            latency.growthStarted()
            latency.growthFinished()
            latency.excludeFromCurrentInsert(nanoseconds: monotonicNanoseconds() &- t0)
        }
        samplingNanoseconds &+= monotonicNanoseconds() &- t0
    }

    /// A SwissMap table split, whole when the map reports it (see `wholeGrowth`). With `everySplit` it
    /// is a row of its own. Otherwise it joins the row of splits the current sample window has open
    /// when no other growth came between (a 10M-key map splits 16,383 times: one row each made
    /// growth.csv 24 MB), and opens one if not: `splits=N` counts them, the bytes are their sums, the
    /// jemalloc figures those just after the first and the last, the longest insert the longest of all.
    func wholeSplit(countAtStart: Int, bytesAllocated: Int, bytesReleased: Int, localDepth: Int, tables: Int,
                    moved: Int) {
        guard !everySplit else {
            wholeGrowth(
                GrowthStart(kind: .tableSplit, countAtStart: countAtStart, bytesAllocated: bytesAllocated,
                            incremental: false,
                            detail: GrowthDetail("local_depth", Double(localDepth), "tables", Double(tables), "moved",
                                                 Double(moved))),
                GrowthFinish(writes: nil, bytesReleased: bytesReleased))
            return
        }
        let t0 = monotonicNanoseconds()
        if let row = openSplitRow {
            let allocated = counters.read().net - baselineNet
            growthsByKind[GrowthKind.tableSplit.ordinal] += 1
            growthIndex += 1
            rowGrowths[row] += 1
            growth[row].bytesAllocated = (growth[row].bytesAllocated ?? 0) &+ bytesAllocated
            growth[row].bytesReleased = (growth[row].bytesReleased ?? 0) &+ bytesReleased
            growth[row].allocatedBytesAtEnd = allocated
            splitFacts = (max(splitFacts.maxLocalDepth, localDepth), tables, splitFacts.moved &+ moved)
        } else {
            appendWholeGrowth(.tableSplit, countAtStart: countAtStart, keysAtStart: inserts,
                              bytesAllocated: bytesAllocated, bytesReleased: bytesReleased,
                              detail: GrowthDetail("splits", 1))
            openSplitRow = growth.count - 1
            splitFacts = (localDepth, tables, moved)
        }
        growthDetails[openSplitRow!] = GrowthDetail(
            "splits", Double(rowGrowths[openSplitRow!]), "max_local_depth", Double(splitFacts.maxLocalDepth),
            "tables", Double(splitFacts.tables), "moved", Double(splitFacts.moved))
        if let latency {
            latency.growthStarted()
            latency.growthFinished()
            latency.excludeFromCurrentInsert(nanoseconds: monotonicNanoseconds() &- t0)
        }
        samplingNanoseconds &+= monotonicNanoseconds() &- t0
    }

    /// A peer's storage was reallocated during the insert just done (seen by its capacity): a growth
    /// row that starts and ends there, without a curve point and without a heap snapshot.
    func reallocation(from oldCapacity: Int, to newCapacity: Int, countAtStart: Int) {
        appendWholeGrowth(.reallocation, countAtStart: countAtStart, keysAtStart: inserts - 1, bytesAllocated: nil,
                          bytesReleased: nil,
                          detail: GrowthDetail("old_capacity", Double(oldCapacity), "new_capacity", Double(newCapacity)))
        latency?.growthCompletedByLastInsert()
    }

    /// The row of a growth that starts and ends at this point: this thread's net allocation now for both.
    private func appendWholeGrowth(_ kind: GrowthKind, countAtStart: Int, keysAtStart: Int, bytesAllocated: Int?,
                                   bytesReleased: Int?, detail: GrowthDetail) {
        let allocated = counters.read().net - baselineNet
        growthsByKind[kind.ordinal] += 1
        growthIndex += 1
        rowGrowths.append(1)
        openSplitRow = nil  // another growth ends the run of splits
        growth.append(GrowthRow(
            workload: workload, index: growthIndex, kind: kind, countAtStart: countAtStart,
            keysAtStart: keysAtStart, bytesAllocated: bytesAllocated, bytesReleased: bytesReleased,
            writesToFinish: nil, detail: "", allocatedBytesAtStart: allocated, allocatedBytesAtEnd: allocated))
        growthDetails.append(detail)
    }

    /// Growths by kind.
    var growthCounts: GrowthCounts {
        var counts = GrowthCounts()
        for kind in GrowthKind.allCases { counts[kind] = growthsByKind[kind.ordinal] }
        return counts
    }

    /// The growth rows with their details rendered (after the measured window: this allocates).
    var finishedGrowthRows: [GrowthRow] {
        var rows = growth
        for index in rows.indices {
            rows[index].detail = growthDetails[index].text
            // The latency recorder counts growths, not rows: a row of splits takes the longest of its own.
            let first = rows[index].index - 1
            rows[index].maxInsertNanoseconds = (first..<(first + rowGrowths[index]))
                .compactMap { latency?.growthLatency($0).map { Int($0.maxNanoseconds) } }.max()
        }
        return rows
    }

    /// The workload's `latency.csv` rows (after the measured window: this allocates); none without latency.
    var latencyRows: [LatencyRow] {
        guard let latency else { return [] }
        let summary = latency.summary()
        var rows = [LatencyRow(workload: workload, kind: .stat, name: "inserts", count: Int(summary.inserts))]
        for (name, value) in zip(LatencyRow.quantileNames, summary.quantileNanoseconds) {
            rows.append(LatencyRow(workload: workload, kind: .stat, name: name, valueNanoseconds: Int(value)))
        }
        rows.append(LatencyRow(workload: workload, kind: .stat, name: "max",
                               keys: summary.maxInsertIndex >= 0 ? summary.maxInsertIndex : nil,
                               valueNanoseconds: Int(summary.maxNanoseconds)))
        for bucket in summary.buckets {
            rows.append(LatencyRow(workload: workload, kind: .bucket, lowNanoseconds: Int(bucket.low),
                                   highNanoseconds: Int(bucket.high), count: Int(bucket.count)))
        }
        for window in latencyWindows {
            rows.append(LatencyRow(workload: workload, kind: .window, keys: window.keys,
                                   valueNanoseconds: Int(window.nanoseconds)))
        }
        return rows
    }

    /// The 99th percentile and the longest insert, for the summary row; nil without latency.
    var latencyFigures: (p99: Int, max: Int)? {
        guard let latency else { return nil }
        return (Int(latency.histogram.valueAtPercentile(99)), Int(latency.maxNanoseconds))
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
