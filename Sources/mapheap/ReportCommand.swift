import ArgumentParser
import Foundation
import MapHeapModel
import MapHeapReport
import MapHeapRun

/// `mapheap report DIR`: re-renders `report.txt`, `report.html` and `heap-curves.svg` in a result directory
/// from its CSVs.
///
/// Reading is done by `ResultSet.read(from:)` (and `SitesWriter.read(from:)` for sites.csv, when present)
/// and rendering by `writeReport(_:sites:to:)`; this command only
/// connects them and reports problems through the CLI's one error path (`fail`): bad input is one line on
/// stderr (`file:line: what`) and exit status 2, a report that cannot be written one line and status 1.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render report.txt, report.html and heap-curves.svg in a result directory from its CSV "
            + "files."
    )

    @Argument(help: "The result directory holding summary.csv, curve.csv and growth.csv.")
    var directory: String

    @Option(help: "The map under study (an impl such as gomap); by default the first model core in the rows.")
    var model: String?

    @Option(help: "The claims file the report settles (default: bench-configs/claims.json when present).")
    var claims: String?

    func run() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        let target = exists && isDirectory.boolValue
            ? URL(fileURLWithPath: directory, isDirectory: true)
            : URL(fileURLWithPath: directory).deletingLastPathComponent()
        // A run writing the directory holds its lock: re-rendering now would read half its rows.
        let lock: ResultDirectoryLock?
        let claimsFile: ClaimsFile?
        let results: ResultSet
        let sites: [SiteRow]?
        do {
            // A model the catalog does not know would render a report about nothing, and exit 0.
            if let model, Workload.Impl(rawValue: model) == nil {
                throw ConfigError(file: "--model", field: nil, problem: "unknown map \"\(model)\"",
                                  fix: "use one of " + MapCatalog.all.map(\.name).joined(separator: ", "))
            }
            lock = try exists && access(target.path, W_OK) == 0
                ? ResultDirectoryLock(directory: target.path, option: target.path,
                                      fix: "wait for it to finish; it re-renders the report itself")
                : nil
            claimsFile = try ClaimsFile.load(explicit: claims)
            // The growth, load-factor and churn answers and the chart come from curve.csv and
            // growth.csv; without them the report would state "no growths" where summary.csv counts some.
            results = try ResultSet.read(
                from: directory,
                curvesNeededBecause: "the report needs summary.csv, curve.csv and growth.csv from one mapheap run")
            // Allocation sites, when the run recorded them (`mapheap run --alloc-sites`): sites.csv.
            sites = try SitesWriter.read(from: target.path)
        } catch {
            throw fail(error)
        }
        defer { withExtendedLifetime(lock) {} }
        do {
            let subject = model.flatMap(Workload.Impl.init(rawValue:)).map(ReportSubject.named)
            try writeReport(results, sites: sites, model: subject, claims: claimsFile, to: target)
        } catch {
            throw fail(error, writing: true)
        }
        let workloads = results.summary.count
        print("wrote \(target.appendingPathComponent(reportFileName).path), "
            + "\(target.appendingPathComponent(reportHTMLFileName).path) and "
            + "\(target.appendingPathComponent(heapCurvesFileName).path) (\(workloads) workloads)")
    }
}
