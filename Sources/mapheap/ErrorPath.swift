// The CLI's one error path: every command reports a failure through `fail(_:prefix:writing:)`, which prints
// exactly one line on stderr and gives the exit status to throw. The line and the status come from the
// error itself (`MapHeapError`); only ArgumentParser's own errors are mapped here. Usage errors found while
// parsing (before any command runs) are printed by `MapHeap.main` through the same writer and mapping.
import ArgumentParser
import Foundation
import MapHeapRun

/// How the line names who is speaking.
enum ErrorPrefix {
    /// No prefix: the message says which file or option it is about.
    case none
    /// Every line starts with the text (`compare`: "mapheap compare: ").
    case always(String)
    /// Only the lines of a failed run (exit status 1: an allocator refusal, a result file that cannot be
    /// written, a system error) start with the text (`run`: "mapheap run: "), unless they already do. Bad
    /// input says which file or option it is about.
    case failures(String)

    /// The prefix for `line`, whose exit status is `status`.
    func text(for line: String, status: Int32) -> String {
        switch self {
        case .none: return ""
        case .always(let text): return text
        case .failures(let text): return status == MapHeapExitStatus.failedRun && !line.hasPrefix(text) ? text : ""
        }
    }
}

/// A run that ended but did not succeed (workloads failed): its one line, exit status 1.
struct FailedRun: MapHeapError {
    var line: String
    var exitStatus: Int32 { MapHeapExitStatus.failedRun }
}

/// The exit status for `error`: a `MapHeapError`'s own (2 bad input, 1 failed run, 130 interrupted);
/// ArgumentParser's exit codes as they are; its usage errors 2 like all bad input; anything unforeseen 1.
/// `writing` says the step only writes results: bad input cannot come from it, so its errors are failed
/// writes (1).
func exitStatus(for error: Error, writing: Bool = false) -> Int32 {
    if let error = error as? MapHeapError {
        return writing ? FailedWrite(error).exitStatus : error.exitStatus
    }
    if let code = error as? ExitCode { return code.rawValue }
    return MapHeap.exitCode(for: error) == .validationFailure
        ? MapHeapExitStatus.badInput : MapHeapExitStatus.failedRun
}

/// Reports `error` as one line on stderr (`prefix`, then `errorLine(error)`) and returns the exit status
/// to throw: `throw fail(error)`.
func fail(_ error: Error, prefix: ErrorPrefix = .none, writing: Bool = false) -> ExitCode {
    let line = errorLine(error)
    let status = exitStatus(for: error, writing: writing)
    printErrorLine(prefix.text(for: line, status: status) + line)
    return ExitCode(status)
}

/// Writes `text` to stderr as exactly one line, line breaks folded into spaces.
func printErrorLine(_ text: String) {
    writeToStandardError(Data((oneLine(text) + "\n").utf8))
}
