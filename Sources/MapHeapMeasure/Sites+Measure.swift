// Measuring a workload with its allocation sites recorded (`mapheap run --alloc-sites`).
import HeapStats
import MapHeapModel

/// One workload's recording of allocation sites: started just after the sampler's baseline, stopped just
/// after the last operation (before the map is freed), symbolized afterwards.
final class _SitesRecording {
    let options: AllocationSites.Options
    /// The sites, once `stop()` has run.
    var sites: [AllocationSite] = []

    init(options: AllocationSites.Options) {
        self.options = options
    }

    /// Installs the hooks. The run was checked before (`PreparedRun.prepare` verified that jemalloc is
    /// the allocator, which rules out AddressSanitizer), so a failure here is a broken invariant.
    func start() {
        do {
            try AllocationSites.start(options)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// Removes the hooks and reads the stacks back (allocates: after the measured window).
    func stop() {
        AllocationSites.stop()
        sites = AllocationSites.sites(from: AllocationSites.recordedStacks())
        AllocationSites.release()
    }
}

/// Runs `spec` like `measureWorkload`, recording its allocation sites with `options`, and returns its rows
/// and its ranked site rows. Off by default in `mapheap run`: the hooks slow every allocation down.
public func measureWorkload(
    _ spec: WorkloadSpec, context: RunContext, progressFD: Int32? = nil,
    allocationSites options: AllocationSites.Options
) -> (results: ResultSet, sites: [SiteRow]) {
    AllocationSites.prepare()
    let recording = _SitesRecording(options: options)
    let results = _measureWorkload(spec, context: context, progressFD: progressFD, sites: recording)
    return (results, SiteRow.rows(workload: spec.workload.name, sites: recording.sites, options: options))
}

extension SiteRow {
    /// Ranked rows for one workload's sites, with cumulative figures per function.
    public static func rows(workload: String, sites: [AllocationSite], options: AllocationSites.Options)
        -> [SiteRow] {
        func cumulative(_ function: String, _ value: (AllocationSite) -> Int) -> Int {
            sites.filter { $0.stack.contains(function) }.reduce(0) { $0 + value($1) }
        }
        return sites.enumerated().map { index, site in
            SiteRow(
                workload: workload, rank: index + 1, function: site.function, caller: site.caller ?? "",
                peakBytes: site.peakLiveBytes, peakCumBytes: cumulative(site.function, \.peakLiveBytes),
                endBytes: site.liveBytes, endCumBytes: cumulative(site.function, \.liveBytes),
                totalBytes: site.totalBytes, totalCumBytes: cumulative(site.function, \.totalBytes),
                allocations: site.allocations, samples: site.samples, sampleRate: options.sampleRate,
                threshold: options.threshold,
                stack: site.stack.reversed().map { $0.replacingOccurrences(of: ";", with: ",") }
                    .joined(separator: ";"))
        }
    }
}
