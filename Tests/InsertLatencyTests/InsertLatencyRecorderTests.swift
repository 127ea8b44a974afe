import HeapStats
import InsertLatency
import XCTest

/// A clock the test moves by hand: a "map" is slow exactly where the test says.
final class ManualClock: InsertClock {
    var time: UInt64 = 1_000
    func now() -> UInt64 { time }
    func nanoseconds(_ ticks: UInt64) -> UInt64 { ticks }
}

/// Drives a recorder as the measuring loop does, with an insert's length and what happens inside it
/// given by the test.
struct FakeLoop {
    let clock = ManualClock()
    let recorder: InsertLatencyRecorder<ManualClock>

    init(growthCapacity: Int = 8) {
        recorder = InsertLatencyRecorder(clock: clock, growthCapacity: growthCapacity)
    }

    /// One insert taking `nanoseconds`, with `inside` run in the middle of it (growth marks, sampling).
    func insert(taking nanoseconds: UInt64 = 100, inside: (InsertLatencyRecorder<ManualClock>) -> Void = { _ in }) {
        recorder.beginInsert()
        clock.time += nanoseconds / 2
        inside(recorder)
        clock.time += nanoseconds - nanoseconds / 2
        recorder.endInsert()
        clock.time += 7  // between inserts: the loop's own work, never counted
    }
}

final class InsertLatencyRecorderTests: XCTestCase {
    func testHistogramCountsAddUpToTheInserts() {
        let loop = FakeLoop()
        var lengths: [UInt64] = []
        for i in 0..<10_000 {
            let length = UInt64(40 + (i * 7919) % 2_000) + (i == 4_321 ? 3_000_000 : 0)
            lengths.append(length)
            loop.insert(taking: length)
        }
        let summary = loop.recorder.summary()
        XCTAssertEqual(loop.recorder.inserts, 10_000)
        XCTAssertEqual(summary.inserts, 10_000)
        XCTAssertEqual(summary.buckets.reduce(0) { $0 + $1.count }, 10_000)
        XCTAssertEqual(summary.maxNanoseconds, lengths[4_321])
        XCTAssertEqual(summary.maxInsertIndex, 4_321)
        // Quantiles are bucket tops: within 1 % above the exact order statistic.
        let sorted = lengths.sorted()
        for q in LatencySummary.quantiles {
            let exact = Double(sorted[Int((q * Double(sorted.count)).rounded(.up)) - 1])
            let reported = Double(summary.nanoseconds(atQuantile: q))
            XCTAssertGreaterThanOrEqual(reported, exact, "p\(q * 100)")
            XCTAssertLessThanOrEqual(reported, exact * 1.01 + 1, "p\(q * 100)")
        }
        // Buckets are disjoint, in order, and each holds values within 1 % of each other.
        for (lower, upper) in zip(summary.buckets, summary.buckets.dropFirst()) {
            XCTAssertLessThan(lower.high, upper.low)
        }
        for bucket in summary.buckets {
            XCTAssertLessThanOrEqual(Double(bucket.high - bucket.low), Double(bucket.low) * 0.01 + 1)
        }
    }

    func testAPauseShowsOnItsGrowthAndAsTheMaximum() {
        let loop = FakeLoop()
        for _ in 0..<10 { loop.insert() }
        // Growth 0, incremental: starts in insert 10, ends in insert 14; insert 12 pauses for 5 ms.
        loop.insert(taking: 900) { $0.growthStarted() }
        loop.insert(taking: 300)
        loop.insert(taking: 5_000_000)
        loop.insert(taking: 300)
        loop.insert(taking: 800) { $0.growthFinished() }
        // An unrelated slow insert between growths belongs to no growth.
        for _ in 15..<30 { loop.insert() }
        loop.insert(taking: 6_000_000)
        // Growth 1 completes within insert 31 (a Swiss table grow): that insert is its figure.
        loop.insert(taking: 2_000_000) {
            $0.growthStarted()
            $0.growthFinished()
        }
        for _ in 32..<40 { loop.insert() }
        // Growth 2 is noticed after insert 40 (a Swift peer's reallocation).
        loop.insert(taking: 3_000_000)
        loop.recorder.growthCompletedByLastInsert()
        loop.insert()

        let recorder = loop.recorder
        XCTAssertEqual(recorder.growthsStarted, 3)
        XCTAssertEqual(recorder.growthLatency(0), GrowthLatency(maxNanoseconds: 5_000_000, insertIndex: 12))
        XCTAssertEqual(recorder.growthLatency(1), GrowthLatency(maxNanoseconds: 2_000_000, insertIndex: 31))
        XCTAssertEqual(recorder.growthLatency(2), GrowthLatency(maxNanoseconds: 3_000_000, insertIndex: 40))
        XCTAssertNil(recorder.growthLatency(3))
        XCTAssertEqual(recorder.maxNanoseconds, 6_000_000)
        XCTAssertEqual(recorder.maxInsertIndex, 30)
        let histogramMax = recorder.histogram.max
        XCTAssertGreaterThanOrEqual(histogramMax, 6_000_000)
        XCTAssertLessThanOrEqual(Double(histogramMax), 6_000_000 * 1.01)
    }

    func testAnInsertThatFinishesOneGrowthAndStartsTheNextCountsForBoth() {
        let loop = FakeLoop()
        loop.insert(taking: 500) { $0.growthStarted() }
        loop.insert(taking: 400)
        loop.insert(taking: 9_000) {
            $0.growthFinished()
            $0.growthStarted()
        }
        loop.insert(taking: 700)
        loop.insert(taking: 600) { $0.growthFinished() }
        loop.insert(taking: 50_000)
        XCTAssertEqual(loop.recorder.growthLatency(0), GrowthLatency(maxNanoseconds: 9_000, insertIndex: 2))
        XCTAssertEqual(loop.recorder.growthLatency(1), GrowthLatency(maxNanoseconds: 9_000, insertIndex: 2))
    }

    func testSamplingTimeIsSubtractedFromItsInsertOnly() {
        let loop = FakeLoop()
        // 1 ms, of which the sampler spent 900 µs in two samples (growth start, growth end).
        loop.insert(taking: 1_000_000) { recorder in
            recorder.growthStarted()
            recorder.excludeFromCurrentInsert(nanoseconds: 400_000)
            recorder.growthFinished()
            recorder.excludeFromCurrentInsert(nanoseconds: 500_000)
        }
        XCTAssertEqual(loop.recorder.lastNanoseconds, 100_000)
        XCTAssertEqual(loop.recorder.growthLatency(0)?.maxNanoseconds, 100_000)
        loop.insert(taking: 200)
        XCTAssertEqual(loop.recorder.lastNanoseconds, 200, "an exclusion applies to one insert only")
        // More excluded than measured (the sampler's clock is not the recorder's): 0, never a wrap.
        loop.insert(taking: 300) { $0.excludeFromCurrentInsert(nanoseconds: 400) }
        XCTAssertEqual(loop.recorder.lastNanoseconds, 0)
        XCTAssertEqual(loop.recorder.maxNanoseconds, 100_000)
        XCTAssertEqual(loop.recorder.histogram.totalCount, 3)
    }

    func testTheWindowMaximumStartsAgainAtEveryTake() {
        let loop = FakeLoop()
        loop.insert(taking: 300)
        loop.insert(taking: 9_000)
        loop.insert(taking: 500)
        XCTAssertEqual(loop.recorder.takeWindowMaximum(), 9_000)
        XCTAssertEqual(loop.recorder.takeWindowMaximum(), 0)
        loop.insert(taking: 700)
        XCTAssertEqual(loop.recorder.takeWindowMaximum(), 700)
        XCTAssertEqual(loop.recorder.maxNanoseconds, 9_000)
    }

    func testGrowthsBeyondCapacityAreCountedAsDropped() {
        let loop = FakeLoop(growthCapacity: 1)
        loop.insert(taking: 100) { $0.growthStarted(); $0.growthFinished() }
        loop.insert(taking: 200) { $0.growthStarted(); $0.growthFinished() }
        loop.insert(taking: 300)
        loop.recorder.growthCompletedByLastInsert()
        XCTAssertEqual(loop.recorder.growthsStarted, 3)
        XCTAssertEqual(loop.recorder.growthsDropped, 2)
        XCTAssertEqual(loop.recorder.growthLatency(0)?.maxNanoseconds, 100)
        XCTAssertNil(loop.recorder.growthLatency(1))
    }

    func testAnInsertLongerThanTheLayoutIsCountedAtItsTopAndKeptExactly() {
        let loop = FakeLoop()
        let hour: UInt64 = 3_600_000_000_000
        loop.insert(taking: hour)
        XCTAssertEqual(loop.recorder.maxNanoseconds, hour)
        XCTAssertEqual(loop.recorder.histogram.totalCount, 1)
        XCTAssertEqual(loop.recorder.summary().maxNanoseconds, hour)
    }

    func testRecordingDoesNotAllocate() throws {
        try XCTSkipIf(Jemalloc.isAddressSanitized, "jemalloc is not the allocator under AddressSanitizer")
        let recorder = InsertLatencyRecorder(clock: CalibratedClock.monotonic, growthCapacity: 4)
        let counters = ThreadCounterReader()
        let before = counters.read()
        for i in 0..<100_000 {
            recorder.beginInsert()
            if i == 10 { recorder.growthStarted() }
            if i == 5_000 { recorder.excludeFromCurrentInsert(nanoseconds: 10) }
            if i == 20_000 { recorder.growthFinished() }
            recorder.endInsert()
            if i == 30_000 { recorder.growthCompletedByLastInsert() }
            if i % 1_000 == 0 { _ = recorder.takeWindowMaximum() }
        }
        let after = counters.read()
        XCTAssertEqual(after.allocated - before.allocated, 0, "bytes allocated while recording")
        XCTAssertEqual(recorder.inserts, 100_000)
    }

    func testTheCalibratedClockKeepsTimeWithClockMonotonic() {
        let clock = CalibratedClock.calibrated()
        // A preemption between two reads can skew one try on a busy machine: one of three must agree.
        var errors: [Double] = []
        for _ in 0..<3 {
            let ticks = clock.now()
            let start = monotonicNanoseconds()
            usleep(50_000)
            let elapsed = clock.nanoseconds(clock.now() &- ticks)
            let reference = monotonicNanoseconds() &- start
            errors.append(abs(Double(elapsed) - Double(reference)) / Double(reference))
        }
        XCTAssertLessThan(errors.min() ?? 1, 0.01,
                          "relative errors \(errors), cycle counter: \(clock.usesCycleCounter)")
        XCTAssertEqual(CalibratedClock.monotonic.nanoseconds(12_345), 12_345)
    }
}

/// PROTOCOL.md states the histogram layout as a formula, for children in other languages: it must be
/// HdrHistogram's.
final class LatencyLayoutTests: XCTestCase {
    func testTheProtocolsFormulaIsTheHistogramsLayout() {
        let histogram = LatencyLayout.makeHistogram()
        var values: [UInt64] = [0, 1, 127, 128, 255, 256, 257, 511, 512, 1_000, 65_535, 1_000_000,
                                LatencyLayout.highestTrackableNanoseconds]
        var x: UInt64 = 12_345
        for _ in 0..<10_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append((x >> 20) >> (x & 31))
        }
        for value in values {
            let bucket = 56 - (value | 255).leadingZeroBitCount
            let sub = value >> UInt64(bucket)
            let low = sub << UInt64(bucket)
            let high = ((sub + 1) << UInt64(bucket)) - 1
            XCTAssertEqual(histogram.equivalentRangeForValue(value), low...high, "value \(value)")
        }
    }
}
