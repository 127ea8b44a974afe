@testable import MapHeapMeasure
import MapHeapModel
import MapHeapReport

/// The context the in-process measuring tests stamp on their rows.
let testContext = RunContext(machine: "test", runtime: "swift 6.3", allocator: "jemalloc test")

/// `workload` resolved with `sampling` and seed 42, measured in this process.
func measured(_ workload: Workload, sampling: Sampling) -> ResultSet {
    measureWorkload(workload.resolved(sampling: sampling, seed: 42), context: testContext)
}
