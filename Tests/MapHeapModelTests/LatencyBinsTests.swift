import Foundation
import XCTest

@testable import MapHeapModel
import MapHeapTestFixtures

/// latency.csv's bucket rows at the resolution mapheap writes them (`LatencyBins`): where the bin
/// edges are, that merging keeps every count, and what the writer puts in the file.
final class LatencyBinsTests: XCTestCase {
    private func bucket(_ workload: String, _ low: Int, _ high: Int, _ count: Int) -> LatencyRow {
        LatencyRow(workload: workload, kind: .bucket, lowNanoseconds: low, highNanoseconds: high, count: count)
    }

    func testBinEdges() {
        let cases: [(Int, ClosedRange<Int>)] = [
            (0, 0...0), (1, 1...1), (15, 15...15),  // below 16 ns: one bin per nanosecond
            (16, 16...17), (17, 16...17), (31, 30...31),  // [16, 32): 8 bins of 2
            (32, 32...35), (63, 60...63), (255, 240...255), (256, 256...287), (1_000, 960...1_023),
            (30_463, 28_672...30_719), (7_632_825, 7_340_032...7_864_319),
            (100_000_000_000, 94_489_280_512...103_079_215_103),
        ]
        for (value, bin) in cases {
            XCTAssertEqual(LatencyBins.bin(of: value), bin, "\(value)")
        }
        // Eight bins per doubling from 16 on: the lows of [2^k, 2^(k+1)) are 2^k + j·2^(k-3).
        for k in 4...40 {
            let edges = (0..<8).map { (1 << k) + $0 * (1 << (k - 3)) }
            XCTAssertEqual(edges.map { LatencyBins.bin(of: $0).lowerBound }, edges, "k = \(k)")
            XCTAssertEqual(LatencyBins.bin(of: (1 << (k + 1)) - 1).upperBound, (1 << (k + 1)) - 1, "k = \(k)")
        }
    }

    /// Every bucket of the children's histogram (PROTOCOL.md: b = 56 - clz64(v | 255), s = v >> b, the
    /// range [s << b, ((s + 1) << b) - 1]) up to 100 s lies inside one bin, and the bins cover the same values.
    func testEveryHistogramBucketLiesInOneBin() {
        var low = 0
        var buckets = 0
        var bins = Set<Int>()
        while low <= 100_000_000_000 {
            let b = 56 - UInt64(low | 255).leadingZeroBitCount
            let s = low >> b
            let high = ((s + 1) << b) - 1
            XCTAssertEqual(s << b, low)
            let bin = LatencyBins.bin(of: low)
            XCTAssertTrue(bin.contains(high), "bucket \(low)...\(high) crosses the bin \(bin)")
            bins.insert(bin.lowerBound)
            buckets += 1
            low = high + 1
        }
        // 256 buckets below 256 ns, 128 per doubling up to 2^36 ns, and 59 from 2^36 ns to 100 s.
        XCTAssertEqual(buckets, 256 + 28 * 128 + 59)
        // 16 bins below 16 ns, 8 per doubling up to 2^36 ns, and 4 from 2^36 ns to 100 s.
        XCTAssertEqual(bins.count, 16 + 32 * 8 + 4)
    }

    func testMergingKeepsEveryCountAndEveryOtherRow() {
        let rows = [
            LatencyRow(workload: "w", kind: .stat, name: "inserts", count: 212),
            bucket("w", 13, 13, 2), bucket("w", 14, 14, 189), bucket("w", 16, 16, 5), bucket("w", 17, 17, 6),
            bucket("w", 18, 18, 1), bucket("w", 960, 963, 3), bucket("w", 1_020, 1_023, 4),
            bucket("w", 7_634_944, 7_667_711, 2),
            LatencyRow(workload: "w", kind: .window, keys: 100, valueNanoseconds: 7_632_825),
            bucket("v", 300, 301, 9),
            LatencyRow(workload: "v", kind: .gcPause, lowNanoseconds: 12_288, highNanoseconds: 14_335, count: 3),
        ]
        let expected = [
            rows[0],
            bucket("w", 13, 13, 2), bucket("w", 14, 14, 189), bucket("w", 16, 17, 11), bucket("w", 18, 19, 1),
            bucket("w", 960, 1_023, 7), bucket("w", 7_340_032, 7_864_319, 2),
            rows[9],
            bucket("v", 288, 319, 9),
            rows[11],
        ]
        let binned = LatencyRow.binned(rows)
        XCTAssertEqual(binned, expected)
        func total(_ rows: [LatencyRow], _ workload: String) -> Int {
            rows.filter { $0.kind == .bucket && $0.workload == workload }.reduce(0) { $0 + ($1.count ?? 0) }
        }
        XCTAssertEqual(total(binned, "w"), 212)
        XCTAssertEqual(total(binned, "w"), total(rows, "w"))
        XCTAssertEqual(LatencyRow.binned(binned), binned, "bins are kept as they are")
    }

    func testBucketsThatCannotBeMergedExactlyAreKeptAsTheyCame() {
        let across = [bucket("w", 15, 16, 4), bucket("w", 40, 40, 1)]  // 15...16 spans two bins
        XCTAssertEqual(LatencyRow.binned(across), across)
        let unbounded = [LatencyRow(workload: "w", kind: .bucket, lowNanoseconds: 20, count: 1), bucket("w", 21, 21, 1)]
        XCTAssertEqual(LatencyRow.binned(unbounded), unbounded)
        let negative = [bucket("w", -3, -3, 1)]
        XCTAssertEqual(LatencyRow.binned(negative), negative)
        let overflowing = [bucket("w", 20, 20, Int.max), bucket("w", 21, 21, 1)]
        XCTAssertEqual(LatencyRow.binned(overflowing), overflowing)
        // Another workload's run is merged on its own.
        XCTAssertEqual(LatencyRow.binned(across + [bucket("v", 20, 20, 1), bucket("v", 21, 21, 2)]),
                       across + [bucket("v", 20, 21, 3)])
    }

    func testTheWriterWritesTheRowsAsGivenAndTheBinsAsBinned() throws {
        let directory = NSTemporaryDirectory() + "mapheap-latency-bins-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let summary = CSVFixture.summary("w")
        let latency = [
            LatencyRow(workload: "w", kind: .stat, name: "inserts", count: 10),
            bucket("w", 14, 14, 1), bucket("w", 300, 301, 4), bucket("w", 318, 319, 5),
            LatencyRow(workload: "w", kind: .window, keys: 10, valueNanoseconds: 319),
        ]
        try ResultSet(summary: [summary], curve: [], growth: [], latency: latency).write(to: directory)
        XCTAssertEqual(try ResultSet.read(from: directory).latency, latency, "--every-bucket: the 1 % buckets kept")
        try ResultSet(summary: [summary], curve: [], growth: [], latency: LatencyRow.binned(latency))
            .write(to: directory)
        let text = try String(contentsOfFile: directory + "/latency.csv", encoding: .utf8)
        XCTAssertEqual(text, """
            schema,workload,kind,name,keys,value_ns,low_ns,high_ns,count
            mapheap.latency.v1,w,stat,inserts,,,,,10
            mapheap.latency.v1,w,bucket,,,,14,14,1
            mapheap.latency.v1,w,bucket,,,,288,319,9
            mapheap.latency.v1,w,window,,10,319,,,

            """)
        XCTAssertEqual(try ResultSet.read(from: directory).latency, LatencyRow.binned(latency))
    }
}
