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
/// (never the multi-line dump `String(describing:)` gives), made safe by `oneLine`.
public func errorLine(_ error: Error) -> String {
    oneLine((error as? MapHeapError)?.line ?? (error as NSError).localizedDescription)
}

/// `text` as one line that is safe to print: line breaks (and the blanks around them) and tabs become
/// one space, every other control character (NUL, ESC, DEL, the C1 range) is shown as `\xHH` (`\u{HHHH}`
/// above 0xFF), so that a name read from a file can neither break the line nor drive the terminal.
public func oneLine(_ text: String) -> String {
    let folded = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    var line = ""
    for scalar in folded.unicodeScalars {
        switch scalar.value {
        case 0x09: line += " "
        case 0x00..<0x20, 0x7F..<0xA0:
            line += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            line += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default: line.unicodeScalars.append(scalar)
        }
    }
    return line
}

extension String {
    /// The string with zeros before it up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
