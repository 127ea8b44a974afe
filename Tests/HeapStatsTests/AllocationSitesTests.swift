import XCTest
@testable import HeapStats

#if canImport(Glibc)
import Glibc
#endif

/// The allocation-site recorder: a function that allocates a known number of bytes is named with exactly those
/// bytes (jemalloc size classes), frees are subtracted, and under AddressSanitizer the recorder refuses.
final class AllocationSitesTests: XCTestCase {
    /// Bytes per block: above the default threshold, so every block is recorded at its size class.
    static let blockSize = 100 * 1024

    override func setUp() {
        super.setUp()
        Jemalloc.prepare()
    }

    func testUnderAddressSanitizerTheRecorderRefuses() throws {
        try XCTSkipUnless(Jemalloc.isAddressSanitized, "checks the refusal under AddressSanitizer; this build has none")
        XCTAssertThrowsError(try AllocationSites.start()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("allocation sites cannot be recorded:"), message)
            XCTAssertTrue(message.contains("AddressSanitizer"), message)
        }
    }

    func testAKnownFunctionIsNamedWithItsBytesAndFreesAreSubtracted() throws {
        guard !Jemalloc.isAddressSanitized else {
            XCTAssertThrowsError(try AllocationSites.start())
            return
        }
        XCTAssertGreaterThan(AllocationSites.unwindProbe(), 2)
        try AllocationSites.start(AllocationSites.Options(sampleRate: 1 << 40, threshold: 64 * 1024))
        let blocks = allocationSitesTestAllocatesTenBlocks()
        AllocationSites.markPeak()
        for block in blocks.prefix(5) { free(block) }
        AllocationSites.stop()
        for block in blocks.suffix(5) { free(block) }
        defer { AllocationSites.release() }

        let sites = AllocationSites.sites(from: AllocationSites.recordedStacks())
        let mine = sites.filter { $0.function.contains("allocationSitesTestAllocatesTenBlocks") }
        XCTAssertEqual(mine.count, 1, "sites: \(sites.map(\.function))")
        let site = try XCTUnwrap(mine.first)
        let sizeClass = Jemalloc.sizeClass(of: Self.blockSize)
        XCTAssertEqual(site.function, "HeapStatsTests.allocationSitesTestAllocatesTenBlocks()")
        XCTAssertEqual(site.totalBytes, 10 * sizeClass)
        XCTAssertEqual(site.peakLiveBytes, 10 * sizeClass)
        XCTAssertEqual(site.liveBytes, 5 * sizeClass)
        XCTAssertEqual(site.allocations, 10)
        XCTAssertEqual(site.samples, 10)
        XCTAssertEqual(AllocationSites.droppedSamples, 0)
        XCTAssertTrue(site.stack.contains { $0.contains("testAKnownFunctionIsNamedWithItsBytes") }, "\(site.stack)")
    }

    func testSmallAllocationsAreSampledByteWeighted() throws {
        try XCTSkipIf(Jemalloc.isAddressSanitized, "jemalloc is not the allocator under AddressSanitizer: "
                      + "testUnderAddressSanitizerTheRecorderRefuses checks the refusal")
        // 20,000 blocks of 512 bytes (10,240,000 bytes) sampled every 16 KiB on average: about 625 samples,
        // whose estimate must land within 15 % of the true total (a loose bound, 4 standard deviations).
        try AllocationSites.start(AllocationSites.Options(sampleRate: 16 * 1024, threshold: 64 * 1024, seed: 7))
        let blocks = allocationSitesTestAllocatesSmallBlocks(count: 20_000, size: 512)
        for block in blocks { free(block) }
        AllocationSites.stop()
        defer { AllocationSites.release() }
        let sites = AllocationSites.sites(from: AllocationSites.recordedStacks())
        let site = try XCTUnwrap(sites.first { $0.function.contains("allocationSitesTestAllocatesSmallBlocks") })
        let truth = 20_000 * Jemalloc.sizeClass(of: 512)
        XCTAssertEqual(Double(site.totalBytes), Double(truth), accuracy: Double(truth) * 0.15)
        XCTAssertLessThan(site.samples, 20_000)
        XCTAssertEqual(site.liveBytes, 0)
    }

    func testShortNames() {
        XCTAssertEqual(Symbolizer.shortName("GoMap.GoMap._makeBucketArray(_: Swift.Int, orNil: Swift.Bool) -> "
                                            + "(base: Swift.UnsafeMutableRawPointer, bytes: Swift.Int)?"),
                       "GoMap.GoMap._makeBucketArray(_:orNil:)")
        XCTAssertEqual(Symbolizer.shortName("generic specialization <Swift.Int64, Swift.Bool> of "
                                            + "GoMap.GoMap._hashGrow() -> ()"), "GoMap.GoMap._hashGrow()")
        XCTAssertEqual(Symbolizer.shortName("malloc"), "malloc")
        XCTAssertEqual(Symbolizer.shortName("partial apply forwarder for closure #2 () -> Swift.Int in "
                                            + "MapHeapKit.f(Swift.Int) -> ()"), "closure #2 in MapHeapKit.f(_:)")
    }
}

/// Allocates ten blocks of 100 KiB with malloc (a distinctive name the recorder must find).
@inline(never)
func allocationSitesTestAllocatesTenBlocks() -> [UnsafeMutableRawPointer] {
    var blocks: [UnsafeMutableRawPointer] = []
    blocks.reserveCapacity(10)
    for _ in 0..<10 { blocks.append(malloc(AllocationSitesTests.blockSize)!) }
    return blocks
}

/// Allocates `count` blocks of `size` bytes.
@inline(never)
func allocationSitesTestAllocatesSmallBlocks(count: Int, size: Int) -> [UnsafeMutableRawPointer] {
    var blocks: [UnsafeMutableRawPointer] = []
    blocks.reserveCapacity(count)
    for _ in 0..<count { blocks.append(malloc(size)!) }
    return blocks
}
