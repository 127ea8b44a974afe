// The CLI's one error path: every command reports a failure through `fail(_:prefix:writing:)`, which prints
// exactly one line on stderr and gives the exit status to throw; `exitStatus(for:writing:)` is the one
// mapping from an error to that status. Usage errors found while parsing (before any command runs) are
// printed by `MapHeap.main` through the same writer and mapping.
import ArgumentParser
import Foundation
import HeapStats
import MapHeapModel
import MapHeapRun

/// How the line names who is speaking.
enum ErrorPrefix {
    /// No prefix: the message says which file or option it is about.
    case none
    /// Every line starts with the text (`compare`: "mapheap compare: ").
    case always(String)
    /// Only the lines of a failed run (exit status 1: an allocator refusal, a result file that cannot be
    /// written, a system error) start with the text (`run`: "mapheap run: "). Bad input says which file or
    /// option it is about, and a `RunError`'s line names `mapheap run` itself.
    case failures(String)

    /// The prefix for `error`, whose exit status is `status`.
    func text(for error: Error, status: Int32) -> String {
        switch self {
        case .none: return ""
        case .always(let text): return text
        case .failures(let text): return status == 1 && !(error is RunError) ? text : ""
        }
    }
}

/// A run that ended but did not succeed (workloads failed): its one line, exit status 1.
struct FailedRun: Error, CustomStringConvertible {
    var description: String
}

/// The exit status for `error`: 2 for bad input (a suite, spec, claims or thresholds file, an option, a
/// result file read as input, a usage error), 1 for a run that failed (a result file that could not be
/// written, the allocator check refusing, failed workloads, anything unforeseen), 130 for an interrupted
/// run. `writing` says the step wrote results: its `CSVError`s are failed writes (1), not bad input.
func exitStatus(for error: Error, writing: Bool = false) -> Int32 {
    switch error {
    case let error as RunError: return error.exitCode
    case is ConfigError, is RunInputError: return 2
    case is CSVError: return writing ? 1 : 2
    case let code as ExitCode: return code.rawValue
    case is FailedRun, is HeapStatsError: return 1
    default: return MapHeap.exitCode(for: error) == .validationFailure ? 2 : 1
    }
}

/// Reports `error` as one line on stderr (`prefix`, then `errorLine(error)`) and returns the exit status
/// to throw: `throw fail(error)`.
func fail(_ error: Error, prefix: ErrorPrefix = .none, writing: Bool = false) -> ExitCode {
    let text: String
    switch error {
    case let error as FailedRun: text = error.description
    default: text = errorLine(error)
    }
    let status = exitStatus(for: error, writing: writing)
    printErrorLine(prefix.text(for: error, status: status) + text)
    return ExitCode(status)
}

/// Writes `text` to stderr as exactly one line, line breaks folded into spaces.
func printErrorLine(_ text: String) {
    let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
