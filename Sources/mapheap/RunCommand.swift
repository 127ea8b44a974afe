import ArgumentParser
import Foundation
import HeapStats
import MapHeapModel
import MapHeapMeasure
import MapHeapRun

/// `mapheap run`: measures a suite's workloads and writes CSVs, the report and the chart.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Measure a suite's workloads, each in its own process, and write CSVs, report and chart.",
        discussion: """
            Results go to --out as each workload completes (summary.csv, curve.csv, growth.csv,
            latency.csv, in suite order), report.txt and heap-curves.svg when the run ends. Bad input (config, --only, --out, a suite too large for
            this machine's memory) exits with status 2 before anything is written; a workload that
            crashes or runs out of memory is recorded with its status and the run goes on (exit 1).
            """
    )

    @Argument(help: "The suite file to run.")
    var config = "bench-configs/default.json"

    @Option(name: .long, help: "The directory to write results to (its earlier result files are replaced).")
    var out = "results/latest"

    @Option(name: .long, parsing: .unconditional,
            help: "A seed for every map, overriding the suite's (0 to 9223372036854775807, as in a suite).")
    var seed: UInt64?

    @Option(name: .long, help: "Run only these workloads: names separated by commas, or the option repeated.")
    var only: [String] = []

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Time every insert (latency.csv; about x1.7-x2.3 slower inserts, see docs/methods.md).")
    var latency = false

    @Flag(name: .long, help: ArgumentHelp("Write every Swiss table split as its own growth.csv row (by default the "
        + "splits of one sample window share a row: splits=N in its detail)."))
    var everySplit = false

    @Flag(name: .long, help: ArgumentHelp("Write every 1 % latency histogram bucket as its own latency.csv row (by "
        + "default they are merged into 8 bins a doubling; the quantiles are exact either way)."))
    var everyBucket = false

    @Option(name: .long, help: ArgumentHelp(
        "How many workloads run at once, by default this machine's cores; a workload that times every "
            + "insert always runs alone.", valueName: "n"))
    var jobs = RunRequest.defaultJobs

    @OptionGroup var sites: AllocationSitesOptions

    @Option(name: .long, help: "The claims file the report settles (default: bench-configs/claims.json when present).")
    var claims: String?

    /// The names --only gives, commas split, empty names dropped.
    private var names: [String] { only.flatMap { $0.split(separator: ",").map { String($0) } } }

    func validate() throws {
        if let seed, seed > UInt64(Int64.max) {
            throw ValidationError("--seed \(seed): must be 0 to \(Int64.max), the range of a suite's seed")
        }
        if jobs < 1 || jobs > RunRequest.maximumJobs {
            throw ValidationError("--jobs \(jobs): must be 1 to \(RunRequest.maximumJobs); "
                + "1 runs one workload at a time")
        }
        if !only.isEmpty && names.isEmpty {
            let given = only.map { "\"\($0)\"" }.joined(separator: ", ")
            throw ValidationError("--only \(given) names no workload (an empty variable?); "
                + "name at least one, or leave --only out to run them all")
        }
    }

    func run() throws {
        // Output to a closed pipe (`mapheap run ... 2>&1 | head -1`) must not stop the measuring: a write
        // fails instead (and is ignored), and the run ends as it would have. Children get the default back
        // (execAsChild).
        signal(SIGPIPE, SIG_IGN)
        let started = ContinuousClock.now
        var request = RunRequest(configPath: config, outDirectory: out, seed: seed, only: names, quiet: quiet,
                                 executable: currentExecutablePath(), allocationSites: sites.options,
                                 claimsPath: claims)
        request.latency = latency
        request.everySplit = everySplit
        request.everyBucket = everyBucket
        request.jobs = jobs
        let prepared: PreparedRun
        do {
            prepared = try PreparedRun.prepare(request)
        } catch {
            throw fail(error, prefix: .failures("mapheap run: "))
        }
        let outcome: RunOutcome
        do {
            outcome = try prepared.run()
        } catch {
            throw fail(error, prefix: .failures("mapheap run: "))
        }
        if !quiet {
            let ok = outcome.results.summary.count - outcome.failed.count
            // The run's wall time, checks and report included: what the suite costs on this machine.
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("\(ok) of \(outcome.results.summary.count) workloads measured in \(_Format.seconds(seconds)) "
                  + "(wall time); report: \(out)/report.txt and \(out)/report.html, chart: \(out)/heap-curves.svg")
        }
        if !outcome.failed.isEmpty {
            throw fail(FailedRun(line: "failed workloads: \(outcome.failed.joined(separator: ", "))"),
                       prefix: .failures("mapheap run: "))
        }
    }
}

/// `mapheap _workload`: the child side of `mapheap run` (one workload, one process), speaking the child
/// protocol of Sources/PROTOCOL.md. Hidden.
struct WorkloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_workload",
        abstract: "Measure one workload from a resolved spec (the child protocol; used by mapheap run).",
        shouldDisplay: false
    )

    @Option(name: .long, help: "The spec the parent wrote (JSON, Sources/PROTOCOL.md).")
    var spec: String

    @Option(name: .customLong("result-dir"), help: "The empty directory to write the workload's rows to.")
    var resultDirectory: String

    @Flag(name: .long, help: "Write the insert count to stdout at every sample point.")
    var progress = false

    func run() throws {
        do {
            try runWorkloadChild(specPath: spec, resultDirectory: resultDirectory, progress: progress)
        } catch let error as CSVError {
            // The rows are written (a CSVError here is a failed write, 1).
            throw fail(FailedWrite(error))
        } catch {
            // The spec is read (ConfigError: 2).
            throw fail(error)
        }
    }
}

/// `--alloc-sites` and its sampling options (of `run`; the child gets them in its spec).
struct AllocationSitesOptions: ParsableArguments {
    @Flag(name: .customLong("alloc-sites"),
          help: "Record which code allocates the bytes (sites.csv, sites/*.folded, a report section); slower.")
    var enabled = false

    @Option(name: .customLong("alloc-sample-rate"), parsing: .unconditional,
            help: "With --alloc-sites: mean bytes between sampled allocations below the threshold (default 16384).")
    var sampleRate: Int?

    @Option(name: .customLong("alloc-threshold"), parsing: .unconditional,
            help: "With --alloc-sites: record every allocation of at least this many bytes (default 65536).")
    var threshold: Int?

    /// The recording options, or nil without --alloc-sites.
    var options: AllocationSites.Options? {
        guard enabled else { return nil }
        return AllocationSites.Options(sampleRate: sampleRate ?? AllocationSites.Options.defaultSampleRate,
                                       threshold: threshold ?? AllocationSites.Options.defaultThreshold)
    }

    func validate() throws {
        if !enabled && (sampleRate != nil || threshold != nil) {
            throw ValidationError("--alloc-sample-rate and --alloc-threshold need --alloc-sites; add it")
        }
        if let sampleRate, sampleRate < 1 {
            throw ValidationError("--alloc-sample-rate \(sampleRate): must be at least 1 (byte); try 16384")
        }
        if let threshold, threshold < 0 {
            throw ValidationError("--alloc-threshold \(threshold): must not be negative; try 65536")
        }
    }
}

/// The path of the running executable (so that `run` can re-run it for each workload).
func currentExecutablePath() -> String {
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
    return CommandLine.arguments[0]
}
