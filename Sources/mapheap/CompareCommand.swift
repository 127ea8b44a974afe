import ArgumentParser
import Foundation
import MapHeapModel
import MapHeapReport

/// `--format text|markdown` takes the library's own output formats.
extension Comparison.Format: ExpressibleByArgument {}

/// `mapheap compare BASELINE CURRENT`: metric-by-metric comparison of two result sets.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a result set against a baseline and report regressions.",
        discussion: """
            Each side is a result directory or the path of a summary.csv; workloads are matched by name. \
            Deterministic counts must be equal, jemalloc byte figures must lie within a tolerance (1% unless \
            a thresholds file says otherwise), times are shown and fail only when a threshold names them. \
            Exit status: 0 when all rules hold, 1 on a regression, 2 on bad input.
            """
    )

    @Argument(help: "The baseline: a result directory or a summary.csv.")
    var baseline: String

    @Argument(help: "The result set to check: a result directory or a summary.csv.")
    var current: String

    @Option(help: "A thresholds file (JSON, e.g. bench-configs/thresholds.json) with tolerances per metric.")
    var thresholds: String?

    @Option(help: "The output format: text for a terminal, markdown for a pull-request comment.")
    var format: Comparison.Format = .text

    func run() throws {
        let comparison: Comparison
        do {
            comparison = try Comparison.load(baseline: baseline, current: current, thresholdsPath: thresholds)
        } catch {
            throw fail(error, prefix: .always("mapheap compare: "))
        }
        print(comparison.render(format), terminator: "")
        if comparison.exitCode != 0 {
            throw ExitCode(comparison.exitCode)
        }
    }
}
