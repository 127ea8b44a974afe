// One workload's child process, as the parent sees it: launch it (its launcher's command, in a
// scratch directory of the parent's making), wait for it while forwarding its progress, classify how
// it ended, and read its rows back, decoded once into a typed `WorkloadRows`. A workload that
// delivered no rows gets the failed row made here.
import Foundation

import MapHeapModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One workload's rows as they cross the process boundary: decoded once from the child's files, the
/// parent's facts (`jobs_at_once`) set on the typed row, then written once.
struct WorkloadRows: Sendable {
    /// The workload's one summary row.
    var summary: SummaryRow
    /// Its curve rows.
    var curve: [CurveRow] = []
    /// Its growth rows.
    var growth: [GrowthRow] = []
    /// Its latency rows.
    var latency: [LatencyRow] = []
    /// Its allocation sites (nil without `--alloc-sites`, and for the Go peer, which writes a pprof).
    var sites: [SiteRow]?
}

/// Why a child did not deliver rows: the status its failed row carries and the one-line reason.
struct ChildFailure: Error, Equatable {
    /// The summary row's status (`failed`, `crashed`, `out-of-memory`, `killed`).
    var status: WorkloadStatus
    /// Why, in one line.
    var reason: String
    /// Killed because the run was interrupted: not recorded at all.
    var stoppedByInterruption = false
}

/// What a job thread hands back: a workload's rows, or why it has none.
typealias _Measured = Result<WorkloadRows, ChildFailure>

extension _Measured {
    /// Whether the run's interruption stopped this workload (it is then not recorded).
    var stoppedByInterruption: Bool {
        if case .failure(let failure) = self { return failure.stoppedByInterruption }
        return false
    }
}

/// How a child process ended: its exit status, or the signal that ended it.
enum _ChildEnd: Equatable {
    /// It called exit with this status.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)
    /// Foundation could not say.
    case unknown

    /// How `process` (which has exited) ended.
    init(_ process: Process) {
        switch process.terminationReason {
        case .exit: self = .exited(process.terminationStatus)
        case .uncaughtSignal: self = .signaled(process.terminationStatus)
        @unknown default: self = .unknown
        }
    }

    /// nil when the child delivered (exit status 0); otherwise why it did not. `stopping` says the run
    /// was stopping (a signal, a write that failed): a child that did not end whole was then stopped by
    /// the run. `stderr` is what the child wrote there (an allocation failure and a crash both trap, and
    /// only the message tells them apart).
    func failure(stopping: Bool, stderr: String) -> ChildFailure? {
        if self == .exited(0) { return nil }
        if stopping {
            return ChildFailure(status: .killed, reason: "stopped by the interruption", stoppedByInterruption: true)
        }
        switch self {
        case .signaled(SIGKILL):
            return ChildFailure(status: .killed, reason: "killed (SIGKILL): out of memory or killed by hand")
        case .signaled(let signal):
            if stderr.contains("out of memory") || stderr.contains("could not allocate memory") {
                return ChildFailure(status: .outOfMemory,
                                    reason: "an allocation failed (signal \(signal)); try fewer keys or more memory")
            }
            return ChildFailure(status: .crashed, reason: "the workload process died of signal \(signal)")
        case .exited(let status):
            return ChildFailure(status: .failed, reason: "the workload process exited with status \(status)")
        case .unknown:
            return ChildFailure(status: .failed, reason: "the workload process ended unexpectedly")
        }
    }
}

extension PreparedRun {
    /// Runs one workload in a child process (its launcher's) and reads back its rows.
    ///
    /// The child's files live in a temporary directory of the parent's making, named by the
    /// parent's pid and a random suffix (never by the workload's name), removed when this returns:
    /// `spec.json`, the empty `result/` the child writes its rows to, and the child's stderr.
    func runChild(_ spec: WorkloadSpec, interruption: _Interruption, slot: Int, progress: ((Int) -> Void)?,
                  notice: ((String) -> Void)? = nil) -> _Measured {
        let temporary = FileManager.default.temporaryDirectory.path
        var template = Array((temporary as NSString).appendingPathComponent("mapheap-\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            return .failure(ChildFailure(status: .failed, reason: "cannot create a temporary directory in "
                + "\(temporary): \(String(cString: strerror(errno))); set TMPDIR to a writable directory"))
        }
        let scratch = URL(fileURLWithPath: String(cString: made))
        defer { try? FileManager.default.removeItem(at: scratch) }
        let resultDirectory = scratch.appendingPathComponent("result")
        guard mkdir(resultDirectory.path, 0o755) == 0 else {
            return .failure(ChildFailure(status: .failed, reason: "cannot create \(resultDirectory.path): "
                + String(cString: strerror(errno))))
        }
        let specFile = scratch.appendingPathComponent("spec.json")
        do {
            try Data(spec.json.utf8).write(to: specFile)
        } catch {
            return .failure(ChildFailure(status: .failed,
                                         reason: "cannot write \(specFile.path): \(errorLine(error))"))
        }
        // The workload's name is in the spec, never on the child's command line.
        let launcher = ChildLauncher.launcher(for: spec.workload.impl)
        if let reason = launcher.prepare?(request, spec) {
            // A build the run stopped says nothing about the workload: it is not recorded.
            return .failure(interruption.stopping
                ? ChildFailure(status: .killed, reason: "stopped by the interruption", stoppedByInterruption: true)
                : ChildFailure(status: .failed, reason: reason))
        }
        if let line = launcher.notice?(request, spec) { notice?(line) }
        let command = launcher.command(request, spec)
        let process = Process()
        // Through `mapheap _exec`, which makes the kernel kill the child when this process dies
        // (PR_SET_PDEATHSIG), then becomes the launcher's command (execv).
        process.executableURL = URL(fileURLWithPath: request.executable)
        if let environment = launcher.environment?(request, spec) { process.environment = environment }
        process.arguments = [childTrampolineCommand, String(getpid()), command.executable] + command.arguments
            + ["--spec", specFile.path, "--result-dir", resultDirectory.path] + (progress == nil ? [] : ["--progress"])
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
            return .failure(ChildFailure(status: .failed, reason: "cannot start \(command.executable): \(error)"))
        }
        // The child runs in a process group of its own, so a terminal's Ctrl-C reaches only this
        // process: the interruption handler kills the child, which closes the pipe below.
        interruption.watch(slot: slot, child: process.processIdentifier)
        defer { interruption.watch(slot: slot, child: 0) }
        _forwardProgress(pipe.fileHandleForReading.fileDescriptor, to: progress)
        process.waitUntilExit()
        let end = _ChildEnd(process)
        // A child the run stopped has nothing to say: its stderr is dropped with it.
        let stopped = end != .exited(0) && interruption.stopping
        let childErrors = stopped ? Data() : (try? Data(contentsOf: errorLog)) ?? Data()
        if !childErrors.isEmpty { writeToStandardError(childErrors) }
        if let failure = end.failure(stopping: interruption.stopping,
                                     stderr: String(decoding: childErrors, as: UTF8.self)) {
            return .failure(failure)
        }
        return readRows(of: spec, from: resultDirectory)
    }

    /// The rows the child wrote into `resultDirectory`, decoded once; a torn row or a missing summary
    /// fails the workload. With `--alloc-sites`, the Go peer's heap profile is kept in the output directory.
    func readRows(of spec: WorkloadSpec, from resultDirectory: URL) -> _Measured {
        do {
            var torn: String?
            let set = try ResultSet.read(from: resultDirectory.path) { torn = $0 }
            if let torn {
                return .failure(ChildFailure(status: .failed,
                                             reason: "the workload process left a torn row: \(torn)"))
            }
            guard set.summary.count == 1, let summary = set.summary.first else {
                return .failure(ChildFailure(status: .failed, reason: "the workload process wrote no summary"))
            }
            if let stranger = _strangerName(in: set, workload: spec.workload.name) {
                return .failure(ChildFailure(status: .failed, reason: "the workload process wrote rows for the "
                    + "workload \"\(oneLine(stranger))\", not for \(spec.workload.name)"))
            }
            // A map whose sites are a pprof heap profile (the Go peer's) writes no site rows.
            let sites = request.allocationSites == nil || spec.workload.impl.kind.writesHeapProfile
                ? nil : try SitesWriter.read(from: resultDirectory.path) ?? []
            if let stranger = sites?.first(where: { $0.workload != spec.workload.name }) {
                return .failure(ChildFailure(status: .failed, reason: "the workload process wrote sites for the "
                    + "workload \"\(oneLine(stranger.workload))\", not for \(spec.workload.name)"))
            }
            if request.allocationSites != nil {
                try _keepGoHeapProfile(from: resultDirectory, workload: spec.workload.name,
                                       outDirectory: request.outDirectory)
            }
            return .success(WorkloadRows(summary: summary, curve: set.curve, growth: set.growth,
                                         latency: set.latency, sites: sites))
        } catch {
            return .failure(ChildFailure(status: .failed,
                                         reason: "cannot read the workload's results: \(errorLine(error))"))
        }
    }
}

/// The first workload name in `set` that is not `workload`, or nil: a child writes rows for its own
/// workload only, so no name from its files (a control character, a path) reaches the result files.
func _strangerName(in set: ResultSet, workload: String) -> String? {
    let names = set.summary.lazy.map(\.workload) + set.curve.lazy.map(\.workload)
        + set.growth.lazy.map(\.workload) + set.latency.lazy.map(\.workload)
    return names.first { $0 != workload }
}

/// Reads the child's progress from `descriptor` until the child closes it: one decimal insert count per
/// line, each handed to `progress`. Read with read(2), which a signal may interrupt (EINTR): FileHandle
/// traps on that.
func _forwardProgress(_ descriptor: Int32, to progress: ((Int) -> Void)?) {
    var pending = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        pending.append(contentsOf: buffer[0..<count])
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
            pending.removeSubrange(pending.startIndex...newline)
            if let done = Int(line) { progress?(done) }
        }
    }
}

/// Writes `data` to stderr with write(2), ignoring a failure: a closed pipe (`mapheap run 2>&1 | head -1`)
/// must not stop a run. (`FileHandle.write` traps on EPIPE.)
public func writeToStandardError(_ data: Data) {
    data.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(2, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
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
func _failedRow(_ workload: Workload, status: WorkloadStatus, machine: String, seed: UInt64) -> SummaryRow {
    var row = SummaryRow(
        workload: workload.name, impl: workload.impl, runtime: "", allocator: "",
        keyType: workload.key.rawValue, valueType: workload.value.rawValue,
        sizing: workload.sizing, hint: workload.hint, ops: workload.ops, keys: workload.keys,
        inserts: 0, deletes: 0, finalCount: 0, growths: GrowthCounts(), structure: MapStructure(),
        finalAllocatedBytes: 0, peakAllocatedBytes: 0, finalActiveBytes: 0, finalResidentBytes: 0, mapBytes: nil,
        bytesPerKey: 0, gcCycles: nil, seconds: 0, nsPerInsert: 0, samplingOverhead: 0, status: status,
        machine: machine, seed: seed)
    row.goMapType = workload.goMapType
    row.goMapCanonical = workload.goMapCanonical
    return row
}

/// The hidden first argument of `mapheap _exec PARENT PROGRAM ARGS...`: the child trampoline
/// (`execAsChild`).
public let childTrampolineCommand = "_exec"

/// `mapheap _exec PARENT PROGRAM ARGS...`: asks the kernel to SIGKILL this process when its parent dies
/// (Linux `PR_SET_PDEATHSIG`, kept across execve), exits with status 1 if the parent (pid `PARENT`) is
/// already gone, restores SIGPIPE's default, then replaces this process with `PROGRAM ARGS...`. So a
/// SIGKILLed `mapheap run` leaves no workload child running, whatever program measures it. Returns only
/// on failure, with the reason.
public func execAsChild(_ arguments: [String]) -> String {
    guard arguments.count >= 2, let parent = pid_t(arguments[0]) else {
        return "usage: mapheap \(childTrampolineCommand) PARENT-PID PROGRAM [ARGUMENTS...]"
    }
    #if os(Linux)
    // prctl(2) is variadic in C, which Swift does not import: call it through its address, as Linux's
    // calling conventions pass a variadic call's integer arguments like a plain call's.
    typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    let prSetPdeathsig: Int32 = 1  // <linux/prctl.h>
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return "prctl: not found" }
    guard unsafeBitCast(symbol, to: Prctl.self)(prSetPdeathsig, UInt(SIGKILL), 0, 0, 0) == 0 else {
        return "prctl(PR_SET_PDEATHSIG): \(String(cString: strerror(errno)))"
    }
    #endif
    guard getppid() == parent else { return "the parent (pid \(parent)) is gone" }
    signal(SIGPIPE, SIG_DFL)
    let program = arguments[1]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments[1...].map { strdup($0) } + [nil]
    execv(program, &argv)
    return "cannot run \(program): \(String(cString: strerror(errno)))"
}
