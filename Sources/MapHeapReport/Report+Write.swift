// Writing report.txt, report.html and heap-curves.svg into a result directory, atomically.

import Foundation
import MapHeapModel

/// The report's file name inside a result directory.
public let reportFileName = "report.txt"

/// The chart's file name inside a result directory.
public let heapCurvesFileName = "heap-curves.svg"

/// Renders `report.txt` (with a "Top allocation sites" section when `sites` is not nil), `report.html`
/// and `heap-curves.svg` from `results`, about `model` (by default the first model core in the rows), and
/// writes them into `directory`.
///
/// Each file is written to a temporary file in the same directory and renamed into place, so a reader
/// (or a crash of a later workload) never sees half a file, and a failed write (a full disk) leaves
/// the earlier file as it was and no temporary file behind. The runner calls this when the run
/// ends or is interrupted. Throws a one-line `CSVError` naming the file and the reason.
public func writeReport(_ results: ResultSet, sites: [SiteRow]? = nil, model: ReportSubject? = nil,
                        claims: ClaimsFile? = nil, to directory: URL) throws {
    let model = model ?? ReportSubject.studied(in: results)
    let report = renderReport(results, sites: sites, model: model, claims: claims)
    let chart = renderHeapCurvesSVG(results, model: model)
    let page = renderReportHTML(results, sites: sites, model: model, claims: claims)
    try ResultWriter.replace(directory.appendingPathComponent(reportFileName).path, with: report)
    try ResultWriter.replace(directory.appendingPathComponent(reportHTMLFileName).path, with: page)
    try ResultWriter.replace(directory.appendingPathComponent(heapCurvesFileName).path, with: chart)
}
