import XCTest
@testable import HeapStats

/// Tests assert values, never timings. Counter tests allocate with jemalloc's own `mallocx`/`dallocx` (through
/// the shim), so they mean the same with or without AddressSanitizer; the allocator check asserts the outcome
/// each build must have: jemalloc in charge normally, not in charge under `--sanitize=address`.
final class HeapStatsTests: XCTestCase {
    override func setUp() {
        super.setUp()
        Jemalloc.prepare()
    }

    // MARK: - The allocator check

    func testVerificationMatchesTheBuild() throws {
        if Jemalloc.isAddressSanitized {
            // ASan's interceptors own malloc, so Swift allocations never reach jemalloc: the check must throw,
            // and its message must say what to do.
            XCTAssertThrowsError(try Jemalloc.verifyAllocator()) { error in
                guard case HeapStatsError.jemallocNotInCharge(let verification) = error else {
                    return XCTFail("unexpected error \(error)")
                }
                XCTAssertFalse(verification.isJemallocInCharge)
                XCTAssertTrue(verification.isAddressSanitized)
                XCTAssertEqual(verification.probes.count, Jemalloc.verificationSizes.count)
                XCTAssertTrue(verification.probes.allSatisfy { $0.allocatedMoved == 0 })
                let message = "\(error)"
                XCTAssertTrue(message.contains("apt-get install libjemalloc-dev"), message)
                XCTAssertTrue(message.contains("rebuild"), message)
                XCTAssertTrue(message.contains("AddressSanitizer"), message)
            }
        } else {
            let verification = try Jemalloc.verifyAllocator()
            XCTAssertTrue(verification.isJemallocInCharge)
            XCTAssertEqual(verification.probes.map(\.requested), Jemalloc.verificationSizes)
            for probe in verification.probes {
                XCTAssertEqual(probe.allocatedMoved, Jemalloc.sizeClass(of: probe.requested))
                XCTAssertEqual(probe.deallocatedMoved, Jemalloc.sizeClass(of: probe.requested))
            }
            let provider = try XCTUnwrap(verification.mallocProvider)
            XCTAssertTrue(provider.contains("jemalloc"), provider)
        }
    }

    func testFailedVerificationSaysWhatToDo() {
        let probe = AllocatorVerification.Probe(requested: 1000, sizeClass: 1024, allocatedMoved: 0,
                                                deallocatedMoved: 0)
        let verification = AllocatorVerification(probes: [probe], missingControls: [], statsEnabled: true,
                                                 mallocProvider: "/lib/x86_64-linux-gnu/libc.so.6",
                                                 isAddressSanitized: false)
        XCTAssertFalse(verification.isJemallocInCharge)
        let message = HeapStatsError.jemallocNotInCharge(verification).description
        XCTAssertTrue(message.contains("by 0 bytes instead of 1024"), message)
        XCTAssertTrue(message.contains("libc.so.6"), message)
        XCTAssertTrue(message.contains("sudo apt-get install libjemalloc-dev"), message)
        XCTAssertTrue(message.contains("rebuild from clean"), message)
        XCTAssertFalse(message.contains("AddressSanitizer"), message)
    }

    func testAddressSanitizerDetectionMatchesTheSwiftSide() {
        // The Swift compiler knows whether it sanitizes; the C target must agree, or ASan runs would be
        // misdiagnosed.
        XCTAssertEqual(Jemalloc.isAddressSanitized, _swiftIsAddressSanitized())
    }

    // MARK: - Counters

    func testKnownAllocationMovesThreadCounterBySizeClass() {
        let reader = ThreadCounterReader()
        for size in [1, 17, 100, 1000, 4097, 40_000, 1 << 20] {
            let sizeClass = Jemalloc.sizeClass(of: size)
            XCTAssertGreaterThanOrEqual(sizeClass, size)
            let before = reader.read()
            let block = Jemalloc._directAllocate(byteCount: size)
            let during = reader.read()
            Jemalloc._directDeallocate(block)
            let after = reader.read()
            XCTAssertEqual(during.allocated - before.allocated, sizeClass, "allocating \(size) bytes")
            XCTAssertEqual(after.deallocated - during.deallocated, sizeClass, "freeing \(size) bytes")
            XCTAssertEqual(after.net, before.net, "net after freeing \(size) bytes")
        }
    }

    func testSizeClassesAreJemallocs() {
        XCTAssertEqual(Jemalloc.sizeClass(of: 1), 8)
        XCTAssertEqual(Jemalloc.sizeClass(of: 100), 112)
        XCTAssertEqual(Jemalloc.sizeClass(of: 1000), 1024)
        XCTAssertEqual(Jemalloc.sizeClass(of: 4097), 5120)
        XCTAssertEqual(Jemalloc.sizeClass(of: 1 << 20), 1 << 20)
    }

    func testReaderAgreesWithMallctl() {
        let reader = ThreadCounterReader()
        let block = Jemalloc._directAllocate(byteCount: 512)
        XCTAssertEqual(reader.read(), ThreadCounters.current())
        Jemalloc._directDeallocate(block)
        XCTAssertEqual(reader.read(), ThreadCounters.current())
    }

    func testCountersArePerThread() {
        let reader = ThreadCounterReader()
        let before = reader.read()
        let moved = LockedBox()
        let thread = Thread {
            let other = ThreadCounterReader()
            let start = other.read()
            let block = Jemalloc._directAllocate(byteCount: 3000)
            Jemalloc._directDeallocate(block)
            moved.set(other.read().allocated - start.allocated)
        }
        thread.start()
        while moved.get() == nil { usleep(1000) }
        XCTAssertEqual(moved.get(), Jemalloc.sizeClass(of: 3000))
        // The other thread's block did not touch this thread's counters (Thread itself allocates here, via
        // malloc; count only what jemalloc's direct API did, which is nothing on this thread).
        XCTAssertGreaterThanOrEqual(reader.read().allocated, before.allocated)
    }

    // MARK: - Peak

    func testPeakSeesLargeBlockAndDeltaReturnsToZero() {
        let size = 8 << 20
        let sizeClass = Jemalloc.sizeClass(of: size)
        let baseline = HeapSnapshot.take()
        ThreadPeak.reset()
        XCTAssertEqual(ThreadPeak.read(), 0)
        let block = Jemalloc._directAllocate(byteCount: size)
        let held = HeapSnapshot.take().delta(since: baseline)
        Jemalloc._directDeallocate(block)
        let peak = ThreadPeak.read()
        let after = HeapSnapshot.take().delta(since: baseline)

        XCTAssertGreaterThanOrEqual(peak, sizeClass)
        XCTAssertLessThan(peak, sizeClass + (100 << 10), "jemalloc promises accuracy within 100 KiB")
        XCTAssertEqual(held.threadNet, sizeClass)
        XCTAssertEqual(held.allocated, sizeClass)
        XCTAssertEqual(after.threadNet, 0)
        XCTAssertEqual(after.allocated, 0)
        XCTAssertEqual(after.threadAllocated, sizeClass)
        XCTAssertEqual(after.threadDeallocated, sizeClass)
    }

    func testPeakIsRelativeToTheResetLevelAndNeverNegative() {
        let quarter = Jemalloc.sizeClass(of: 256 << 10)
        let held = Jemalloc._directAllocate(byteCount: 4 << 20)
        ThreadPeak.reset()
        Jemalloc._directDeallocate(held)
        XCTAssertEqual(ThreadPeak.read(), 0, "freeing below the reset level reads 0, not a negative peak")
        let below = Jemalloc._directAllocate(byteCount: 256 << 10)
        XCTAssertEqual(ThreadPeak.read(), 0, "still 3.75 MiB below the level at the reset")
        Jemalloc._directDeallocate(below)

        ThreadPeak.reset()
        let above = Jemalloc._directAllocate(byteCount: 256 << 10)
        XCTAssertEqual(ThreadPeak.read(), quarter, "a read includes the current level")
        Jemalloc._directDeallocate(above)
        XCTAssertEqual(ThreadPeak.read(), quarter, "the peak stays after freeing")
    }

    /// Documents jemalloc 5.3's sampling: the peak is updated every 64 KiB of allocation (and of deallocation)
    /// and at each read, so a short-lived rise smaller than that can be missed.
    func testPeakIsSampledEvery64KiBOfAllocation() {
        func peakAfterTransients(_ count: Int) -> Int {
            let large = Jemalloc._directAllocate(byteCount: 128 << 10)  // fires a peak event: a fresh 64 KiB window
            Jemalloc._directDeallocate(large)
            ThreadPeak.reset()
            for _ in 0..<count {
                Jemalloc._directDeallocate(Jemalloc._directAllocate(byteCount: 1024))
            }
            return ThreadPeak.read()
        }
        XCTAssertEqual(peakAfterTransients(1), 0, "one 1 KiB block allocated and freed is not seen")
        XCTAssertEqual(peakAfterTransients(63), 0, "63 KiB of churn stays inside one sampling window")
        XCTAssertEqual(peakAfterTransients(64), 1024, "the 64th KiB triggers a sample while the block is live")
    }

    // MARK: - Snapshots

    func testSnapshotFieldsAreConsistent() {
        let blocks = (0..<64).map { Jemalloc._directAllocate(byteCount: 1000 + $0 * 997) }
        let snapshot = HeapSnapshot.take()
        blocks.forEach(Jemalloc._directDeallocate)
        let page = Jemalloc.configuration.pageSize
        XCTAssertEqual(page, Int(sysconf(Int32(_SC_PAGESIZE))))
        XCTAssertGreaterThan(snapshot.allocated, 0)
        XCTAssertLessThanOrEqual(snapshot.allocated, snapshot.active)
        XCTAssertLessThanOrEqual(snapshot.active, snapshot.resident)
        XCTAssertLessThanOrEqual(snapshot.active, snapshot.mapped)
        XCTAssertGreaterThan(snapshot.metadata, 0)
        XCTAssertLessThanOrEqual(snapshot.metadata, snapshot.resident)
        XCTAssertGreaterThanOrEqual(snapshot.retained, 0)
        for (name, value) in [("active", snapshot.active), ("resident", snapshot.resident),
                              ("mapped", snapshot.mapped)] {
            XCTAssertEqual(value % page, 0, "\(name) is a multiple of the page size")
        }
    }

    func testSnapshotDoesNotAllocateOnTheCallingThread() {
        let reader = ThreadCounterReader()
        let before = reader.read()
        for _ in 0..<1000 {
            _ = HeapSnapshot.take()
        }
        _ = ThreadPeak.read()
        _ = reader.read()
        let after = reader.read()
        // Under ASan Swift allocations would not show here, but the snapshot path is Swift calling C calling
        // jemalloc's mallctl, which would show either way; normally every allocation would.
        XCTAssertEqual(after.allocated, before.allocated)
        XCTAssertEqual(after.deallocated, before.deallocated)
    }

    func testDeltaIsFieldByFieldAndSigned() {
        let base = HeapSnapshot(allocated: 100, active: 4096, resident: 8192, mapped: 8192, metadata: 50,
                                retained: 0, thread: ThreadCounters(allocated: 1000, deallocated: 400))
        let now = HeapSnapshot(allocated: 60, active: 4096, resident: 12288, mapped: 4096, metadata: 70,
                               retained: 4096, thread: ThreadCounters(allocated: 1500, deallocated: 1400))
        let delta = now.delta(since: base)
        XCTAssertEqual(delta, HeapDelta(allocated: -40, active: 0, resident: 4096, mapped: -4096, metadata: 20,
                                        retained: 4096, threadAllocated: 500, threadDeallocated: 1000))
        XCTAssertEqual(delta.threadNet, -500)
        XCTAssertEqual(now.thread.net, 100)
    }

    func testPurgeLeavesResidentAtMostWhatItWas() {
        let blocks = (0..<256).map { _ in Jemalloc._directAllocate(byteCount: 64 << 10) }
        blocks.forEach(Jemalloc._directDeallocate)
        let before = HeapSnapshot.take()
        Jemalloc.purge()
        let after = HeapSnapshot.take()
        XCTAssertLessThanOrEqual(after.resident, before.resident)
        XCTAssertLessThanOrEqual(after.allocated, after.active)
        Jemalloc.decay()
    }

    func testThreadCacheCanBeTurnedOffAndOn() {
        XCTAssertTrue(Jemalloc.isThreadCacheEnabled, "jemalloc's default")
        Jemalloc.setThreadCacheEnabled(false)
        XCTAssertFalse(Jemalloc.isThreadCacheEnabled)
        let baseline = HeapSnapshot.take()
        let block = Jemalloc._directAllocate(byteCount: 200)
        XCTAssertEqual(HeapSnapshot.take().delta(since: baseline).allocated, Jemalloc.sizeClass(of: 200))
        Jemalloc._directDeallocate(block)
        XCTAssertEqual(HeapSnapshot.take().delta(since: baseline).allocated, 0)
        Jemalloc.setThreadCacheEnabled(true)
        XCTAssertTrue(Jemalloc.isThreadCacheEnabled)
    }

    // MARK: - Configuration and machine

    func testConfigurationIsDebiansJemalloc53() {
        let configuration = Jemalloc.configuration
        XCTAssertTrue(configuration.version.hasPrefix("5.3."), configuration.version)
        XCTAssertEqual(configuration.version, configuration.headerVersion)
        XCTAssertTrue(configuration.statsEnabled)
        XCTAssertGreaterThan(configuration.tcacheMax, 0)
        XCTAssertGreaterThan(configuration.arenaCount, 0)
        XCTAssertEqual(configuration.entries.count, 13)
        XCTAssertEqual(configuration.entries.first?.name, "version")
    }

    func testMachineInfo() {
        let machine = MachineInfo.current()
        XCTAssertGreaterThan(machine.cores, 0)
        XCTAssertGreaterThan(machine.physicalMemory, 1 << 28)
        XCTAssertLessThanOrEqual(machine.usableMemory, machine.physicalMemory)
        XCTAssertFalse(machine.cpuModel.isEmpty)
        XCTAssertTrue(machine.summary.hasPrefix(machine.cpuModel + ", "), machine.summary)
        XCTAssertEqual(BuildInfo.swiftCompilerVersion, "6.3")
    }

    func testMachineInfoParsing() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu\n"
        XCTAssertEqual(MachineInfo.cpuModel(fromCPUInfo: cpuinfo), "AMD EPYC 7B13")
        XCTAssertEqual(MachineInfo.cpuModel(fromCPUInfo: "processor : 0\nuarch : sifive,u74-mc\n"),
                       "sifive,u74-mc")
        XCTAssertEqual(MachineInfo.cpuModel(fromCPUInfo: ""), "unknown CPU")
        XCTAssertNil(MachineInfo.memoryLimit(fromCgroupMax: "max\n"))
        XCTAssertNil(MachineInfo.memoryLimit(fromCgroupMax: nil))
        XCTAssertEqual(MachineInfo.memoryLimit(fromCgroupMax: "8589934592\n"), 8 << 30)
        XCTAssertEqual(MachineInfo.gibibytes(25_276_510_208), "23.5 GiB")
        let limited = MachineInfo(cpuModel: "X", cores: 1, physicalMemory: 16 << 30, memoryLimit: 8 << 30)
        XCTAssertEqual(limited.summary, "X, 1 core, 16.0 GiB, limit 8.0 GiB")
        XCTAssertEqual(limited.usableMemory, 8 << 30)
    }
}

/// A value one thread sets and another polls.
private final class LockedBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int?
    func set(_ newValue: Int) { lock.withLock { value = newValue } }
    func get() -> Int? { lock.withLock { value } }
}

/// Whether the Swift side of this test target is compiled with AddressSanitizer.
private func _swiftIsAddressSanitized() -> Bool {
    // Swift has no compile-time sanitizer condition; the ASan runtime is linked in exactly when it is on.
    dlsym(nil, "__asan_init") != nil
}
