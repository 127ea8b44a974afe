import XCTest
import HeapStats
@testable import MapHeapMeasure
import MapCore
import MapHeapModel
import MapHeapReport
import MapHeapTestFixtures

/// Allocation sites in the harness: GoMap's creation, growth and overflow allocations are separate sites;
/// sites.csv round-trips; the report shows the section with sites and says "not recorded" without them.
final class SitesTests: XCTestCase {
    func testUnsizedGoMapShowsCreationGrowthAndOverflowAsSeparateSites() throws {
        guard !Jemalloc.isAddressSanitized else {
            XCTAssertThrowsError(try AllocationSites.checkCanRecord()) { error in
                XCTAssertTrue("\(error)".contains("AddressSanitizer"), "\(error)")
            }
            return
        }
        try AllocationSites.checkCanRecord()
        let workload = Workload(name: "w", impl: .gomap, key: .int64, value: .bool, sizing: .unsized, keys: 20_000)
        // Rate 1: every allocation is recorded at its size, so even the 88-byte first bucket is seen.
        let (results, sites) = measureWorkload(workload.resolved(sampling: Sampling(points: 10), seed: 42),
                                               context: testContext,
                                               allocationSites: AllocationSites.Options(sampleRate: 1))
        let labels = sites.map(\.label)
        let creation = try XCTUnwrap(sites.first { $0.label.contains("_allocateFirstBucket") }, "\(labels)")
        let growth = try XCTUnwrap(sites.first { $0.label.contains("_makeBucketArray(_:orNil:) ← "
                                                                    + "GoMap.GoMap._hashGrow()") }, "\(labels)")
        let overflow = try XCTUnwrap(sites.first { $0.function.contains("_newOverflow") }, "\(labels)")
        XCTAssertEqual(Set([creation.rank, growth.rank, overflow.rank]).count, 3)
        let summary = results.summary[0]
        XCTAssertEqual(growth.allocations, summary.growths[.doubling])
        // Each growth asks for Go's bucket array (2^B buckets, and from B = 4 on 2^(B-4) more stretched
        // to fill Go's size class or pages); jemalloc rounds that request by its own classes.
        let growthBytes = try results.growth.reduce(0) { total, row in
            let b = try XCTUnwrap(row.detailInt("new_b"))
            let request = b < 4 ? 0 : ((1 << b) + (1 << (b - 4))) * 88
            let buckets = b < 4 ? 1 << b : GoSizeClasses.roundUpSize(request, hasPointers: false) / 88
            return total + Jemalloc.sizeClass(of: buckets * 88)
        }
        XCTAssertEqual(growth.totalBytes, growthBytes)
        XCTAssertEqual(creation.allocations, 1)
        XCTAssertEqual(creation.totalBytes, Jemalloc.sizeClass(of: 88))
        XCTAssertEqual(creation.endBytes, 0)  // freed by the first growth
    }

    func testSitesCSVRoundTripsAndFoldedLinesAreRootFirst() throws {
        let rows = [
            SiteRow(workload: "w, \"q\"", rank: 1, function: "GoMap.GoMap._hashGrow()", caller: "", peakBytes: 10,
                    peakCumBytes: 12, endBytes: 5, endCumBytes: 6, totalBytes: 20, totalCumBytes: 22, allocations: 3,
                    samples: 3, sampleRate: 16384, threshold: 65536, stack: "main;f(_:);GoMap.GoMap._hashGrow()"),
            SiteRow(workload: "w", rank: 2, function: "g", caller: "f", peakBytes: 0, peakCumBytes: 0, endBytes: 1,
                    endCumBytes: 1, totalBytes: 1, totalCumBytes: 1, allocations: 1, samples: 1, sampleRate: 1,
                    threshold: 0, stack: "main;f;g"),
        ]
        let text = SiteRow.csvDocument(rows)
        XCTAssertTrue(text.hasPrefix("schema,workload,rank,function,caller,peak_bytes,"))
        XCTAssertEqual(try SiteRow.decodeCSV(text, file: "sites.csv"), rows)
        XCTAssertEqual(SiteRow.folded(rows), "main;f(_:);GoMap.GoMap._hashGrow() 10\n")
        XCTAssertThrowsError(try SiteRow.decodeCSV(text.replacingOccurrences(of: "mapheap.sites.v1,w,",
                                                                             with: "mapheap.sites.v2,w,"),
                                                   file: "sites.csv"))
    }

    func testReportHasTheSectionOnlyWithSitesAndSaysNotRecorded() throws {
        let results = ReportFixture.resultSet()
        let without = renderReport(results)
        XCTAssertFalse(without.contains("Top allocation sites"))
        XCTAssertEqual(renderReport(results, sites: nil), without)
        let first = try XCTUnwrap(results.summary.first { $0.status == .ok })
        let site = SiteRow(workload: first.workload, rank: 1, function: "GoMap.GoMap._makeBucketArray(_:orNil:)",
                           caller: "GoMap.GoMap._hashGrow()", peakBytes: 2_097_152, peakCumBytes: 2_097_152,
                           endBytes: 1_048_576, endCumBytes: 1_048_576, totalBytes: 3_145_728,
                           totalCumBytes: 3_145_728, allocations: 12, samples: 12, sampleRate: 16384,
                           threshold: 65536, stack: "main;GoMap.GoMap._hashGrow()")
        let with = renderReport(results, sites: [site])
        // The sites are the last section, and sections are numbered 1, 2, 3, ... by their order.
        let headings = with.split(separator: "\n").compactMap { line -> (Int, String)? in
            guard let dot = line.firstIndex(of: "."), let number = Int(line[..<dot]) else { return nil }
            return (number, String(line[line.index(dot, offsetBy: 2)...]))
        }
        XCTAssertEqual(headings.map(\.0), Array(1...headings.count))
        XCTAssertEqual(headings.last?.1, "Top allocation sites")
        XCTAssertTrue(with.contains("GoMap.GoMap._makeBucketArray(_:orNil:) ← GoMap.GoMap._hashGrow()"))
        XCTAssertTrue(with.contains("2.00 MiB"))
        XCTAssertTrue(with.contains("not recorded"))
    }

    /// Issue 15, case 11: with nothing sampled, section 10 stated "at least ? bytes ... every ? bytes".
    func testReportSaysNoSiteWasRecordedRatherThanQuestionMarks() throws {
        let report = renderReport(ReportFixture.resultSet(), sites: [])
        let wrapped = try XCTUnwrap(report.components(separatedBy: "10. Top allocation sites").last)
        let section = wrapped.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertFalse(section.contains("?"), section)
        XCTAssertTrue(section.contains("no site was recorded in this run (sites.csv holds no rows)"), section)
    }
}
