// How `mapheap run` ends when it cannot go on: Ctrl-C (SIGINT), SIGTERM or SIGHUP, or a result file it
// cannot write. Either way the rows already measured stay on disk, and the run says in one line
// what it kept.
//
// Each workload child runs in a process group of its own (Foundation's `Process` puts it there), so
// a terminal's Ctrl-C reaches only the parent. The parent's handler kills every child in progress
// (SIGKILL: their rows would be thrown away anyway), the parent sees their pipes close, removes their
// temporary directories, and starts no other workload.
import Foundation
import HeapStats
import Synchronization

import MapHeapModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a run stopped before its end: one line, and the exit status.
public enum RunError: MapHeapError, CustomStringConvertible, Sendable {
    /// SIGINT, SIGTERM or SIGHUP: `kept` of `total` workloads' rows are in `directory`; `stopped` were running
    /// (empty when the signal came between workloads).
    case interrupted(signal: Int32, kept: Int, of: Int, stopped: [String], directory: String)
    /// A result file could not be written (a full disk); the rows of `kept` workloads are whole.
    case cannotWrite(String, kept: Int, of: Int, directory: String)
    /// A signal came while the run was being checked (a toolchain probe): nothing was written.
    case interruptedBeforeStart(signal: Int32)

    /// A write failure from any error, as one line.
    static func cannotWrite(_ error: Error, kept: Int, of total: Int, directory: String) -> RunError {
        .cannotWrite(errorLine(error), kept: kept, of: total, directory: directory)
    }

    /// 130 for an interruption (as a shell reports Ctrl-C), 1 for a failed run.
    public var exitStatus: Int32 {
        switch self {
        case .interrupted, .interruptedBeforeStart: return MapHeapExitStatus.interrupted
        case .cannotWrite: return MapHeapExitStatus.failedRun
        }
    }

    /// The one-line message.
    public var line: String { description }

    /// The one-line message.
    public var description: String {
        switch self {
        case let .interruptedBeforeStart(signal):
            return "mapheap run: interrupted by \(Self.name(of: signal)) before any workload started; nothing written"
        case let .interrupted(signal, kept, total, stopped, directory):
            return "mapheap run: interrupted by \(Self.name(of: signal)); "
                + (stopped.isEmpty ? "" : "stopped \(stopped.joined(separator: ", ")) (not recorded); ")
                + Self.kept(kept, of: total, in: directory)
        case let .cannotWrite(reason, kept, total, directory):
            return "mapheap run: \(reason); " + Self.kept(kept, of: total, in: directory)
                + "; free some space, then run again or `mapheap report \(directory)`"
        }
    }

    private static func name(of signal: Int32) -> String {
        [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signal] ?? "signal \(signal)"
    }

    private static func kept(_ kept: Int, of total: Int, in directory: String) -> String {
        kept == 0 ? "no workload was finished, \(directory) holds headers only"
            : "kept the rows of \(kept) of \(total) workloads in \(directory)"
    }
}

/// The signal that interrupted the run (0 while none has), and the workload children to kill (0 in a
/// free slot). Plain globals, because a signal handler may touch nothing else.
/// `_interruptStop` is set when the run stops for another reason (a result file it cannot write).
/// The handler and `watch` each store, then fence, then load what the other stores (as in Dekker's
/// algorithm), so that a child registered while the signal arrives is killed by one or the other.
nonisolated(unsafe) private var _interruptSignal: sig_atomic_t = 0
nonisolated(unsafe) private var _interruptStop: sig_atomic_t = 0
nonisolated(unsafe) private let _interruptChildren = UnsafeMutablePointer<pid_t>.allocate(capacity: _Interruption.slots)

/// The handler: note the signal and kill every child in progress (both async-signal-safe).
private func _onInterrupt(_ signal: Int32) {
    _interruptSignal = signal
    atomicMemoryFence(ordering: .sequentiallyConsistent)
    for slot in 0..<_Interruption.slots {
        let child = _interruptChildren[slot]
        if child > 0 { kill(child, SIGKILL) }
    }
}

/// SIGINT, SIGTERM and SIGHUP handling for the duration of a run.
///
/// A caught signal (not an ignored one) is reset to its default in the child at exec, so the
/// workload child keeps the default handling.
final class _Interruption: Sendable {
    /// The signals that stop a run: Ctrl-C, `kill`, and the terminal closing.
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// How many children can be watched at once: the most `--jobs` allows.
    static let slots = 64

    /// Installs the handler for `signals`.
    static func install() -> _Interruption {
        _interruptSignal = 0
        _interruptStop = 0
        _interruptChildren.initialize(repeating: 0, count: slots)
        for number in signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = _onInterrupt
            #else
            action.__sigaction_u.__sa_handler = _onInterrupt
            #endif
            sigemptyset(&action.sa_mask)
            // Restart interrupted system calls: Foundation traps on EINTR in places.
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        return _Interruption()
    }

    /// The signal received, or nil.
    var signal: Int32? {
        let received = _interruptSignal
        return received == 0 ? nil : received
    }

    /// Makes `child` the process to kill on a signal in `slot` (0: none; each job has its own slot). A
    /// signal that came before the child was registered kills it here.
    func watch(slot: Int, child: pid_t) {
        _interruptChildren[slot] = child
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        if stopping { kill(slot: slot) }
    }

    /// Whether the run is stopping: a signal came, or `stopChildren()` was called.
    var stopping: Bool { Self.isStopping }

    /// Whether the run is stopping (`stopping`), for code that holds no `_Interruption` (the toolchain's
    /// processes, `_runTool`). False while no run is under way.
    static var isStopping: Bool { _interruptSignal != 0 || _interruptStop != 0 }

    /// Stops the run for another reason than a signal: kills every child in progress, and any child
    /// registered from now on.
    func stopChildren() {
        _interruptStop = 1
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        for slot in 0..<_Interruption.slots { kill(slot: slot) }
    }

    /// Kills the child in `slot`, if any.
    func kill(slot: Int) {
        let child = _interruptChildren[slot]
        #if canImport(Glibc)
        if child > 0 { _ = Glibc.kill(child, SIGKILL) }
        #else
        if child > 0 { _ = Darwin.kill(child, SIGKILL) }
        #endif
    }

    /// Restores the default handling, and returns the signal that came while it was installed (nil if none).
    @discardableResult
    func uninstall() -> Int32? {
        for slot in 0..<_Interruption.slots { _interruptChildren[slot] = 0 }
        defer {
            _interruptSignal = 0
            _interruptStop = 0
        }
        for number in _Interruption.signals {
            #if canImport(Glibc)
            _ = Glibc.signal(number, SIG_DFL)
            #else
            _ = Darwin.signal(number, SIG_DFL)
            #endif
        }
        return signal
    }
}
