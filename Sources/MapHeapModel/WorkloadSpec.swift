// A resolved workload: everything a child needs to measure one workload, and nothing to look up.
//
// The parent resolves each workload of a validated suite into a spec (sizing into a hint, sampling
// into insert counts, the run's seed) and hands it to a child as one JSON document
// (`WorkloadSpec+JSON.swift`, the child protocol in Sources/PROTOCOL.md).

/// One workload, resolved: the child protocol's spec.
public struct WorkloadSpec: Equatable, Sendable {
    /// The protocol id every spec carries.
    public static let protocolID = "mapheap.spec.v1"

    /// Allocation-site recording (`mapheap run --alloc-sites`).
    public struct AllocationSitesPlan: Equatable, Sendable {
        /// Mean bytes between sampled allocations below the threshold.
        public var sampleRate: Int
        /// Allocations of at least this many bytes are all recorded.
        public var threshold: Int

        /// Creates a plan.
        public init(sampleRate: Int, threshold: Int) {
            self.sampleRate = sampleRate
            self.threshold = threshold
        }
    }

    /// The workload as the suite states it (name, map, key recipe, value shape, sizing, hint, ops).
    public var workload: Workload
    /// For `go`: the Go toolchain, e.g. `1.23.9`; for a model core (gomap, swissmap): the release whose
    /// rules it follows (`Workload.modelRules`; empty: its default); otherwise empty.
    public var goVersion: String
    /// For `go`: the GOEXPERIMENT the peer was built with; for a model core: the experiment whose rules it
    /// follows (`noswissmap`, `mapsplitgroup`); or empty.
    public var goExperiment: String
    /// Live keys to look up, timed, after the operations and after every byte figure is read
    /// (PROTOCOL.md, "Lookups"); the parent gives `Workload.resolvedLookups`.
    public var lookups: Int
    /// Insert counts after which to sample, sorted and distinct (0 = before the first insert).
    public var sampleAt: [Int]
    /// The run's seed.
    public var seed: UInt64
    /// Time every insert (`latency.csv` and the latency columns; PROTOCOL.md "Insert latency").
    public var latency: Bool
    /// Record allocation sites with this plan, or nil.
    public var allocationSites: AllocationSitesPlan?
    /// One growth row per Swiss table split, instead of one per sample window (PROTOCOL.md, growth.csv;
    /// the spec's optional `every_split`).
    public var everySplit = false

    /// Creates a spec from its parts.
    public init(workload: Workload, goVersion: String = "", goExperiment: String = "", lookups: Int,
                sampleAt: [Int], seed: UInt64, latency: Bool = false, allocationSites: AllocationSitesPlan? = nil) {
        precondition(!sampleAt.isEmpty, "a spec samples at least once")
        precondition((0...workload.liveKeysAtEnd).contains(lookups), "lookups are of distinct live keys")
        self.workload = workload
        self.goVersion = goVersion
        self.goExperiment = goExperiment
        self.lookups = lookups
        self.sampleAt = sampleAt
        self.seed = seed
        self.latency = latency
        self.allocationSites = allocationSites
    }
}

extension Workload {
    /// The most live keys a workload looks up at its end: enough for a steady time per lookup (spread
    /// over the whole map, each one a cache miss at 10M keys), few enough that the default suite's
    /// lookups take about 1.5 s of its two minutes (1,000,000 took 13.6 s of child time).
    public static let maximumLookups = 100_000

    /// Live keys when the operations are done: N for both mixes (a churn round deletes as many keys as
    /// it inserts, so the window [low, high) stays N wide).
    public var liveKeysAtEnd: Int { keys }

    /// The lookups a spec asks for: every live key, up to `maximumLookups`.
    public var resolvedLookups: Int { min(liveKeysAtEnd, Workload.maximumLookups) }

    /// This workload resolved for a child: its sample points from `sampling` (for churn, also the end
    /// of the fill and of every round, where the count is N again, so that "after the fill" and
    /// "after round r" are measured, not interpolated), its lookups and the run's seed.
    public func resolved(sampling: Sampling, seed: UInt64,
                         allocationSites: WorkloadSpec.AllocationSitesPlan? = nil,
                         latency: Bool = false) -> WorkloadSpec {
        var plan = sampling.plan(total: totalInserts)
        if ops == .churn {
            plan = Array(Set(plan + (0...rounds).map { keys + $0 * (keys / 2) })).sorted()
        }
        // A model's release is written out, its default included: the child builds the core with the
        // rules the spec names and looks nothing up.
        var workload = self
        if let rules = modelRules { (workload.goVersion, workload.goExperiment) = (rules.version, rules.experiment) }
        return WorkloadSpec(workload: workload, goVersion: workload.goVersion, goExperiment: workload.goExperiment,
                            lookups: resolvedLookups, sampleAt: plan, seed: seed, latency: latency,
                            allocationSites: allocationSites)
    }
}
