// The toolchain's processes (`go build`, `go env GOVERSION`), run so that they never hold a run up:
// each has a time limit, and a run that is stopping (a signal, a write that failed) stops them within a
// fraction of a second. Each runs in a process group of its own (Foundation's `Process` puts it there),
// so stopping one kills the compilers `go build` started as well.
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a toolchain process ended.
enum _ToolRun: Equatable {
    /// It ended by itself: exit status 0 or not (`succeeded`), and what it wrote to stdout and stderr.
    case finished(succeeded: Bool, output: String)
    /// It ran longer than its time limit and was killed.
    case timedOut
    /// The run was stopping (`_Interruption.stopping`), and it was killed.
    case stopped
    /// It could not be started.
    case notStarted(String)
}

/// The child trampoline (`execAsChild`) the toolchain's processes start through, so that a SIGKILLed
/// parent leaves none running: mapheap sets it to itself; nil (gomap-bench) starts them directly.
public enum ToolTrampoline {
    /// The mapheap executable that runs `mapheap _exec`, or nil.
    nonisolated(unsafe) public static var executable: String?
}

/// How often a tool's wait looks at the clock and at the run's interruption.
private let _toolPollMilliseconds: Int32 = 50

/// Runs `executable` with `arguments` (stdout and stderr together; stderr to /dev/null when `stderr` is
/// false), for at most `timeout` seconds, and kills its process group when that passes or when the run
/// is stopping. Through `ToolTrampoline` when set: it then dies with this process, too.
func _runTool(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
              directory: URL? = nil, stderr: Bool = true, timeout: Double) -> _ToolRun {
    let process = Process()
    if let trampoline = ToolTrampoline.executable {
        process.executableURL = URL(fileURLWithPath: trampoline)
        process.arguments = [childTrampolineCommand, String(getpid()), executable] + arguments
    } else {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    }
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = stderr ? pipe : FileHandle.nullDevice
    do {
        try process.run()
    } catch {
        return .notStarted("cannot run \(executable): \(errorLine(error))")
    }
    // Close the parent's copy of the write end, so that the read end sees EOF once the group is gone.
    try? pipe.fileHandleForWriting.close()
    let reader = pipe.fileHandleForReading.fileDescriptor
    let group = process.processIdentifier
    let deadline = Date().addingTimeInterval(timeout)
    var output = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    var ending: _ToolRun?
    var open = true
    while open || process.isRunning {
        if _Interruption.isStopping {
            ending = .stopped
        } else if Date() >= deadline {
            ending = .timedOut
        }
        if ending != nil {
            kill(-group, SIGKILL)
            kill(group, SIGKILL)
            break
        }
        guard open else {
            usleep(UInt32(_toolPollMilliseconds) * 1000)
            continue
        }
        var descriptor = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, _toolPollMilliseconds)
        if ready <= 0 { continue }
        let count = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 {
            open = false
            continue
        }
        output.append(contentsOf: buffer[0..<count])
    }
    try? pipe.fileHandleForReading.close()
    process.waitUntilExit()
    if let ending { return ending }
    return .finished(succeeded: process.terminationReason == .exit && process.terminationStatus == 0,
                     output: String(decoding: output, as: UTF8.self))
}

/// Toolchain processes that ran out of time in this process, by executable (for the one line that
/// names them).
enum _ToolTimeouts {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var limits: [String: Double] = [:]

    /// Notes that `executable` was stopped after `seconds`.
    static func note(_ executable: String, seconds: Double) {
        lock.withLock { limits[executable] = seconds }
    }

    /// The limit `executable` ran out of, or nil when it did not.
    static func limit(of executable: String) -> Double? {
        lock.withLock { limits[executable] }
    }

    /// The `go` that `GoToolchains.find(version, root:)` probed and that ran out of time, with its limit.
    static func probe(of version: String, root: String?) -> (String, Double)? {
        let candidates = [GoToolchains.folder(root: root).map { "\($0)/go\(version)/go/bin/go" }, _onPath("go")]
        for case let go? in candidates {
            if let seconds = limit(of: go) { return (go, seconds) }
        }
        return nil
    }
}
