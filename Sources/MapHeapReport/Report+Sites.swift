// report.txt, the last section (only for `mapheap run --alloc-sites`): which code holds the bytes.
import Foundation
import MapHeapModel

extension _Report {
    /// Sites shown per workload.
    static let topSites = 15

    /// `512 B`, `12.5 KiB`, `192.00 MiB`.
    static func sizeText(_ bytes: Int) -> String {
        let magnitude = abs(bytes)
        if magnitude < 1024 { return "\(bytes) B" }
        if magnitude < 1_048_576 { return _Format.fixed(Double(bytes) / 1024, 1) + " KiB" }
        return _Format.mib(bytes) + " MiB"
    }

    /// Top allocation sites (only with --alloc-sites): the top allocation sites of every workload, pprof `top` style.
    mutating func allocationSites() {
        heading("Top allocation sites")
        let all = sites ?? []
        // The options are recorded in every row; with no row at all there is nothing to state.
        let recording = all.first.map { row in
            "every allocation of at least \(_Format.int(row.threshold)) bytes with its call stack, smaller ones "
                + "sampled byte-weighted every \(_Format.int(row.sampleRate)) bytes on average (their figures "
                + "are estimates)"
        } ?? "no site was recorded in this run (sites.csv holds no rows)"
        text("Which code allocated the bytes, recorded with --alloc-sites: " + recording
            + ". A site is a call stack; it is named by the function "
            + "that asked for the memory and its caller. \"peak\" is what the site held at the sample point "
            + "with the highest net allocation, \"end\" what it held when the operations ended, \"total\" all it "
            + "allocated. flat is the site's own; cum is everything allocated through the site's function "
            + "(pprof's cumulative); sum % is the running share of the workload's peak (derived). Bytes are "
            + "jemalloc size classes (KiB/MiB: 1024-based). Full stacks: sites.csv; flame graphs: "
            + "sites/<workload>.folded.")
        for row in okRows {
            subheading(row.workload)
            let rows = all.filter { $0.workload == row.workload }.sorted { $0.rank < $1.rank }
            guard !rows.isEmpty else {
                text("Allocation sites: not recorded for this workload.")
                continue
            }
            let peakTotal = rows.reduce(0) { $0 + $1.peakBytes }
            var siteTable = TextTable([
                .right("#"), .right("peak flat"), .right("sum %"), .right("peak cum"), .right("end flat"),
                .right("total flat"), .right("allocs"), .left("site (function ← caller)"),
            ])
            var running = 0
            for site in rows.prefix(_Report.topSites) {
                running += site.peakBytes
                siteTable.append([
                    String(site.rank), _Report.sizeText(site.peakBytes),
                    _Format.percent(Double(running), of: Double(peakTotal)), _Report.sizeText(site.peakCumBytes),
                    _Report.sizeText(site.endBytes), _Report.sizeText(site.totalBytes), _Format.int(site.allocations),
                    site.label,
                ])
            }
            table(siteTable)
            if rows.count > _Report.topSites {
                text("\(rows.count - _Report.topSites) more sites in sites.csv.")
            }
        }
        for row in failedRows {
            subheading(row.workload)
            text("Allocation sites: not recorded (\(row._statusText)).")
        }
    }
}
