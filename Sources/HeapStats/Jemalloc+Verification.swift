internal import CHeapShim

/// The evidence on whether jemalloc is the process allocator: Swift allocations of known sizes, and how far
/// each moved jemalloc's counters for the calling thread.
public struct AllocatorVerification: Sendable, Hashable {
    /// One Swift allocation (`UnsafeMutableRawPointer.allocate`, which reaches `malloc` through the Swift
    /// runtime) and what jemalloc saw of it.
    public struct Probe: Sendable, Hashable {
        /// Bytes requested.
        public var requested: Int
        /// jemalloc's size class for that request (`nallocx`).
        public var sizeClass: Int
        /// How far the allocation moved `thread.allocated`.
        public var allocatedMoved: Int
        /// How far freeing the block moved `thread.deallocated`.
        public var deallocatedMoved: Int

        /// Creates a probe from raw values.
        public init(requested: Int, sizeClass: Int, allocatedMoved: Int, deallocatedMoved: Int) {
            self.requested = requested
            self.sizeClass = sizeClass
            self.allocatedMoved = allocatedMoved
            self.deallocatedMoved = deallocatedMoved
        }

        /// Both counters moved by exactly the size class: jemalloc served the allocation and the free.
        public var matches: Bool { allocatedMoved == sizeClass && deallocatedMoved == sizeClass }
    }

    /// The probes, smallest request first.
    public var probes: [Probe]
    /// The controls HeapStats needs that this jemalloc lacks (empty normally).
    public var missingControls: [String]
    /// `config.stats` of the running jemalloc.
    public var statsEnabled: Bool
    /// The file defining the `malloc` the process calls (`Jemalloc.mallocProvider`).
    public var mallocProvider: String?
    /// Whether this build is address-sanitized (`Jemalloc.isAddressSanitized`).
    public var isAddressSanitized: Bool

    /// Creates a verification from raw values.
    public init(probes: [Probe], missingControls: [String], statsEnabled: Bool, mallocProvider: String?,
                isAddressSanitized: Bool) {
        self.probes = probes
        self.missingControls = missingControls
        self.statsEnabled = statsEnabled
        self.mallocProvider = mallocProvider
        self.isAddressSanitized = isAddressSanitized
    }

    /// jemalloc's statistics are there and every probe moved its counters by exactly its size class.
    public var isJemallocInCharge: Bool {
        statsEnabled && missingControls.isEmpty && !probes.isEmpty && probes.allSatisfy(\.matches)
    }

    /// One line per probe: "1000 B -> +1024 / -1024 (size class 1024) ok".
    public var probeLines: [String] {
        probes.map { probe in
            "\(probe.requested) B -> allocated +\(probe.allocatedMoved), deallocated +\(probe.deallocatedMoved)"
                + " (size class \(probe.sizeClass)) \(probe.matches ? "ok" : "MISMATCH")"
        }
    }

    /// What went wrong and what to do, or a one-line confirmation.
    public var explanation: String {
        if isJemallocInCharge {
            return "jemalloc is the process allocator: \(probes.count) Swift allocations moved jemalloc's "
                + "thread counters by exactly their size classes."
        }
        var text: String
        if !statsEnabled || !missingControls.isEmpty {
            let missing = missingControls.isEmpty ? "config.stats is false" : "missing \(missingControls)"
            text = "jemalloc has no statistics (\(missing)), so it cannot measure anything."
        } else {
            let failed = probes.first { !$0.matches } ?? probes[0]
            text = "jemalloc is not the process allocator: a Swift allocation of \(failed.requested) bytes moved "
                + "jemalloc's thread.allocated by \(failed.allocatedMoved) bytes instead of \(failed.sizeClass) "
                + "(its size class), so every heap figure would be wrong."
        }
        text += " malloc resolves to \(mallocProvider ?? "an unknown object")."
        if isAddressSanitized {
            text += " This is an AddressSanitizer build (--sanitize=address): ASan's interceptors own malloc, "
                + "which is expected there; measure with a build without sanitizers."
        }
        text += " To fix: install Debian's jemalloc (sudo apt-get install libjemalloc-dev), rebuild from clean "
            + "(rm -rf .build && swift build -c release --product mapheap) so the executable links "
            + "libjemalloc.so, and run without LD_PRELOAD of another allocator."
        return text
    }
}

/// Why HeapStats cannot measure.
public enum HeapStatsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// jemalloc does not serve the process's allocations, or has no statistics; the verification says which
    /// and what to do.
    case jemallocNotInCharge(AllocatorVerification)

    /// The explanation, with what to do.
    public var description: String {
        switch self {
        case .jemallocNotInCharge(let verification):
            return verification.explanation
        }
    }
}

extension Jemalloc {
    /// The requests the verification makes: a small, a mid-size and a page-multiple class, one larger than the
    /// thread cache's limit, and one large extent.
    public static let verificationSizes = [100, 1000, 5000, 40_000, 300_000]

    /// Makes Swift allocations of `verificationSizes` and records how far each moved jemalloc's counters for
    /// the calling thread; never throws (see `verifyAllocator()` for the throwing check).
    public static func probeAllocator() -> AllocatorVerification {
        let missing = _mibs.unresolvedNames
        let statsEnabled = configuration.statsEnabled
        var probes: [Probe] = []
        if missing.isEmpty && statsEnabled {
            probes.reserveCapacity(verificationSizes.count)
            let reader = ThreadCounterReader()
            for size in verificationSizes {
                probes.append(probe(size: size, reader: reader))
            }
        }
        return AllocatorVerification(probes: probes, missingControls: missing, statsEnabled: statsEnabled,
                                     mallocProvider: mallocProvider, isAddressSanitized: isAddressSanitized)
    }

    /// Checks that jemalloc is the process allocator: Swift allocations of known sizes must move jemalloc's
    /// per-thread counters by exactly their jemalloc size classes. Returns the evidence; throws
    /// `HeapStatsError.jemallocNotInCharge`, whose description says what to do, when they do not (for
    /// instance under `--sanitize=address`, where ASan owns malloc).
    @discardableResult
    public static func verifyAllocator() throws -> AllocatorVerification {
        let verification = probeAllocator()
        guard verification.isJemallocInCharge else {
            throw HeapStatsError.jemallocNotInCharge(verification)
        }
        return verification
    }

    private typealias Probe = AllocatorVerification.Probe

    /// Up to three attempts, so that a stray allocation by something else on this thread cannot fail the probe
    /// (none is expected: nothing runs between the two counter reads but the allocation itself).
    private static func probe(size: Int, reader: ThreadCounterReader) -> Probe {
        let sizeClass = self.sizeClass(of: size)
        var last = Probe(requested: size, sizeClass: sizeClass, allocatedMoved: 0, deallocatedMoved: 0)
        for _ in 0..<3 {
            let before = reader.read()
            let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            let allocated = reader.read()
            block.storeBytes(of: 0xA5, as: UInt8.self)
            block.deallocate()
            let freed = reader.read()
            last = Probe(requested: size, sizeClass: sizeClass, allocatedMoved: allocated.allocated - before.allocated,
                         deallocatedMoved: freed.deallocated - allocated.deallocated)
            if last.matches { break }
        }
        return last
    }
}
