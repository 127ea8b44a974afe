// mapheap's one error protocol: every error mapheap reports carries its one line and the exit status
// the process ends with. The CLI's error path (Sources/mapheap/ErrorPath.swift) and `errorLine` read the
// two from the error; neither switches over error types.
import Foundation
import HeapStats
import MapHeapModel

/// The exit statuses mapheap ends with (README, "Exit status").
public enum MapHeapExitStatus {
    /// Bad input: a suite, spec, claims or thresholds file, an option, a result file read as input.
    public static let badInput: Int32 = 2
    /// A failed run: a result file that could not be written, the allocator check refusing, failed
    /// workloads, anything unforeseen.
    public static let failedRun: Int32 = 1
    /// A run interrupted by a signal (as a shell reports Ctrl-C).
    public static let interrupted: Int32 = 130
}

/// An error mapheap reports: one line on stderr, and the process's exit status.
public protocol MapHeapError: Error {
    /// The one-line message (it names the file or option, the problem and the fix).
    var line: String { get }
    /// The exit status (`MapHeapExitStatus`).
    var exitStatus: Int32 { get }
}

extension ConfigError: MapHeapError {
    /// The one-line message.
    public var line: String { description }
    /// A suite, spec or thresholds file is bad input.
    public var exitStatus: Int32 { MapHeapExitStatus.badInput }
}

extension CSVError: MapHeapError {
    /// The one-line message.
    public var line: String { description }
    /// A result file read as input is bad input (one that cannot be written is a `FailedWrite`).
    public var exitStatus: Int32 { MapHeapExitStatus.badInput }
}

extension HeapStatsError: MapHeapError {
    /// The one-line message.
    public var line: String { description }
    /// The allocator check refusing is a failed run.
    public var exitStatus: Int32 { MapHeapExitStatus.failedRun }
}

/// A result file that could not be written (a full disk, a read-only directory): a failed run, whatever
/// error the write threw.
public struct FailedWrite: MapHeapError {
    /// What the write threw.
    public var underlying: Error
    /// Wraps `underlying`.
    public init(_ underlying: Error) { self.underlying = underlying }
    /// The write's one line.
    public var line: String { errorLine(underlying) }
    /// A failed run.
    public var exitStatus: Int32 { MapHeapExitStatus.failedRun }
}

/// An error as one line: mapheap's own by their `line`, Foundation's by their localized description
/// (never the multi-line dump `String(describing:)` gives), line breaks and other control characters
/// folded into spaces.
public func errorLine(_ error: Error) -> String {
    let text = (error as? MapHeapError)?.line ?? (error as NSError).localizedDescription
    return _oneLine(text)
}

/// `text` with every control character (line breaks, ESC, NUL, ...) shown as a space and runs of
/// whitespace around line breaks trimmed: what an error line may print of a name read from a file.
func _oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
}
