import GoMap
import HeapStats
@testable import MapHeapMeasure
import MapCore
import MapHeapModel
import MapHeapReport
import XCTest

/// The measuring core, in process: growth rows follow Go's arithmetic, curves rise, and the
/// map's own byte accounting (by Go's rules) is near what jemalloc counted.
final class MeasureTests: XCTestCase {

    /// The count at which a doubling from `b` starts: 8 for B = 0, else 13 * 2^B / 2 (load 6.5).
    private func triggerCount(oldB b: Int) -> Int { b == 0 ? 8 : 13 * ((1 << b) / 2) }

    /// Skips a test whose figures come from jemalloc's counters when they do not measure this
    /// process's allocations. Under --sanitize=address ASan owns malloc: the structural checks still
    /// run (they exercise the unsafe code), while a byte check asserts that jemalloc is known not to be
    /// in charge and is then reported as skipped.
    private func requireJemallocMeasures() throws {
        guard Jemalloc.isAddressSanitized else { return }
        XCTAssertThrowsError(try Jemalloc.verifyAllocator(), "under ASan the allocator check must fail")
        throw XCTSkip("jemalloc is not the allocator under AddressSanitizer: its counters measure nothing here")
    }

    func testSamplingPlanLinearAndLog() {
        XCTAssertEqual(Sampling(points: 5, spacing: .linear).plan(total: 100), [0, 25, 50, 75, 100])
        XCTAssertEqual(Sampling(points: 3, spacing: .linear).plan(total: 1), [0, 1])
        let log = Sampling(points: 5, spacing: .log).plan(total: 9999)
        XCTAssertEqual(log, [0, 9, 99, 999, 9999])
    }

    func testStringKeysAreDistinctInlineAndFormatted() {
        let keys = _StringKeys()
        XCTAssertEqual(keys.key(0), "key-0000000")
        XCTAssertEqual(keys.key(1_234_567), "key-1234567")
        XCTAssertEqual(keys.key(12_345_678), "key-12345678")
        XCTAssertEqual(Set((0..<10_000).map(keys.key)).count, 10_000)
        XCTAssertEqual(Set((0..<10_000).map(_Int64Keys().key)).count, 10_000)
    }

    func testMakingKeysDoesNotAllocate() throws {
        try requireJemallocMeasures()
        let reader = ThreadCounterReader()
        let keys = _StringKeys()
        var total = 0
        // The first calls may fill runtime caches (type metadata) once; keys themselves must not allocate.
        for i in 0..<100 { _ = keys.key(i) }
        let before = reader.read()
        for i in 0..<10_000 { total &+= keys.key(i).utf8.count }
        let after = reader.read()
        XCTAssertEqual(total, 110_000)
        XCTAssertEqual(after.allocated - before.allocated, 0, "making 10,000 keys allocated")
    }

    func testUnsizedGoMapGrowthRowsFollowGoArithmetic() throws {
        let workload = Workload(name: "w", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, keys: 5000)
        let result = measured(workload, sampling: Sampling(points: 50))
        let summary = try XCTUnwrap(result.summary.first)
        // 5000 <= 6.5 * 2^10, and > 6.5 * 2^9: B ends at 10 after 10 doublings.
        XCTAssertEqual(summary.structure, MapStructure(b: 10, overflowBuckets: summary.structure.overflowBuckets,
                                                       capacity: 8 << 10))
        XCTAssertEqual(summary.growths, GrowthCounts([.doubling: 10]))
        XCTAssertEqual(result.growth.map(\.countAtStart), (0..<10).map { triggerCount(oldB: $0) })
        XCTAssertEqual(result.growth.map { $0.detailInt("old_b") }, Array(0..<10))
        XCTAssertEqual(result.growth.map { $0.detailInt("new_b") }, Array(1...10))
        XCTAssertEqual(result.growth.map(\.kind), Array(repeating: .doubling, count: 10))
        for row in result.growth {
            XCTAssertEqual(row.keysAtStart, row.countAtStart, "insert-only: keys inserted == live entries")
            let oldB = try XCTUnwrap(row.detailInt("old_b"))
            XCTAssertEqual(row.detailDouble("load"), Double(row.countAtStart) / Double(1 << oldB))
            // Every growth but possibly the last finishes, freeing at least the old array.
            if row.index < 10 {
                XCTAssertNotNil(row.writesToFinish)
                XCTAssertGreaterThan(row.bytesReleased ?? 0, 0)
            }
        }
        // Two curve points per finished growth, one for the unfinished one, plus the plan.
        let events = result.curve.filter { $0.event != .sample }
        XCTAssertEqual(events.filter { $0.event == .growthStart }.count, 10)
        XCTAssertEqual(result.curve.first?.keys, 0)
        XCTAssertEqual(result.curve.last?.keys, 5000)
        XCTAssertEqual(zip(result.curve, result.curve.dropFirst()).filter { $0.keys > $1.keys }.count, 0,
                       "curve keys must not decrease")
    }

    /// The map's bytes are Go's (Go's size classes and pages, plus Go's map header, mapextra and
    /// overflow slice); jemalloc measures the same requests rounded by its own classes, plus the
    /// Swift core's own objects. The two agree within jemalloc's class spacing: a request rounds up by
    /// less than 25 % in either allocator, and what only one side has (Go's 72-byte header and
    /// overflow slice; the Swift map object, its state block and its list of overflow blocks) is
    /// small beside the buckets.
    func testMapBytesAreGoBytesNearWhatJemallocCounted() throws {
        try requireJemallocMeasures()
        for (key, value) in [(Workload.KeyType.int64, Workload.ValueType.bool), (.string, .empty)] {
            let workload = Workload(name: "w", impl: .gomap, key: key, value: value, sizing: .unsized, keys: 20_000)
            let result = measured(workload, sampling: Sampling(points: 20))
            for point in result.curve {
                let mapBytes = try XCTUnwrap(point.mapBytes)
                let context = "\(key)/\(value) at \(point.keys) keys (\(point.event)): "
                    + "jemalloc \(point.allocatedBytes), map \(mapBytes)"
                XCTAssertLessThanOrEqual(point.allocatedBytes, mapBytes + mapBytes / 4 + 1024, context)
                XCTAssertGreaterThanOrEqual(point.allocatedBytes, mapBytes - mapBytes / 4 - 1024, context)
                XCTAssertGreaterThanOrEqual(point.peakBytes, point.allocatedBytes)
            }
            // With 20,000 keys the arrays dominate: B = 12, 4,352 buckets; Go rounds them to whole
            // pages, jemalloc to its 384 KiB class (int64/bool), a few % apart.
            let last = try XCTUnwrap(result.curve.last)
            let ratio = Double(last.allocatedBytes) / Double(try XCTUnwrap(last.mapBytes))
            XCTAssertEqual(ratio, 1, accuracy: 0.05, "\(key)/\(value)")
        }
    }

    /// The sampler's own rows are reserved before the baseline: the heap figures do not depend on how
    /// many samples or growth rows a workload takes (SwissMap: a growth row per table split, 16,404 at
    /// 10M keys, which once outgrew the reservation and were counted as the map's heap).
    func testHeapFiguresDoNotDependOnTheSamplingPlan() throws {
        try requireJemallocMeasures()
        let workload = Workload(name: "w", impl: .swissmap, key: .int64, value: .bool, sizing: .unsized, keys: 200_000)
        let sparse = measured(workload, sampling: Sampling(points: 5))
        let dense = measured(workload, sampling: Sampling(points: 400))
        let (a, b) = (try XCTUnwrap(sparse.summary.first), try XCTUnwrap(dense.summary.first))
        XCTAssertGreaterThan(a.growths.total, 64 + 8, "more growth rows than a fixed reservation of 72")
        XCTAssertEqual(a.growths, b.growths)
        XCTAssertEqual(a.mapBytes, b.mapBytes)
        // Within 1 KiB: jemalloc's own bookkeeping moves by a few hundred bytes between runs in one
        // process; 400 more curve rows and their growth would be tens of KiB.
        XCTAssertEqual(a.finalAllocatedBytes, b.finalAllocatedBytes, accuracy: 1024)
        XCTAssertEqual(a.peakAllocatedBytes, b.peakAllocatedBytes, accuracy: 1024)
    }

    /// A SwissMap growth is whole when reported: a growth row whose start and end are the same exact net
    /// allocation, and no curve point (a heap snapshot at each of thousands of splits cost 12 % of the
    /// insert time). The splits' transient still reaches the peak through the per-thread peak counter.
    /// With `every_split` each split is a row; by default (issue 24: 16,404 rows at 10M keys made
    /// growth.csv 24 MB) the splits of one sample window share one, `splits=N`, and say the same.
    func testSwissGrowthsAreRowsWithoutCurvePoints() throws {
        try requireJemallocMeasures()
        let workload = Workload(name: "s", impl: .swissmap, key: .int64, value: .bool, sizing: .unsized, keys: 200_000)
        var spec = workload.resolved(sampling: Sampling(points: 50), seed: 42)
        spec.everySplit = true
        let result = measureWorkload(spec, context: testContext)
        let summary = try XCTUnwrap(result.summary.first)
        XCTAssertEqual(result.curve.map(\.event), Array(repeating: .sample, count: result.curve.count))
        XCTAssertEqual(result.curve.count, 50, "the plan's 50 points, no more")
        XCTAssertEqual(result.growth.count, summary.growths.total)
        XCTAssertGreaterThan(summary.growths[.tableSplit], 100)
        for row in result.growth {
            XCTAssertEqual(row.allocatedBytesAtStart, row.allocatedBytesAtEnd, "growth \(row.index)")
        }
        // Each row's figure is a real net allocation: never above the peak, and rising with the map.
        let atGrowths = result.growth.compactMap(\.allocatedBytesAtStart)
        XCTAssertLessThanOrEqual(try XCTUnwrap(atGrowths.max()), summary.peakAllocatedBytes)
        XCTAssertGreaterThan(try XCTUnwrap(atGrowths.last), try XCTUnwrap(atGrowths.first))

        // Aggregated: same growths, same map; far fewer rows, whose indices still count growths.
        let shared = measured(workload, sampling: Sampling(points: 50))
        let sharedSummary = try XCTUnwrap(shared.summary.first)
        XCTAssertEqual(sharedSummary.growths, summary.growths)
        XCTAssertEqual(sharedSummary.mapBytes, summary.mapBytes)
        XCTAssertLessThanOrEqual(shared.growth.filter { $0.kind == .tableSplit }.count, 50 + 12)
        var next = 1
        for row in shared.growth {
            XCTAssertEqual(row.index, next)
            let splits = row.kind == .tableSplit ? try XCTUnwrap(row.detailInt("splits")) : 1
            if row.kind != .tableSplit {
                XCTAssertEqual(row.allocatedBytesAtStart, row.allocatedBytesAtEnd, "growth \(row.index)")
            }
            XCTAssertLessThanOrEqual(row.allocatedBytesAtStart, try XCTUnwrap(row.allocatedBytesAtEnd))
            next += splits
        }
        XCTAssertEqual(next - 1, summary.growths.total)
        func splitFigures(_ rows: [GrowthRow]) -> [Int] {
            let splits = rows.filter { $0.kind == .tableSplit }
            return [splits.compactMap(\.bytesAllocated).reduce(0, +), splits.compactMap(\.bytesReleased).reduce(0, +),
                    splits.compactMap { $0.detailInt("moved") }.reduce(0, +)]
        }
        XCTAssertEqual(splitFigures(shared.growth), splitFigures(result.growth))
        XCTAssertEqual(shared.growth.filter { $0.kind != .tableSplit }.map { [$0.index, $0.countAtStart] },
                       result.growth.filter { $0.kind != .tableSplit }.map { [$0.index, $0.countAtStart] },
                       "every other growth keeps its own row, at the same index")
    }

    func testPresizedGoMapAllocatesUpFrontAndNeverGrows() throws {
        let workload = Workload(name: "p", impl: .gomap, key: .int64, value: .empty, sizing: .presized, keys: 5000)
        let result = measured(workload, sampling: Sampling(points: 10))
        XCTAssertEqual(result.growth.count, 0)
        XCTAssertEqual(result.summary.first?.structure.b, 10)
        let first = try XCTUnwrap(result.curve.first)
        // The whole bucket array exists at keys = 0: 2^10 + 2^6 buckets of 80 bytes = 87,040 bytes,
        // which Go rounds to 11 pages (90,112 bytes, 1,126 buckets); plus hmap (48) and mapextra (24).
        XCTAssertEqual(first.mapBytes, 90_112 + 48 + 24)
        let last = try XCTUnwrap(result.curve.last)
        // No bucket is allocated after creation: the 102 preallocated overflow buckets suffice. What
        // grows is Go's extra.overflow slice, which lists every overflow bucket a pointer-free map
        // hands out (a 24-byte header and an array of pointers grown by append).
        let inUse = try XCTUnwrap(last.structure.overflowBuckets)
        XCTAssertGreaterThan(inUse, 0)
        XCTAssertLessThanOrEqual(inUse, 102)
        var capacity = 0
        for length in 1...inUse where length > capacity {
            capacity = GoSizeClasses.growSliceCapacity(oldCapacity: capacity, newLength: length, elementSize: 8,
                                                       hasPointers: true)
        }
        XCTAssertEqual(try XCTUnwrap(last.mapBytes) - 90_184,
                       24 + GoSizeClasses.footprint(size: capacity * 8, hasPointers: true))
    }

    func testChurnTriggersSameSizeGrowthAndNothingShrinks() throws {
        let workload = Workload(name: "c", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, keys: 50_000,
                                ops: .churn, rounds: 40)
        let result = measured(workload, sampling: Sampling(points: 100))
        let summary = try XCTUnwrap(result.summary.first)
        XCTAssertEqual(summary.inserts, 50_000 + 40 * 25_000)
        XCTAssertEqual(summary.deletes, 40 * 25_000)
        XCTAssertEqual(summary.finalCount, 50_000)
        XCTAssertEqual(summary.growths[.doubling], 13)
        XCTAssertGreaterThanOrEqual(summary.growths[.sameSize], 1)
        // The end of the fill and of every round are sampled, with all N keys live.
        for round in 0...40 {
            let point = result.curve.first { $0.event == .sample && $0.keys == 50_000 + round * 25_000 }
            XCTAssertEqual(point?.count, 50_000, "round \(round)")
        }
        let sameSize = result.growth.filter { $0.kind == .sameSize }
        XCTAssertEqual(sameSize.map { $0.detailInt("old_b") }, sameSize.map { $0.detailInt("new_b") },
                       "same-size growth keeps B")
    }

    func testPeersCountStorageGrowths() throws {
        let dictionary = Workload(name: "d", impl: .dictionary, key: .int64, value: .bool, sizing: .unsized, keys: 5000)
        let dictionaryRun = measured(dictionary, sampling: Sampling(points: 10))
        let d = try XCTUnwrap(dictionaryRun.summary.first)
        // Swift's storage holds 3/4 of 2^scale buckets: 5000 keys need scale 13 (capacity 6144).
        XCTAssertEqual(d.structure, MapStructure(capacity: 6144))
        XCTAssertGreaterThan(d.growths[.reallocation], 0)
        XCTAssertEqual(d.growths.total, d.growths[.reallocation])
        XCTAssertNil(d.mapBytes)
        // Every reallocation is a growth row of its own, with the capacities in its detail.
        XCTAssertEqual(dictionaryRun.growth.count, d.growths[.reallocation])
        XCTAssertEqual(dictionaryRun.growth.last?.detailInt("new_capacity"), 6144)
        XCTAssertTrue(dictionaryRun.growth.allSatisfy { $0.kind == .reallocation && $0.writesToFinish == nil })
        let presized = Workload(name: "s", impl: .set, key: .string, value: .empty, sizing: .presized, keys: 5000)
        let s = try XCTUnwrap(measured(presized, sampling: Sampling(points: 10)).summary.first)
        XCTAssertEqual(s.growths.total, 0)
        XCTAssertEqual(s.finalCount, 5000)
    }
}
