// `mapheap run`: validates everything first, then measures each workload in a child process of
// its own, up to --jobs at once, appending each workload's rows (in suite order) as soon as it
// completes, and renders the report when the run ends.
//
// The child protocol (Sources/PROTOCOL.md): the parent resolves each workload to a spec, writes it
// as spec.json into the workload's scratch directory, and runs the workload's launcher
// (ChildLauncher.swift: mapheap's own `_workload`, or another program) with `--spec SPEC
// --result-dir DIR [--progress]`; it reads the rows back from DIR once the child exits with 0.
import Foundation
import HeapStats

import MapHeapModel
import MapHeapReport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `mapheap run` was asked to do.
public struct RunRequest: Sendable {
    /// The suite file.
    public var configPath: String
    /// Where results go.
    public var outDirectory: String
    /// A seed overriding the suite's, or nil.
    public var seed: UInt64?
    /// Workloads to run (all when empty).
    public var only: [String]
    /// No progress and no per-workload lines.
    public var quiet: Bool
    /// The mapheap executable to re-run for each workload.
    public var executable: String
    /// Record allocation sites with these options (`--alloc-sites`), or nil (the default).
    public var allocationSites: AllocationSites.Options?
    /// Time every insert (`--latency`), whatever the suite says.
    public var latency = false
    /// The claims file the report settles (`--claims`), or nil for `ClaimsFile.defaultPath` if present.
    public var claimsPath: String?
    /// How many workloads may run at once (`--jobs`; timed workloads always run alone).
    public var jobs = RunRequest.defaultJobs

    /// `--jobs`'s default: this machine's cores, at most `maximumJobs`.
    public static var defaultJobs: Int { min(max(1, MachineInfo.current().cores), maximumJobs) }
    /// `--jobs`'s largest value.
    public static let maximumJobs = _Interruption.slots

    /// Creates a request.
    public init(configPath: String, outDirectory: String, seed: UInt64?, only: [String], quiet: Bool,
                executable: String, allocationSites: AllocationSites.Options? = nil, claimsPath: String? = nil) {
        self.claimsPath = claimsPath
        self.configPath = configPath
        self.outDirectory = outDirectory
        self.seed = seed
        self.only = only
        self.quiet = quiet
        self.executable = executable
        self.allocationSites = allocationSites
    }
}

/// A problem with what `mapheap run` was given: one line, exit status 2, nothing written.
public struct RunInputError: Error, CustomStringConvertible, Sendable {
    /// The one-line message.
    public var description: String
    /// Exit status for bad input.
    public var exitCode: Int32 { 2 }
}

/// A validated run, ready to start.
public struct PreparedRun: Sendable {
    /// The request.
    public var request: RunRequest
    /// The suite, restricted to the selected workloads.
    public var suite: Suite
    /// The seed every map is created with.
    public var seed: UInt64
    /// What the allocator check found.
    public var allocator: AllocatorVerification
    /// The output directory's lock, held until the last copy of this value goes away.
    public var lock: ResultDirectoryLock
    /// The earlier run's result files in the output directory, which this run replaces.
    public var earlier: EarlierResults
    /// The claims the report settles, or nil when there is no claims file.
    public var claims: ClaimsFile?

    /// Checks everything that can be checked before measuring: the suite, the selection, the memory
    /// estimate, the allocator, and last the output directory, which it creates if needed, locks
    /// (another run writing it is refused) and checks for files of a result file's name that mapheap
    /// did not write (refused too). Bad input of any other kind writes nothing.
    public static func prepare(_ request: RunRequest) throws -> PreparedRun {
        guard !request.outDirectory.isEmpty else {
            throw RunInputError(description: "--out \"\": the path is empty; name a directory, e.g. --out results/latest")
        }
        var suite = try Suite.load(path: request.configPath)
        if !request.only.isEmpty { suite = try suite.selecting(names: request.only) }
        let claims = try ClaimsFile.load(explicit: request.claimsPath)
        try suite.checkFits(physicalMemory: MachineInfo.current().usableMemory)
        try checkGoToolchains(suite, executable: request.executable)
        // This also settles --alloc-sites: its hooks need jemalloc as the allocator, and nothing else.
        let allocator = try Jemalloc.verifyAllocator()
        try prepareOutputDirectory(request.outDirectory)
        let option = "--out \(request.outDirectory)"
        let lock = try ResultDirectoryLock(directory: request.outDirectory, option: option)
        let earlier = try EarlierResults.find(in: request.outDirectory, option: option)
        return PreparedRun(request: request, suite: suite, seed: request.seed ?? suite.seed, allocator: allocator,
                           lock: lock, earlier: earlier, claims: claims)
    }
}

/// Refuses a suite that names a Go toolchain that is not installed: one line naming the installed ones and
/// the command that installs the missing one.
func checkGoToolchains(_ suite: Suite, executable: String) throws {
    let versions = Set(suite.workloads.filter { $0.impl == .go }.map(\.goVersion))
    guard !versions.isEmpty else { return }
    let root = GoToolchains.projectRoot(executable: executable)
    guard let root else {
        throw RunInputError(description: "\(suite.file): impl go needs the Go peer's sources (Sources/go-peer), "
            + "not found from here; run mapheap from the project folder or set MAPHEAP_ROOT")
    }
    for version in versions.sorted() where GoToolchains.find(version, root: root) == nil {
        let installed = GoToolchains.installed(root: root).map(\.version)
        throw RunInputError(description: "\(suite.file): Go \(version) is not installed (installed: "
            + (installed.isEmpty ? "none" : installed.joined(separator: ", "))
            + "); run \(GoToolchains.installCommand(for: version)) to install it")
    }
}

/// Makes sure `path` is a writable directory, creating it (and missing parents) if needed; the
/// last check of `prepare`, so that bad input of any other kind leaves the file system untouched.
/// Throws a one-line `RunInputError` naming --out, the part that failed and why.
func prepareOutputDirectory(_ path: String) throws {
    let manager = FileManager.default
    let target = URL(fileURLWithPath: path).standardizedFileURL
    var missing: [URL] = []
    var candidate = target
    var isDirectory: ObjCBool = false
    while !manager.fileExists(atPath: candidate.path, isDirectory: &isDirectory) {
        missing.append(candidate)
        let parent = candidate.deletingLastPathComponent()
        if parent.path == candidate.path { break }
        candidate = parent
    }
    guard isDirectory.boolValue else {
        throw RunInputError(description: missing.isEmpty
            ? "--out \(path): exists and is not a directory; name a directory"
            : "--out \(path): cannot be created, \(candidate.path) is not a directory; choose another --out")
    }
    for directory in missing.reversed() where mkdir(directory.path, 0o755) != 0 && errno != EEXIST {
        let reason = String(cString: strerror(errno))
        throw RunInputError(
            description: "--out \(path): cannot create \(directory.path): \(reason); choose another --out")
    }
    guard access(target.path, W_OK) == 0 else {
        throw RunInputError(description: "--out \(path): directory is not writable; choose another --out")
    }
}

/// How a run went.
public struct RunOutcome: Sendable {
    /// Everything measured, in suite order (failed workloads have a summary row with their status).
    public var results: ResultSet
    /// Names of workloads whose status is not `ok`.
    public var failed: [String]
}

extension PreparedRun {
    /// Measures every workload, each in a child process, up to `request.jobs` at once, and writes each
    /// workload's rows as soon as it and every workload before it in the suite are done (rows stay in
    /// suite order); the report and chart are written at the end, and on an interruption.
    ///
    /// Workloads start in suite order, except that one that must wait lets later ones by. One starts when
    /// fewer than `jobs` run, the estimated peaks of those running and its own fit in
    /// `Suite.memoryShareLimit` of this machine's memory, and neither it nor one running times every
    /// insert: a timed workload (latency) always runs alone, so its latencies are not another
    /// process's; with more than one job, timed workloads therefore tend to run last.
    ///
    /// - Parameter log: receives one line per finished workload (unless quiet) and the notice about an
    ///   earlier run's files; the progress line goes to the terminal on stderr itself.
    public func run(log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) throws
        -> RunOutcome {
        let interruption = _Interruption.install()
        defer { interruption.uninstall() }
        if !request.quiet, let notice = earlier.notice { log("mapheap run: " + notice) }
        earlier.remove()
        let writer = try ResultWriter(directory: request.outDirectory)
        let sitesWriter = try request.allocationSites.map { _ in try SitesWriter(directory: request.outDirectory) }
        var sites: [SiteRow] = []
        let machineInfo = MachineInfo.current()
        let machine = machineInfo.summary
        let memoryLimit = Suite.memoryLimit(physicalMemory: machineInfo.usableMemory)
        var results = ResultSet()
        var failed: [String] = []
        let workloads = suite.workloads
        let total = workloads.count
        let specs = workloads.map { workload in
            workload.resolved(
                sampling: suite.sampling, seed: seed,
                allocationSites: request.allocationSites.map {
                    .init(sampleRate: $0.sampleRate, threshold: $0.threshold)
                }, latency: suite.latency(of: workload, forced: request.latency))
        }
        let progress = isatty(2) != 0 && !request.quiet ? _ProgressLine() : nil
        let jobs = max(1, min(request.jobs, _Interruption.slots))
        func labelOf(_ index: Int) -> String { "[\(index + 1)/\(total)] \(workloads[index].name)" }

        /// Writes workload `index`'s rows (or its failed row).
        func write(_ index: Int, _ measured: _Measured, jobsAtOnce: Int) throws {
            let workload = workloads[index]
            let label = labelOf(index)
            var rows: ResultSet
            switch measured {
            case .success(let set):
                rows = set.results
                if let sitesWriter, let workloadSites = set.sites {
                    do {
                        try sitesWriter.append(workload: workload.name, rows: workloadSites)
                    } catch {
                        throw RunError.cannotWrite(error, kept: results.summary.count, of: total,
                                                   directory: request.outDirectory)
                    }
                    sites += workloadSites
                }
            case .failure(let failure):
                failed.append(workload.name)
                rows = ResultSet(summary: [_failedRow(workload, status: failure.status, machine: machine, seed: seed)])
                _above(progress) { log("\(label): \(failure.status): \(failure.reason)") }
            }
            rows.summary[0].jobsAtOnce = jobsAtOnce
            do {
                try writer.append(summary: rows.summary[0], curve: rows.curve, growth: rows.growth,
                                  latency: rows.latency)
            } catch {
                throw RunError.cannotWrite(error, kept: results.summary.count, of: total,
                                           directory: request.outDirectory)
            }
            results.summary += rows.summary
            results.curve += rows.curve
            results.growth += rows.growth
            results.latency += rows.latency
            if !request.quiet, let row = rows.summary.first, row.status == "ok" {
                _above(progress) {
                    log("\(label): ok, \(row.inserts) inserts in \(_Format.seconds(row.seconds)), "
                        + "\(row.growths.total) growths, "
                        + "final \(_Format.mib(row.finalAllocatedBytes)) MiB allocated, "
                        + "peak \(_Format.mib(row.peakAllocatedBytes)) MiB")
                }
            }
        }

        let rule = _StartRule(jobs: jobs, memoryLimit: memoryLimit, timed: specs.map(\.latency),
                              estimatedPeaks: workloads.map(\.estimatedPeakBytes))

        let jobState = _JobState()
        // Not started yet, in suite order.
        var pending = Array(0..<total)
        // Per workload, the most workloads that ran at once while it ran, itself included.
        var jobsAtOnce = Array(repeating: 1, count: total)
        var nextToWrite = 0
        jobState.lock()
        defer { jobState.unlock() }
        while true {
            if let signal = interruption.signal {
                // The handler killed the children in progress: wait for their threads to clean up, then
                // keep every workload that finished (out of suite order if one before it was stopped).
                while !jobState.running.isEmpty { jobState.wait() }
                progress?.clear()
                let stopped = jobState.finished.filter { $0.value.stoppedByInterruption }.keys.sorted()
                // Stops at a write that fails (a full disk): the rows written stay whole.
                for index in jobState.finished.keys.sorted() where !stopped.contains(index) {
                    guard let measured = jobState.finished.removeValue(forKey: index),
                          (try? write(index, measured, jobsAtOnce: jobsAtOnce[index])) != nil else { break }
                }
                try? writeReport(results, sites: sitesWriter == nil ? nil : sites, claims: claims,
                                 to: URL(fileURLWithPath: request.outDirectory))
                throw RunError.interrupted(signal: signal, kept: results.summary.count, of: total,
                                           stopped: stopped.map { workloads[$0].name },
                                           directory: request.outDirectory)
            }
            // Rows are written by this thread only, in suite order: a workload's rows wait for the ones
            // before it. Job threads that finish meanwhile wait on the lock, which costs their
            // measurements nothing (their child has exited).
            do {
                while let measured = jobState.finished.removeValue(forKey: nextToWrite) {
                    try write(nextToWrite, measured, jobsAtOnce: jobsAtOnce[nextToWrite])
                    nextToWrite += 1
                }
            } catch {
                // The others' rows could not be written either: stop them, and any child about to start.
                interruption.stopChildren()
                while !jobState.running.isEmpty { jobState.wait() }
                progress?.clear()
                throw error
            }
            if nextToWrite == total { break }
            while interruption.signal == nil,
                  let index = rule.next(among: pending, beside: Array(jobState.running.keys)) {
                let slot = (0..<jobs).first { !jobState.running.values.contains($0) }!
                jobState.running[index] = slot
                pending.removeAll { $0 == index }
                for running in jobState.running.keys {
                    jobsAtOnce[running] = max(jobsAtOnce[running], jobState.running.count)
                }
                let spec = specs[index]
                progress?.started(index, label: labelOf(index), inserts: workloads[index].totalInserts)
                Thread.detachNewThread { [self] in
                    let measured = runChild(spec, interruption: interruption, slot: slot,
                                            progress: progress.map { line in { line.update(index, done: $0) } })
                    progress?.ended(index)
                    jobState.lock()
                    jobState.finished[index] = measured
                    jobState.running[index] = nil
                    jobState.signal()
                    jobState.unlock()
                }
            }
            // With nothing running, a signal that came after the check above started nothing and no job
            // will wake this thread: go back to the check instead of waiting.
            if jobState.running.isEmpty { continue }
            jobState.wait()
        }
        progress?.clear()
        do {
            try writeReport(results, sites: sitesWriter == nil ? nil : sites, claims: claims,
                            to: URL(fileURLWithPath: request.outDirectory))
        } catch {
            throw RunError.cannotWrite(error, kept: results.summary.count, of: total, directory: request.outDirectory)
        }
        return RunOutcome(results: results, failed: failed)
    }

    /// Why a child did not deliver results.
    struct ChildFailure: Error {
        var status: String
        var reason: String
        /// Killed because the run was interrupted: not recorded at all.
        var stoppedByInterruption = false
    }

    /// Runs one workload in a child process (its launcher's) and reads back its rows.
    ///
    /// The child's files live in a temporary directory of the parent's making, named by the
    /// parent's pid and a random suffix (never by the workload's name), removed when this returns:
    /// `spec.json`, the empty `result/` the child writes its rows to, and the child's stderr.
    func runChild(_ spec: WorkloadSpec, interruption: _Interruption, slot: Int, progress: ((Int) -> Void)?)
        -> _Measured {
        let temporary = FileManager.default.temporaryDirectory.path
        var template = Array((temporary as NSString).appendingPathComponent("mapheap-\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            return .failure(ChildFailure(status: "failed", reason: "cannot create a temporary directory in "
                + "\(temporary): \(String(cString: strerror(errno))); set TMPDIR to a writable directory"))
        }
        let scratch = URL(fileURLWithPath: String(cString: made))
        defer { try? FileManager.default.removeItem(at: scratch) }
        let resultDirectory = scratch.appendingPathComponent("result")
        guard mkdir(resultDirectory.path, 0o755) == 0 else {
            return .failure(ChildFailure(status: "failed", reason: "cannot create \(resultDirectory.path): "
                + String(cString: strerror(errno))))
        }
        let specFile = scratch.appendingPathComponent("spec.json")
        do {
            try Data(spec.json.utf8).write(to: specFile)
        } catch {
            return .failure(ChildFailure(status: "failed",
                                         reason: "cannot write \(specFile.path): \(errorLine(error))"))
        }
        // The workload's name is in the spec, never on the child's command line.
        let launcher = ChildLauncher.launcher(for: spec.workload.impl.rawValue)
        if let reason = launcher.prepare?(request, spec) {
            return .failure(ChildFailure(status: "failed", reason: reason))
        }
        let command = launcher.command(request, spec)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.executable)
        process.arguments = command.arguments + ["--spec", specFile.path, "--result-dir", resultDirectory.path]
            + (progress == nil ? [] : ["--progress"])
        let pipe = Pipe()
        process.standardOutput = pipe
        // The child's stderr goes to a file, forwarded once it ends, so that an allocation failure
        // can be told from a crash (both end in a trap).
        let errorLog = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let errorHandle = try? FileHandle(forWritingTo: errorLog)
        defer { try? errorHandle?.close() }
        if let errorHandle { process.standardError = errorHandle }
        do {
            try process.run()
        } catch {
            return .failure(ChildFailure(status: "failed", reason: "cannot start \(command.executable): \(error)"))
        }
        // The child runs in a process group of its own, so a terminal's Ctrl-C reaches only this
        // process: the interruption handler kills the child, which closes the pipe below.
        interruption.watch(slot: slot, child: process.processIdentifier)
        defer { interruption.watch(slot: slot, child: 0) }
        // Progress: one decimal insert count per line, until the child closes its stdout.
        // Read with read(2), which a signal may interrupt (EINTR): FileHandle traps on that.
        var pending = Data()
        let reader = pipe.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if let done = Int(line) { progress?(done) }
            }
        }
        process.waitUntilExit()
        let exitedWhole = process.terminationReason == .exit && process.terminationStatus == 0
        if interruption.stopping && !exitedWhole {
            return .failure(ChildFailure(status: "killed", reason: "stopped by the interruption",
                                         stoppedByInterruption: true))
        }
        let childErrors = (try? Data(contentsOf: errorLog)) ?? Data()
        if !childErrors.isEmpty { FileHandle.standardError.write(childErrors) }
        switch process.terminationReason {
        case .uncaughtSignal:
            let signal = process.terminationStatus
            if signal == SIGKILL {
                return .failure(ChildFailure(status: "killed",
                                             reason: "killed (SIGKILL): out of memory or killed by hand"))
            }
            let text = String(decoding: childErrors, as: UTF8.self)
            if text.contains("out of memory") || text.contains("could not allocate memory") {
                return .failure(ChildFailure(status: "out-of-memory",
                    reason: "an allocation failed (signal \(signal)); try fewer keys or more memory"))
            }
            return .failure(ChildFailure(status: "crashed", reason: "the workload process died of signal \(signal)"))
        case .exit:
            guard process.terminationStatus == 0 else {
                return .failure(ChildFailure(status: "failed",
                    reason: "the workload process exited with status \(process.terminationStatus)"))
            }
        @unknown default:
            return .failure(ChildFailure(status: "failed", reason: "the workload process ended unexpectedly"))
        }
        do {
            var torn: String?
            let set = try ResultSet.read(from: resultDirectory.path) { torn = $0 }
            if let torn {
                return .failure(ChildFailure(status: "failed", reason: "the workload process left a torn row: \(torn)"))
            }
            guard set.summary.count == 1 else {
                return .failure(ChildFailure(status: "failed", reason: "the workload process wrote no summary"))
            }
            // The Go peer records its sites as a pprof heap profile, not as site rows.
            let sites = request.allocationSites == nil || spec.workload.impl == .go
                ? nil : try SitesWriter.read(from: resultDirectory.path) ?? []
            if request.allocationSites != nil {
                try _keepGoHeapProfile(from: resultDirectory, workload: spec.workload.name,
                                       outDirectory: request.outDirectory)
            }
            return .success((set, sites))
        } catch {
            return .failure(ChildFailure(status: "failed", reason: "cannot read the workload's results: \(error)"))
        }
    }
}

/// What a job thread hands back: a workload's rows (and allocation sites), or why it has none.
typealias _Measured = Result<(results: ResultSet, sites: [SiteRow]?), PreparedRun.ChildFailure>

extension _Measured {
    /// Whether the run's interruption stopped this workload (it is then not recorded).
    var stoppedByInterruption: Bool {
        if case .failure(let failure) = self { return failure.stoppedByInterruption }
        return false
    }
}

/// When a workload may start beside the ones running (`PreparedRun.run`): always when none runs (each
/// fits alone: `Suite.checkFits`); otherwise when fewer than `jobs` run, neither it nor any running one
/// is timed (latency), and the estimated peaks of all of them fit in `memoryLimit`.
struct _StartRule: Sendable {
    var jobs: Int
    var memoryLimit: Double
    /// Per workload, in suite order: whether it times every insert.
    var timed: [Bool]
    /// Per workload, in suite order: its estimated peak bytes.
    var estimatedPeaks: [Int]

    func mayStart(_ index: Int, beside running: [Int]) -> Bool {
        if running.isEmpty { return true }
        if running.count >= jobs || timed[index] || running.contains(where: { timed[$0] }) { return false }
        return Double(running.reduce(estimatedPeaks[index]) { $0 + estimatedPeaks[$1] }) <= memoryLimit
    }

    /// The workload to start next: the first of `pending` (suite order) that may start. One that must
    /// wait (a timed one, one too large beside those running) lets later ones by, so no core idles.
    func next(among pending: [Int], beside running: [Int]) -> Int? {
        pending.first { mayStart($0, beside: running) }
    }
}

/// The workloads running and finished, shared by the run's thread and its job threads under the lock.
final class _JobState: @unchecked Sendable {
    /// Finished workloads whose rows are not written yet, by suite index.
    var finished: [Int: _Measured] = [:]
    /// Running workloads: suite index to interruption slot.
    var running: [Int: Int] = [:]
    /// Guards the two, and wakes the run's thread when a job ends.
    private let condition = NSCondition()

    func lock() { condition.lock() }
    func unlock() { condition.unlock() }
    func wait() { condition.wait() }
    func signal() { condition.signal() }
}

/// Copies the Go peer's pprof heap profile (`heap.pprof`, written with alloc_sites) into the output
/// directory as `sites/<workload>.heap.pprof`; the child's scratch directory goes away. A child that
/// wrote none (mapheap's own) has nothing to copy.
func _keepGoHeapProfile(from resultDirectory: URL, workload: String, outDirectory: String) throws {
    let profile = resultDirectory.appendingPathComponent("heap.pprof")
    guard FileManager.default.fileExists(atPath: profile.path) else { return }
    let target = URL(fileURLWithPath: outDirectory).appendingPathComponent(goHeapProfileName(workload: workload))
    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? FileManager.default.removeItem(at: target)
    try FileManager.default.copyItem(at: profile, to: target)
}

/// The summary row of a workload that produced no measurement. Its runtime and allocator are empty:
/// the parent cannot tell what the failed child ran on.
func _failedRow(_ workload: Workload, status: String, machine: String, seed: UInt64) -> SummaryRow {
    SummaryRow(
        workload: workload.name, impl: workload.impl.rawValue, runtime: "", allocator: "",
        keyType: workload.key.rawValue, valueType: workload.value.rawValue,
        sizing: workload.sizing.rawValue, hint: workload.hint, ops: workload.ops.rawValue, keys: workload.keys,
        inserts: 0, deletes: 0, finalCount: 0, growths: GrowthCounts(), structure: MapStructure(),
        finalAllocatedBytes: 0, peakAllocatedBytes: 0, finalActiveBytes: 0, finalResidentBytes: 0, mapBytes: nil,
        bytesPerKey: 0, gcCycles: nil, seconds: 0, nsPerInsert: 0, samplingOverhead: 0, status: status,
        machine: machine, seed: seed)
}
