import Foundation
import MapHeapModel
import XCTest

/// Rows for CSV and compare tests.
package enum CSVFixture {
    package static func summary(
        _ workload: String = "gomap-int64-bool-unsized", growthsDoubling: Int = 21,
        finalAllocatedBytes: Int = 300_000_000,
        status: WorkloadStatus = .ok, machine: String = "Intel Xeon, 2 cores, 8 GiB", overflowBuckets: Int? = 1234,
        mapBytes: Int? = 295_000_000, seconds: Double = 1.25
    ) -> SummaryRow {
        SummaryRow(
            workload: workload, impl: .gomap, runtime: "swift 6.3.1",
            allocator: "jemalloc 5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c", keyType: "int64",
            valueType: "bool", sizing: .unsized, hint: 0, ops: .insert, keys: 10_000_000, inserts: 10_000_000,
            deletes: 0, finalCount: 10_000_000, growths: GrowthCounts([.doubling: growthsDoubling]),
            structure: MapStructure(b: 21, overflowBuckets: overflowBuckets, capacity: 8 << 21),
            finalAllocatedBytes: finalAllocatedBytes, peakAllocatedBytes: 450_000_000, finalActiveBytes: 301_000_000,
            finalResidentBytes: 302_000_000, mapBytes: mapBytes, bytesPerKey: 30.0, gcCycles: nil, seconds: seconds,
            nsPerInsert: 125.0, samplingOverhead: 0.0123, status: status, machine: machine, seed: 42
        )
    }

    package static func curve(_ workload: String = "gomap-int64-bool-unsized", keys: Int = 1000) -> CurveRow {
        CurveRow(
            workload: workload, event: .growthStart, keys: keys, count: keys - 1, allocatedBytes: 88_000,
            activeBytes: 90_112, residentBytes: 98_304, peakBytes: 88_100, mapBytes: 87_000,
            structure: MapStructure(b: 7, capacity: 1024), growing: true, elapsedSeconds: 0.000_123_456_789
        )
    }

    package static func growth(_ workload: String = "gomap-int64-bool-unsized", index: Int = 1) -> GrowthRow {
        GrowthRow(
            workload: workload, index: index, kind: .sameSize, countAtStart: 832, keysAtStart: 833,
            bytesAllocated: 11_264, bytesReleased: 11_264, writesToFinish: nil, detail: "old_b=7;new_b=7;load=6.5",
            allocatedBytesAtStart: 99_000, allocatedBytesAtEnd: nil
        )
    }

    /// A fresh temporary directory, removed when `test` ends.
    package static func temporaryDirectory(removedAfter test: XCTestCase) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mapheap-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }
}
