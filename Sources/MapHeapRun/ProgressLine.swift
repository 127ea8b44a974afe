// The progress line `mapheap run` keeps on a terminal: every running workload's inserts so far,
// elapsed time and ETA, redrawn in place on one line, with the finished workloads' lines above it.
import Foundation
import MapHeapModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The progress line, drawn on stderr from the job threads and the run's thread alike.
final class _ProgressLine: @unchecked Sendable {
    private struct Entry {
        var label: String
        var inserts: Int
        var started: Date
        var done = 0
    }

    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]

    /// Workload `index` (shown as `label`) started, with `inserts` inserts to make.
    func started(_ index: Int, label: String, inserts: Int) {
        lock.withLock {
            entries[index] = Entry(label: label, inserts: inserts, started: Date())
            draw()
        }
    }

    /// Workload `index` has made `done` inserts.
    func update(_ index: Int, done: Int) {
        lock.withLock {
            entries[index]?.done = done
            draw()
        }
    }

    /// Workload `index` ended.
    func ended(_ index: Int) {
        lock.withLock {
            entries[index] = nil
            draw()
        }
    }

    /// Erases the line for good (the run is over).
    func clear() {
        lock.withLock { emit("\r\u{1B}[K") }
    }

    /// Runs `body` (which prints a line) with the progress line erased, then draws it again below.
    func above(_ body: () -> Void) {
        lock.withLock {
            emit("\r\u{1B}[K")
            body()
            draw()
        }
    }

    /// One workload: `[3/59] name  1200000/10000000 inserts  1.2 s elapsed  ETA 8.8 s`; several: each
    /// shortened to `[3/59] name 12%`, joined by ` | `. Cut to the terminal's width, so that `\r` can
    /// redraw it.
    private func draw() {
        let now = Date()
        let parts = entries.keys.sorted().map { index -> String in
            let entry = entries[index]!
            let elapsed = now.timeIntervalSince(entry.started)
            if entries.count > 1 {
                let percent = entry.inserts > 0 ? 100 * entry.done / entry.inserts : 0
                return "\(entry.label) \(percent)%"
            }
            let eta = entry.done > 0 ? elapsed * Double(entry.inserts - entry.done) / Double(entry.done) : 0
            return "\(entry.label)  \(entry.done)/\(entry.inserts) inserts  \(_Format.seconds(elapsed)) elapsed  "
                + "ETA \(_Format.seconds(eta))"
        }
        var line = parts.joined(separator: " | ")
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1, line.count >= Int(size.ws_col) {
            line = String(line.prefix(Int(size.ws_col) - 1))
        }
        emit("\r" + line + "\u{1B}[K")
    }

    private func emit(_ text: String) {
        writeToStandardError(Data(text.utf8))
    }
}

/// Runs `body`, which prints a line, above the progress line when there is one.
func _above(_ progress: _ProgressLine?, _ body: () -> Void) {
    if let progress { progress.above(body) } else { body() }
}
