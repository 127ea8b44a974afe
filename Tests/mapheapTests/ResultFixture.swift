import MapHeapModel

/// Small result rows for the command-line tests to write as result directories.
enum ResultFixture {
    static func row(_ workload: String, growths: Int = 21) -> SummaryRow {
        SummaryRow(
            workload: workload, impl: .gomap, runtime: "swift 6.3.1", allocator: "jemalloc 5.3.0", keyType: "int64",
            valueType: "bool", sizing: .unsized, hint: 0, ops: .insert, keys: 1000, inserts: 1000, deletes: 0,
            finalCount: 1000, growths: GrowthCounts([.doubling: growths]),
            structure: MapStructure(b: 8, overflowBuckets: 2, capacity: 8 << 8), finalAllocatedBytes: 30_000,
            peakAllocatedBytes: 45_000, finalActiveBytes: 32_768, finalResidentBytes: 40_960, mapBytes: 29_000,
            bytesPerKey: 30, gcCycles: nil, seconds: 0.001, nsPerInsert: 1000, samplingOverhead: 0.01, status: .ok,
            machine: "test", seed: 42
        )
    }

    static func curve(_ workload: String) -> CurveRow {
        CurveRow(
            workload: workload, event: .sample, keys: 1000, count: 1000, allocatedBytes: 30_000,
            activeBytes: 32_768, residentBytes: 40_960, peakBytes: 45_000, mapBytes: 29_000,
            structure: MapStructure(b: 8, overflowBuckets: 2, capacity: 8 << 8), growing: false, elapsedSeconds: 0.001
        )
    }
}
