import HeapStats
@testable import MapHeapMeasure
import MapHeapModel
import MapHeapReport
import MapHeapTestFixtures
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// What the slow map does, and when (by its insert count, 1-based).
final class _SlowMapState {
    var keys = Set<Int64>()
    var inserts = 0
    var sampler: _Sampler?
}

/// A map that is slow on purpose: an incremental growth over inserts 100...106 whose insert 103
/// pauses 100 ms; a growth that starts and ends within insert 200, where the *sampler* spends 80 ms
/// (reading `mapBytes`), which must not count; a growth within insert 300 that pauses 50 ms; and a
/// pause of 150 ms at insert 500, outside any growth.
struct _SlowMap: MapAdapter {
    let state: _SlowMapState

    mutating func insert(_ key: Int64) {
        state.keys.insert(key)
        state.inserts += 1
        let detail = GrowthDetail("old_b", 3, "new_b", 4)
        switch state.inserts {
        case 100, 200, 300:
            state.sampler?.growthStarted(GrowthStart(kind: .doubling, countAtStart: state.keys.count - 1,
                                                     bytesAllocated: nil, incremental: state.inserts == 100,
                                                     detail: detail), self)
            if state.inserts == 300 { usleep(50_000) }
            if state.inserts != 100 {
                state.sampler?.growthFinished(GrowthFinish(writes: nil, bytesReleased: nil), self)
            }
        case 103: usleep(100_000)
        case 106: state.sampler?.growthFinished(GrowthFinish(writes: 7, bytesReleased: nil), self)
        case 500: usleep(150_000)
        default: break
        }
    }
    mutating func remove(_ key: Int64) { state.keys.remove(key) }
    func lookup(_ key: Int64) -> Bool { state.keys.contains(key) }
    var count: Int { state.keys.count }
    var structure: MapStructure { MapStructure(capacity: state.keys.capacity) }
    var mapBytes: Int? {
        // Read by the sampler at every sample: at insert 200's growth samples, sampling takes 80 ms.
        if state.inserts == 200 { usleep(40_000) }
        return nil
    }
    var growing: Bool? { nil }
    static var growthReporting: GrowthReporting { .observed }
    func attach(_ recorder: _Sampler) { state.sampler = recorder }
}

final class LatencyTests: XCTestCase {
    private func slowRun(latency: Bool) -> ResultSet {
        let workload = Workload(name: "slow", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, hint: 0,
                                keys: 1_000, ops: .insert, rounds: 0)
        let spec = workload.resolved(sampling: Sampling(points: 10), seed: 42, latency: latency)
        let run = _WorkloadRun(spec: spec, context: testContext, progressFD: nil, sites: nil)
        return run.measure(_Int64Keys()) { _SlowMap(state: _SlowMapState()) }
    }

    func testAPauseOnPurposeShowsOnItsGrowthAndAsTheMaximum() throws {
        let results = slowRun(latency: true)
        let growth = results.growth
        XCTAssertEqual(growth.count, 3)
        let incremental = try XCTUnwrap(growth[0].maxInsertNanoseconds)
        let sampledSlowly = try XCTUnwrap(growth[1].maxInsertNanoseconds)
        let atOnce = try XCTUnwrap(growth[2].maxInsertNanoseconds)
        XCTAssertGreaterThanOrEqual(incremental, 100_000_000, "insert 103, inside growth 1")
        XCTAssertGreaterThanOrEqual(atOnce, 50_000_000, "insert 300, growth 3")
        XCTAssertLessThan(atOnce, 150_000_000, "insert 500 is after growth 3")
        // Growth 2's samples took 80 ms inside insert 200: subtracted, it is an ordinary insert.
        XCTAssertLessThan(sampledSlowly, 40_000_000, "sampling time must be subtracted")

        let summary = try XCTUnwrap(results.summary.first)
        let max = try XCTUnwrap(summary.insertMaxNanoseconds)
        XCTAssertGreaterThanOrEqual(max, 150_000_000)
        XCTAssertNotNil(summary.insertP99Nanoseconds)
        let maxRow = try XCTUnwrap(results.latencyStat("max", of: "slow"))
        XCTAssertEqual(maxRow.keys, 499, "the longest insert is the 500th (499 inserts before it)")
        XCTAssertEqual(maxRow.valueNanoseconds, max)
        // The histogram's maximum is the same insert, within a bucket (1 %).
        let top = try XCTUnwrap(results.latency.last { $0.kind == .bucket })
        XCTAssertLessThanOrEqual(try XCTUnwrap(top.lowNanoseconds), max)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(top.highNanoseconds), max)
    }

    func testHistogramCountsAddUpToTheInsertsAndEveryWindowIsThere() throws {
        let results = slowRun(latency: true)
        let inserts = try XCTUnwrap(results.summary.first?.inserts)
        XCTAssertEqual(results.latencyStat("inserts", of: "slow")?.count, inserts)
        let buckets = results.latency.filter { $0.kind == .bucket }
        XCTAssertEqual(buckets.reduce(0) { $0 + ($1.count ?? 0) }, inserts)
        let names = results.latency.filter { $0.kind == .stat }.map(\.name)
        XCTAssertEqual(names, ["inserts"] + LatencyRow.quantileNames + ["max"])
        // One window per sample point after the first; the one holding insert 500 holds the maximum.
        let windows = results.latency.filter { $0.kind == .window }
        let points = results.curve.filter { $0.event == .sample && $0.keys > 0 }.map(\.keys)
        XCTAssertEqual(windows.map(\.keys), points)
        let slowWindow = try XCTUnwrap(windows.first { ($0.keys ?? 0) >= 500 })
        XCTAssertEqual(slowWindow.valueNanoseconds, results.summary.first?.insertMaxNanoseconds)
    }

    func testWithoutLatencyNothingIsTimedAndTheFilesStillRead() throws {
        let results = slowRun(latency: false)
        XCTAssertTrue(results.latency.isEmpty)
        XCTAssertNil(results.summary.first?.insertMaxNanoseconds)
        XCTAssertTrue(results.growth.allSatisfy { $0.maxInsertNanoseconds == nil })
    }

    func testLatencyRowsAndColumnsRoundTripThroughTheFiles() throws {
        let results = slowRun(latency: true)
        let directory = NSTemporaryDirectory() + "mapheap-latency-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try results.write(to: directory)
        let read = try ResultSet.read(from: directory)
        // The writer writes the rows as given (the run bins the histogram first unless --every-bucket).
        XCTAssertEqual(read.latency, results.latency)
        try ResultSet(summary: results.summary, curve: [], growth: [], latency: LatencyRow.binned(results.latency))
            .write(to: directory)
        let binned = try ResultSet.read(from: directory).latency
        XCTAssertEqual(binned, LatencyRow.binned(results.latency))
        XCTAssertEqual(binned.filter { $0.kind != .bucket }, results.latency.filter { $0.kind != .bucket })
        XCTAssertLessThan(binned.count, results.latency.count, "the bins are fewer than the 1 % buckets")
        XCTAssertEqual(read.growth.map(\.maxInsertNanoseconds), results.growth.map(\.maxInsertNanoseconds))
        XCTAssertEqual(read.summary.first?.insertMaxNanoseconds, results.summary.first?.insertMaxNanoseconds)
    }

    func testAV2FileWithoutTheLatencyColumnsStillReads() throws {
        let header = GrowthRow.csvColumns.filter { !GrowthRow.csvOptionalColumns.contains($0) }
        let row = ["mapheap.growth.v2", "w", "1", "doubling", "8", "8", "", "", "", "", "100", ""]
        let text = header.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
        let rows = try GrowthRow.decodeCSV(text, file: "growth.csv")
        XCTAssertEqual(rows.count, 1)
        XCTAssertNil(rows[0].maxInsertNanoseconds)
    }

    func testTheSpecCarriesLatency() throws {
        let workload = Workload(name: "w", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, hint: 0,
                                keys: 10, ops: .insert, rounds: 0)
        let spec = workload.resolved(sampling: Sampling(points: 2), seed: 1, latency: true)
        XCTAssertTrue(spec.json.contains("\"latency\": true"))
        XCTAssertEqual(try WorkloadSpec.parse(json: Array(spec.json.utf8), file: "spec.json"), spec)
    }

    func testCompareShowsLatencyAndFailsOnlyBeyondItsThreshold() throws {
        var old = CSVFixture.summary("a")
        old.insertP99Nanoseconds = 1_000
        old.insertMaxNanoseconds = 1_000_000
        var slower = old
        slower.insertMaxNanoseconds = 3_000_000
        var muchSlower = old
        muchSlower.insertMaxNanoseconds = 6_000_000
        var unmeasured = old
        unmeasured.insertP99Nanoseconds = nil
        unmeasured.insertMaxNanoseconds = nil
        func verdict(_ current: SummaryRow, _ thresholds: Thresholds = .builtIn) -> Verdict? {
            Comparison(baseline: ResultSet(summary: [old]), current: ResultSet(summary: [current]),
                       thresholds: thresholds).rows.first { $0.metric == "insert_max_ns" }?.verdict
        }
        XCTAssertEqual(verdict(muchSlower), .info, "without a threshold a latency is shown only")
        let thresholds = Thresholds(metrics: ["insert_max_ns": Tolerance(relativePercent: 400)])
        XCTAssertEqual(verdict(slower, thresholds), .pass, "3x is within +400 %")
        XCTAssertEqual(verdict(muchSlower, thresholds), .regression, "6x is beyond +400 %")
        // Issue 24: a thresholded latency the baseline has and the current side lost fails; one only the
        // current side measured is shown, not judged.
        XCTAssertEqual(verdict(unmeasured, thresholds), .regression, "lost on the current side")
        XCTAssertEqual(Comparison(baseline: ResultSet(summary: [unmeasured]), current: ResultSet(summary: [old]),
                                  thresholds: thresholds).rows.first { $0.metric == "insert_max_ns" }?.verdict,
                       .info, "measured on the current side only: shown, not judged")
        // The committed thresholds name both latency metrics.
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../bench-configs/thresholds.json").standardizedFileURL.path
        let committed = try Thresholds.load(path: path)
        XCTAssertNotNil(committed.metrics["insert_p99_ns"])
        XCTAssertNotNil(committed.metrics["insert_max_ns"])
    }

    func testTheLatencySuiteTimesEveryInsertOfTenMillionKeys() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../bench-configs/latency.json").standardizedFileURL.path
        let suite = try Suite.load(path: path)
        XCTAssertTrue(suite.latency)
        XCTAssertTrue(suite.workloads.allSatisfy { $0.keys == 10_000_000 && $0.sizing == .unsized })
        XCTAssertTrue(suite.workloads.first?.resolved(sampling: suite.sampling, seed: 42, latency: suite.latency)
            .latency ?? false)
    }

    func testTheChartDrawsTheLongestInsertPerWindowOnALogAxis() throws {
        let results = slowRun(latency: true)
        XCTAssertTrue(renderHeapCurvesSVG(results).contains(#"id="panel-latency""#))
        XCTAssertFalse(renderHeapCurvesSVG(slowRun(latency: false)).contains(#"id="panel-latency""#))
        // A thousand windows are drawn as a hundred points, each the longest of ten: here a zigzag, the
        // longest of every other ten windows ten times longer.
        var many = results
        many.latency = (1...1_000).map {
            LatencyRow(workload: "slow", kind: .window, keys: $0,
                       valueNanoseconds: ($0 - 1) / 10 % 2 == 0 ? 100 : 1_000)
        }
        let svg = renderHeapCurvesSVG(many)
        XCTAssertTrue(svg.contains("each point the longest of up to 10 windows"))
        XCTAssertEqual(try latencyPoints(svg).count, 100)
        // Flat but for one spike: the hundred points less those inside the two flat stretches, which
        // draw the same line: the first, the last before the spike, the spike, the first after, the last.
        many.latency = (1...1_000).map {
            LatencyRow(workload: "slow", kind: .window, keys: $0, valueNanoseconds: $0 == 500 ? 9_000_000 : 100)
        }
        let spike = try latencyPoints(renderHeapCurvesSVG(many))
        XCTAssertEqual(spike.count, 5)
        XCTAssertEqual(Set(spike.map { $0.split(separator: ",")[1] }).count, 2, "two heights: 100 ns and the spike")
    }

    /// The `x,y` pairs of the latency panel's first line.
    private func latencyPoints(_ svg: String) throws -> [Substring] {
        let line = try XCTUnwrap(svg.split(separator: "\n").first { $0.contains(#"class="latency""#) })
        let points = try XCTUnwrap(line.split(separator: "\"").drop { !$0.hasSuffix("points=") }.dropFirst().first)
        return points.split(separator: " ")
    }
}
