// Measuring a workload with its allocation sites recorded (`mapheap run --alloc-sites`).
import HeapStats

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
