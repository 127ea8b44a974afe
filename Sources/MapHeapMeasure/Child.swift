// The child side of the child protocol (Sources/PROTOCOL.md): `mapheap _workload --spec SPEC
// --result-dir DIR [--progress]` reads a resolved spec, measures it in this process and writes the rows.
import Foundation
import HeapStats
import MapHeapModel

/// The child side of `mapheap run` (`mapheap _workload --spec SPEC --result-dir DIR [--progress]`):
/// measures the workload the spec describes and writes its rows into `resultDirectory`.
///
/// Throws a `ConfigError` (one line, exit status 2) for a spec it cannot read or a map it does not
/// measure in process; the suite file is never read here.
public func runWorkloadChild(specPath: String, resultDirectory: String, progress: Bool) throws {
    let bytes: [UInt8]
    do {
        bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: specPath)))
    } catch {
        throw ConfigError(file: specPath, field: nil, problem: "cannot be read", fix: "pass the spec the parent wrote")
    }
    let spec = try WorkloadSpec.parse(json: bytes, file: specPath)
    guard canMeasureInProcess(spec.workload.impl) else {
        throw ConfigError(file: specPath, field: "impl",
                          problem: "mapheap's child does not measure impl \(spec.workload.impl)",
                          fix: "run it with its own child program (see ChildLauncher)")
    }
    // Test hook: lets the tests prove that a crashing workload is recorded and the others kept.
    if let victim = ProcessInfo.processInfo.environment["MAPHEAP_TEST_CRASH_WORKLOAD"],
       victim == spec.workload.name {
        fatalError("MAPHEAP_TEST_CRASH_WORKLOAD: crashing \(spec.workload.name) on purpose")
    }
    Jemalloc.prepare()
    _keepsMapsUntilExit = true
    let context = RunContext.current()
    guard let plan = spec.allocationSites else {
        let results = measureWorkload(spec, context: context, progressFD: progress ? 1 : nil)
        let writer = try ResultWriter(directory: resultDirectory)
        try writer.append(summary: results.summary[0], curve: results.curve, growth: results.growth,
                          latency: results.latency)
        return
    }
    let options = AllocationSites.Options(sampleRate: plan.sampleRate, threshold: plan.threshold, seed: spec.seed)
    let (results, sites) = measureWorkload(spec, context: context, progressFD: progress ? 1 : nil,
                                           allocationSites: options)
    let writer = try ResultWriter(directory: resultDirectory)
    try writer.append(summary: results.summary[0], curve: results.curve, growth: results.growth,
                          latency: results.latency)
    try SitesWriter(directory: resultDirectory).append(workload: spec.workload.name, rows: sites)
}
