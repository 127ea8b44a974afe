// Runs one workload and measures it. Called in a child process of `mapheap run` (one workload
// per process, so one workload's leftovers never pollute another's figures), from a resolved spec.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeapStats
import MapHeapModel

extension RunContext {
    /// This process's machine, compiler and jemalloc.
    public static func current() -> RunContext {
        RunContext(machine: MachineInfo.current().summary, runtime: "swift " + BuildInfo.swiftCompilerVersion,
                   allocator: Jemalloc.allocatorDescription())
    }
}

/// Measures `spec` in this process and returns its rows.
///
/// The baseline is taken just before the map is created, so every figure is the map's own
/// (plus nothing else: keys are made without allocating, and the sample storage is reserved
/// before the baseline).
///
/// - Parameter progressFD: a file descriptor to which the insert count is written at every sample
///   point (one decimal number and a newline), or nil.
public func measureWorkload(_ spec: WorkloadSpec, context: RunContext, progressFD: Int32? = nil) -> ResultSet {
    _measureWorkload(spec, context: context, progressFD: progressFD, sites: nil)
}

/// Whether this process measures `impl` itself (it has an adapter registered for it).
public func canMeasureInProcess(_ impl: Workload.Impl) -> Bool {
    _inProcessMaps[impl.rawValue] != nil
}

/// `measureWorkload`, recording allocation sites into `sites` when it is not nil (Sites+Measure.swift).
func _measureWorkload(
    _ spec: WorkloadSpec, context: RunContext, progressFD: Int32?, sites: _SitesRecording?
) -> ResultSet {
    guard let measure = _inProcessMaps[spec.workload.impl.rawValue] else {
        preconditionFailure("no in-process adapter for impl \(spec.workload.impl); the child refuses such specs")
    }
    return measure(_WorkloadRun(spec: spec, context: context, progressFD: progressFD, sites: sites))
}

/// Set by the workload child (one workload per process): the measured map is kept until the process
/// exits instead of being torn down. In-process callers (the tests) leave it off.
nonisolated(unsafe) var _keepsMapsUntilExit = false
nonisolated(unsafe) private var _keptMaps: [Any] = []

/// One workload's run: the generic loop shared by every map under test.
struct _WorkloadRun {
    let spec: WorkloadSpec
    let context: RunContext
    let progressFD: Int32?
    /// Where allocation sites are recorded, or nil (the default: no hooks, no cost).
    let sites: _SitesRecording?

    /// Creates the map with `make` inside the measured window, drives the workload's operations,
    /// samples at the plan's points and at growth events, and assembles the rows.
    func measure<S: _KeySource, M: MapAdapter>(_ keys: S, make: () -> M) -> ResultSet where M.Key == S.Key {
        let workload = spec.workload
        let n = workload.keys
        let plan = spec.sampleAt
        // The sampler's rows are reserved before the baseline, so that storing them allocates nothing
        // the heap figures would count. Growths: at most ~64 doublings, plus same-size growths, which
        // churn can cause once every few rounds; and the growths without curve points the map's catalog
        // entry reserves (`MapKind.insertsPerUnsampledGrowth`: a SwissMap of 10M keys has 16,404 growth
        // events). Only the first kind has curve points (two each).
        let sampledGrowths = 64 + workload.rounds * 4
        let expectedGrowths = sampledGrowths
            + (workload.impl.kind.insertsPerUnsampledGrowth.map { workload.totalInserts / $0 } ?? 0)
        let sampler = _Sampler(workload: workload.name, expectedPoints: plan.count,
                               expectedGrowths: expectedGrowths, sampledGrowths: sampledGrowths,
                               progressFD: progressFD,
                               recordsLatency: spec.latency, everySplit: spec.everySplit)
        // Timing each insert (when asked): the key is made before the clock is read.
        let latency = sampler.latency

        sampler.marksSitesPeak = sites != nil
        sites?.start()
        sampler.start = monotonicNanoseconds()
        var map = make()
        map.attach(sampler)
        let watchesCapacity = M.growthReporting == .watchedCapacity
        var lastCapacity = map.watchedCapacity
        var nextSample = 0
        if plan[0] == 0 {
            sampler.sample(.sample, map)
            nextSample = 1
        }
        var nextSampleAt = nextSample < plan.count ? plan[nextSample] : Int.max

        @inline(__always)
        func inserted() {
            sampler.inserts &+= 1
            if watchesCapacity {
                let capacity = map.watchedCapacity
                if capacity != lastCapacity {
                    sampler.reallocation(from: lastCapacity, to: capacity, countAtStart: map.count - 1)
                    lastCapacity = capacity
                }
            }
            if sampler.inserts == nextSampleAt {
                sampler.sample(.sample, map)
                nextSample += 1
                nextSampleAt = nextSample < plan.count ? plan[nextSample] : Int.max
            }
        }

        // Held for the whole loop: otherwise the recorder is retained around each clock read, an atomic
        // that waits for the previous insert's memory traffic (timed inserts ran ~3x slower).
        withExtendedLifetime(latency) {
            for i in 0..<n {
                let key = keys.key(i)
                latency?.beginInsert()
                map.insert(key)
                latency?.endInsert()
                inserted()
            }
        }
        // The live keys are a window [low, high) of the key sequence: [0, N) after the fill.
        var low = 0
        if workload.ops == .churn {
            // Rounds of delete-half / insert-new: each round deletes the window's older half and inserts
            // as many new keys.
            let half = n / 2
            var high = n
            withExtendedLifetime(latency) {
                for _ in 0..<workload.rounds {
                    for i in low..<(low + half) { map.remove(keys.key(i)) }
                    for i in high..<(high + half) {
                        let key = keys.key(i)
                        latency?.beginInsert()
                        map.insert(key)
                        latency?.endInsert()
                        inserted()
                    }
                    low += half
                    high += half
                }
            }
        }
        let end = monotonicNanoseconds()
        sites?.stop()
        withExtendedLifetime(map) {}

        let measuredNanoseconds = end &- sampler.start &- sampler.samplingNanoseconds
        let seconds = Double(measuredNanoseconds) / 1e9
        let last = sampler.curve.last
        let finalAllocated = last?.allocatedBytes ?? 0
        var summary = SummaryRow(
            workload: workload.name, impl: workload.impl,
            runtime: workload.modelRules.map { $0.modelRuntime(context.runtime) } ?? context.runtime,
            allocator: context.allocator, keyType: workload.key.rawValue, valueType: workload.value.rawValue,
            sizing: workload.sizing, hint: workload.hint, ops: workload.ops, keys: n,
            inserts: sampler.inserts, deletes: workload.totalDeletes, finalCount: map.count,
            growths: sampler.growthCounts, structure: map.structure, finalAllocatedBytes: finalAllocated,
            peakAllocatedBytes: sampler.maxPeak, finalActiveBytes: last?.activeBytes ?? 0,
            finalResidentBytes: last?.residentBytes ?? 0, mapBytes: map.mapBytes,
            bytesPerKey: map.count > 0 ? Double(finalAllocated) / Double(map.count) : 0, gcCycles: nil,
            seconds: seconds, nsPerInsert: Double(measuredNanoseconds) / Double(max(1, sampler.inserts)),
            samplingOverhead: measuredNanoseconds > 0
                ? Double(sampler.samplingNanoseconds) / Double(measuredNanoseconds) : 0,
            status: .ok, machine: context.machine, seed: spec.seed)
        summary.goMapType = workload.goMapType
        summary.goMapCanonical = workload.goMapCanonical
        summary.insertP99Nanoseconds = sampler.latencyFigures?.p99
        summary.insertMaxNanoseconds = sampler.latencyFigures?.max
        // Every byte figure is read above; looking up changes none of them.
        summary.lookups = spec.lookups
        summary.nsPerLookup = lookUp(spec.lookups, in: map, keys: keys, low: low, live: workload.liveKeysAtEnd)
        // A child process ends right after writing its rows: tearing down 10M entries first would only
        // delay it (0.1 to 0.3 s per 10M-key workload, nothing measured).
        if _keepsMapsUntilExit { _keptMaps.append(map) }
        return ResultSet(summary: [summary], curve: sampler.curve, growth: sampler.finishedGrowthRows,
                         latency: sampler.latencyRows)
    }

    /// Looks up `count` live keys spaced evenly over the window [low, low + live), key i = low + j·live/count
    /// for j in 0..<count, and returns the nanoseconds per lookup (nil when `count` is 0). The loop is
    /// timed as a whole with the insert clock, key making inside it as for inserts, and not sampled. A key
    /// not found with its value is a bug of the map: the workload fails with one line.
    private func lookUp<S: _KeySource, M: MapAdapter>(_ count: Int, in map: M, keys: S, low: Int, live: Int)
        -> Double? where M.Key == S.Key {
        precondition(count <= live, "lookups are of distinct live keys")
        guard count > 0 else { return nil }
        var missed: Int?
        let start = monotonicNanoseconds()
        for j in 0..<count {
            let index = low + j * live / count
            if !map.lookup(keys.key(index)) {
                missed = index
                break
            }
        }
        let end = monotonicNanoseconds()
        if let missed {
            _failWorkload("mapheap: \(spec.workload.name): lookup of live key \(missed) (window [\(low), "
                + "\(low + live))) found no entry with the workload's value; the map lost a key")
        }
        return Double(end &- start) / Double(count)
    }
}

/// Ends this workload's process as a failed workload (PROTOCOL.md: exit status 1) with `line` on stderr:
/// for a measurement that must not be written, such as a lookup that missed.
func _failWorkload(_ line: String) -> Never {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}
