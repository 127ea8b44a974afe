// Preparing `mapheap run`: the request, and everything checked before a run writes anything (the
// suite, the selection, the memory estimate, the Go toolchains, the allocator, the output directory and
// its lock, an earlier run's files). Scheduling is in Run+Schedule.swift, one child in Run+Child.swift.
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
    /// One growth row per Swiss table split (`--every-split`), not one per sample window.
    public var everySplit = false
    /// Every 1 % latency histogram bucket as its own latency.csv row (`--every-bucket`), not merged into
    /// `LatencyBins` (8 bins a doubling).
    public var everyBucket = false
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
public struct RunInputError: MapHeapError, CustomStringConvertible, Sendable {
    /// The one-line message.
    public var description: String
    /// The one-line message.
    public var line: String { description }
    /// Bad input.
    public var exitStatus: Int32 { MapHeapExitStatus.badInput }
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
    /// estimate, the Go toolchains (a signal while one is probed ends the run, exit 130), the allocator,
    /// the temporary directory, and last the output directory, which it creates if needed, locks
    /// (another run writing it is refused) and checks for files of a result file's name that mapheap
    /// did not write, and for symbolic links (refused too: `EarlierResults`). Bad input of any other
    /// kind writes nothing.
    public static func prepare(_ request: RunRequest) throws -> PreparedRun {
        guard !request.outDirectory.isEmpty else {
            throw RunInputError(
                description: "--out \"\": the path is empty; name a directory, e.g. --out results/latest")
        }
        var suite = try Suite.load(path: request.configPath)
        if !request.only.isEmpty { suite = try suite.selecting(names: request.only) }
        let claims = try ClaimsFile.load(explicit: request.claimsPath)
        try suite.checkFits(physicalMemory: MachineInfo.current().usableMemory)
        // Probing a toolchain runs it: a signal meanwhile stops the probe and the run.
        let interruption = _Interruption.install()
        let probed = Result { try checkGoToolchains(suite, executable: request.executable) }
        if let signal = interruption.uninstall() { throw RunError.interruptedBeforeStart(signal: signal) }
        try probed.get()
        // This also settles --alloc-sites: its hooks need jemalloc as the allocator, and nothing else.
        let allocator = try Jemalloc.verifyAllocator()
        try checkTemporaryDirectory()
        try prepareOutputDirectory(request.outDirectory)
        let option = "--out \(request.outDirectory)"
        let lock = try ResultDirectoryLock(directory: request.outDirectory, option: option)
        // With --alloc-sites, every workload may write sites/<workload>.folded or .heap.pprof.
        let sitesWriters = request.allocationSites == nil ? [] : suite.workloads.map(\.name)
        let earlier = try EarlierResults.find(in: request.outDirectory, option: option, replacing: sitesWriters)
        return PreparedRun(request: request, suite: suite, seed: request.seed ?? suite.seed, allocator: allocator,
                           lock: lock, earlier: earlier, claims: claims)
    }
}

/// Refuses a suite that names a Go toolchain that is not installed: one line naming the installed ones and
/// the command that installs the missing one.
func checkGoToolchains(_ suite: Suite, executable: String) throws {
    let goWorkloads = suite.workloads.filter { $0.impl.kind.isGoRuntime }
    let versions = Set(goWorkloads.map(\.goVersion))
    guard let impl = goWorkloads.first?.impl else { return }
    let root = GoToolchains.projectRoot(executable: executable)
    guard let root else {
        throw RunInputError(description: "\(suite.file): impl \(impl) needs the Go peer's sources (Sources/go-peer), "
            + "not found from here; run mapheap from the project folder or set MAPHEAP_ROOT")
    }
    for version in versions.sorted() where GoToolchains.find(version, root: root) == nil {
        if let (go, seconds) = _ToolTimeouts.probe(of: version, root: root) {
            throw RunInputError(description: "\(suite.file): Go \(version): `\(go) env GOVERSION` did not answer "
                + "within \(_Format.seconds(seconds)) and was stopped; check that toolchain, or reinstall it with "
                + GoToolchains.setupCommand)
        }
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

/// Refuses a temporary directory (TMPDIR, else /tmp) that the children's scratch directories cannot be
/// made in: missing, not a directory, or not writable. Checked before anything is written, since
/// otherwise every workload would fail and replace the earlier results. The check makes one directory
/// there and removes it (access(2) says yes to root on a read-only directory).
func checkTemporaryDirectory() throws {
    let path = FileManager.default.temporaryDirectory.path
    let named = ProcessInfo.processInfo.environment["TMPDIR"].map { "TMPDIR=\($0)" } ?? path
    let fix = "set TMPDIR to a writable directory, or unset it"
    var info = stat()
    guard stat(path, &info) == 0 else {
        throw RunInputError(description: "\(named): \(String(cString: strerror(errno))); \(fix)")
    }
    guard info.st_mode & S_IFMT == S_IFDIR else {
        throw RunInputError(description: "\(named): not a directory; \(fix)")
    }
    var template = Array((path as NSString).appendingPathComponent("mapheap-\(getpid())-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
        throw RunInputError(description: "\(named): cannot create a directory in it: "
            + "\(String(cString: strerror(errno))); \(fix)")
    }
    rmdir(made)
}

/// Removes the scratch directories (`$TMPDIR/mapheap-<pid>-XXXXXX`) of runs whose process is gone (a
/// SIGKILLed parent leaves its child's behind). Only directories of that exact name, whose pid no process
/// has, are removed; a symbolic link of that name is left alone.
func _removeStaleScratchDirectories() {
    let folder = FileManager.default.temporaryDirectory.path
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names {
        guard let pid = _scratchOwner(name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
        let path = (folder as NSString).appendingPathComponent(name)
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { continue }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The pid in a scratch directory's name (`mapheap-<pid>-XXXXXX`: six characters of mkdtemp's), or nil.
func _scratchOwner(_ name: String) -> pid_t? {
    let parts = name.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "mapheap", parts[2].count == 6,
          parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber),
          let pid = pid_t(parts[1]), pid > 0 else { return nil }
    return pid
}
