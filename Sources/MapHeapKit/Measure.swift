// Runs one workload and measures it. Called in a child process of `mapheap run` (one workload
// per process, so one workload's leftovers never pollute another's figures).
import GoMap
import HeapStats

/// Facts about the run that go into every summary row.
public struct RunContext: Sendable {
    /// The machine, one line.
    public var machine: String
    /// The Swift compiler version mapheap was built with.
    public var swiftVersion: String
    /// jemalloc's version string.
    public var jemallocVersion: String
    /// The seed every map of the run is created with.
    public var seed: UInt64

    /// Creates a context.
    public init(machine: String, swiftVersion: String, jemallocVersion: String, seed: UInt64) {
        self.machine = machine
        self.swiftVersion = swiftVersion
        self.jemallocVersion = jemallocVersion
        self.seed = seed
    }

    /// This process's machine, compiler and jemalloc, with `seed`.
    public static func current(seed: UInt64) -> RunContext {
        RunContext(machine: MachineInfo.current().summary, swiftVersion: BuildInfo.swiftCompilerVersion,
                   jemallocVersion: Jemalloc.version, seed: seed)
    }
}

/// Runs `workload` in this process, sampling as `sampling` says, and returns its rows.
///
/// The baseline is taken just before the map is created, so every figure is the map's own
/// (plus nothing else: keys are made without allocating, and the sample storage is reserved
/// before the baseline).
///
/// - Parameter progressFD: a file descriptor to which the insert count is written at every sample
///   point (one decimal number and a newline), or nil.
public func measureWorkload(
    _ workload: Workload, sampling: Sampling, context: RunContext, progressFD: Int32? = nil
) -> ResultSet {
    _measureWorkload(workload, sampling: sampling, context: context, progressFD: progressFD, sites: nil)
}

/// `measureWorkload`, recording allocation sites into `sites` when it is not nil (Sites+Measure.swift).
func _measureWorkload(
    _ workload: Workload, sampling: Sampling, context: RunContext, progressFD: Int32?, sites: _SitesRecording?
) -> ResultSet {
    let run = _WorkloadRun(workload: workload, sampling: sampling, context: context, progressFD: progressFD,
                           sites: sites)
    let hint = workload.hint
    let seed = context.seed
    switch (workload.impl, workload.key, workload.value) {
    case (.gomap, .int64, .bool): return run.goMap(_Int64Keys(), value: true)
    case (.gomap, .int64, .empty): return run.goMap(_Int64Keys(), value: ())
    case (.gomap, .int64, .int64): return run.goMap(_Int64Keys(), value: Int64(1))
    case (.gomap, .string, .bool): return run.goMap(_StringKeys(), value: true)
    case (.gomap, .string, .empty): return run.goMap(_StringKeys(), value: ())
    case (.gomap, .string, .int64): return run.goMap(_StringKeys(), value: Int64(1))
    case (.gomap, .stringLong, .bool): return run.goMap(_LongStringKeys(), value: true)
    case (.gomap, .stringLong, .empty): return run.goMap(_LongStringKeys(), value: ())
    case (.gomap, .stringLong, .int64): return run.goMap(_LongStringKeys(), value: Int64(1))
    case (.dictionary, .int64, .bool): return run.dictionary(_Int64Keys(), value: true)
    case (.dictionary, .int64, .int64): return run.dictionary(_Int64Keys(), value: Int64(1))
    case (.dictionary, .string, .bool): return run.dictionary(_StringKeys(), value: true)
    case (.dictionary, .string, .int64): return run.dictionary(_StringKeys(), value: Int64(1))
    case (.dictionary, .stringLong, .bool): return run.dictionary(_LongStringKeys(), value: true)
    case (.dictionary, .stringLong, .int64): return run.dictionary(_LongStringKeys(), value: Int64(1))
    case (.set, .int64, .empty):
        return run.measure(_Int64Keys(), make: { _SetUnderTest<Int64>(storage: Set(minimumCapacity: hint)) })
    case (.set, .string, .empty):
        return run.measure(_StringKeys(), make: { _SetUnderTest<String>(storage: Set(minimumCapacity: hint)) })
    case (.set, .stringLong, .empty):
        return run.measure(_LongStringKeys(), make: { _SetUnderTest<String>(storage: Set(minimumCapacity: hint)) })
    case (.dictionary, _, .empty), (.set, _, .bool), (.set, _, .int64):
        _ = seed
        preconditionFailure("suite validation admits no \(workload.impl) with value \(workload.value)")
    }
}

/// One workload's run: the generic loop shared by every map under test.
struct _WorkloadRun {
    let workload: Workload
    let sampling: Sampling
    let context: RunContext
    let progressFD: Int32?
    /// Where allocation sites are recorded, or nil (the default: no hooks, no cost).
    let sites: _SitesRecording?

    func goMap<S: _KeySource, V>(_ keys: S, value: V) -> ResultSet {
        let hint = workload.hint
        let seed = context.seed
        return measure(keys, make: {
            _GoMapUnderTest(map: GoMap<S.Key, V>(hint: hint, seed: seed), value: value)
        }, attach: { map, sampler in
            // The map owns its observer, so the observer must not own the map (a retain cycle would
            // keep every measured map alive). The map only calls it while alive: unowned is safe.
            map.map.growthObserver = { [unowned sampler, unowned goMap = map.map] event in
                sampler.growthEvent(event, _GoMapUnderTest(map: goMap, value: value))
            }
        })
    }

    func dictionary<S: _KeySource, V>(_ keys: S, value: V) -> ResultSet {
        let hint = workload.hint
        return measure(keys, make: {
            _DictionaryUnderTest<S.Key, V>(dictionary: Dictionary(minimumCapacity: hint), value: value)
        })
    }

    /// Creates the map with `make` inside the measured window, drives the workload's operations,
    /// samples at the plan's points and at growth events, and assembles the rows.
    func measure<S: _KeySource, M: _MeasuredMap>(
        _ keys: S, make: () -> M, attach: (M, _Sampler) -> Void = { _, _ in }
    ) -> ResultSet where M.Key == S.Key {
        let n = workload.keys
        var plan = sampling.plan(total: workload.totalInserts)
        if workload.ops == .churn {
            // Also sample the end of the fill and the end of every round, where the count is N again,
            // so that "after the fill" and "after round r" are measured, not interpolated.
            plan = Array(Set(plan + (0...workload.rounds).map { n + $0 * (n / 2) })).sorted()
        }
        // Growths: at most ~64 doublings, plus same-size growths, which churn can cause once every
        // few rounds.
        let expectedGrowths = 64 + workload.rounds * 4
        let sampler = _Sampler(workload: workload.name, expectedPoints: plan.count,
                               expectedGrowths: expectedGrowths, progressFD: progressFD)

        sampler.marksSitesPeak = sites != nil
        sites?.start()
        sampler.start = monotonicNanoseconds()
        var map = make()
        attach(map, sampler)
        var lastCapacity = map.capacity
        var nextSample = 0
        if plan[0] == 0 {
            sampler.sample(.sample, map)
            nextSample = 1
        }
        var nextSampleAt = nextSample < plan.count ? plan[nextSample] : Int.max

        @inline(__always)
        func inserted() {
            sampler.inserts &+= 1
            if !M.observesGrowth {
                let capacity = map.capacity
                if capacity != lastCapacity {
                    sampler.peerResizes += 1
                    lastCapacity = capacity
                }
            }
            if sampler.inserts == nextSampleAt {
                sampler.sample(.sample, map)
                nextSample += 1
                nextSampleAt = nextSample < plan.count ? plan[nextSample] : Int.max
            }
        }

        for i in 0..<n {
            map.insert(keys.key(i))
            inserted()
        }
        if workload.ops == .churn {
            // Rounds of delete-half / insert-new: the live keys are a window [low, high) of the key
            // sequence; each round deletes its older half and inserts as many new keys.
            let half = n / 2
            var low = 0
            var high = n
            for _ in 0..<workload.rounds {
                for i in low..<(low + half) { map.remove(keys.key(i)) }
                for i in high..<(high + half) {
                    map.insert(keys.key(i))
                    inserted()
                }
                low += half
                high += half
            }
        }
        let end = monotonicNanoseconds()
        sites?.stop()
        withExtendedLifetime(map) {}

        let measuredNanoseconds = end &- sampler.start &- sampler.samplingNanoseconds
        let seconds = Double(measuredNanoseconds) / 1e9
        let last = sampler.curve.last
        let finalAllocated = last?.allocatedBytes ?? 0
        let goStats = (map as? _GoMapStatsProviding)?.goStats
        let summary = SummaryRow(
            workload: workload.name, impl: workload.impl.rawValue, keyType: workload.key.rawValue,
            valueType: workload.value.rawValue, sizing: workload.sizing.rawValue, hint: workload.hint,
            ops: workload.ops.rawValue, keys: n, inserts: sampler.inserts, deletes: workload.totalDeletes,
            finalCount: map.count,
            growthsDoubling: goStats?.growthsDoubling ?? sampler.peerResizes,
            growthsSameSize: goStats?.growthsSameSize ?? 0,
            finalB: map.b, overflowBuckets: map.overflowBuckets, finalAllocatedBytes: finalAllocated,
            peakAllocatedBytes: sampler.maxPeak, finalActiveBytes: last?.activeBytes ?? 0,
            finalResidentBytes: last?.residentBytes ?? 0, mapBytes: map.mapBytes,
            bytesPerKey: map.count > 0 ? Double(finalAllocated) / Double(map.count) : 0,
            seconds: seconds, nsPerInsert: Double(measuredNanoseconds) / Double(max(1, sampler.inserts)),
            samplingOverhead: measuredNanoseconds > 0
                ? Double(sampler.samplingNanoseconds) / Double(measuredNanoseconds) : 0,
            status: "ok", machine: context.machine, swiftVersion: context.swiftVersion,
            jemallocVersion: context.jemallocVersion, seed: context.seed)
        return ResultSet(summary: [summary], curve: sampler.curve, growth: sampler.growth)
    }
}

/// Maps that can report GoMap's growth counts.
protocol _GoMapStatsProviding {
    var goStats: GoMapStats { get }
}

extension _GoMapUnderTest: _GoMapStatsProviding {
    var goStats: GoMapStats { map.stats }
}
