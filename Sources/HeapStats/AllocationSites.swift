internal import CHeapShim

/// Which code allocated the bytes: call stacks of sampled allocations, recorded through jemalloc's hooks.
///
/// While recording, every allocation of `threshold` bytes or more (its jemalloc size class) made on the
/// recording thread is recorded with its call stack (libunwind), and smaller ones are sampled byte-weighted:
/// a Poisson process over allocated bytes with mean interval `sampleRate`, each sample counting for
/// size / (1 - exp(-size / rate)) bytes, as jemalloc's prof and Go's pprof do. Frees of recorded blocks are
/// subtracted, so live bytes per stack are known; `markPeak()` copies them aside at the moment the caller
/// chooses (the sampler: when net allocation reaches a new high). The hooks never allocate through malloc
/// (their tables are mmap'd up front), so the heap figures measured alongside do not move.
///
/// Only one recording exists per process; start, mark and stop on the same thread.
public enum AllocationSites {
    /// How allocations are chosen for recording.
    public struct Options: Sendable, Hashable {
        /// Mean bytes between samples of allocations below the threshold.
        public var sampleRate: Int
        /// Allocations of at least this many bytes (size class) are all recorded, at their real size.
        public var threshold: Int
        /// Seed of the sampling's random source (same seed, same operations: same samples).
        public var seed: UInt64

        /// The default mean interval between samples: 16 KiB.
        public static let defaultSampleRate = 16 * 1024
        /// The default size from which every allocation is recorded: 64 KiB.
        public static let defaultThreshold = 64 * 1024

        /// Creates options.
        public init(sampleRate: Int = defaultSampleRate, threshold: Int = defaultThreshold, seed: UInt64 = 42) {
            precondition(sampleRate >= 1, "sampleRate must be at least 1 byte, got \(sampleRate)")
            precondition(threshold >= 0, "threshold must not be negative, got \(threshold)")
            self.sampleRate = sampleRate
            self.threshold = threshold
            self.seed = seed
        }
    }

    /// Why allocation sites cannot be recorded under AddressSanitizer.
    static let asanReason = "this is an AddressSanitizer build: ASan owns malloc, so jemalloc's hooks would see "
        + "no allocation; record allocation sites in a build without --sanitize=address"

    /// Throws when recording cannot work here: an AddressSanitizer build (ASan owns malloc, so jemalloc's
    /// hooks would see nothing), or jemalloc not being the process allocator. Allocates (it runs the allocator
    /// check): call it before measuring.
    public static func checkCanRecord() throws(AllocationSitesError) {
        if Jemalloc.isAddressSanitized {
            throw AllocationSitesError(reason: asanReason)
        }
        do {
            _ = try Jemalloc.verifyAllocator()
        } catch {
            throw AllocationSitesError(reason: "\(error)")
        }
    }

    /// Unwinds once so that libunwind's first-use allocations happen now, not inside a measured window.
    public static func prepare() {
        _ = unwindProbe()
        _ = unwindProbe()
    }

    /// Starts recording on the calling thread. Allocates nothing through malloc (call `prepare()` first).
    /// Throws under AddressSanitizer, or when jemalloc's hooks refuse; `checkCanRecord()` says more.
    public static func start(_ options: Options = Options()) throws(AllocationSitesError) {
        if Jemalloc.isAddressSanitized {
            throw AllocationSitesError(reason: asanReason)
        }
        let result = mh_sites_start(options.sampleRate, options.threshold, options.seed)
        switch result {
        case 0: return
        case EBUSY_: throw AllocationSitesError(reason: "allocation sites are already being recorded")
        case ENOTSUP_: throw AllocationSitesError(reason: "jemalloc is not the allocator in this build")
        case ENOMEM_: throw AllocationSitesError(reason: "cannot map the allocation-site tables")
        default:
            throw AllocationSitesError(reason: "jemalloc refused experimental.hooks.install (error \(result))")
        }
    }

    /// Stops recording (removes the hooks). The recorded stacks stay readable until `release()`.
    public static func stop() {
        let result = mh_sites_stop()
        assert(result == 0, "experimental.hooks.remove failed with \(result)")
    }

    /// Remembers every stack's live bytes now as its "at the peak" figure. Never allocates.
    @inline(__always)
    public static func markPeak() {
        mh_sites_mark_peak()
    }

    /// The stacks recorded so far (frames as return addresses, innermost first). Allocates: call it after
    /// `stop()`.
    public static func recordedStacks() -> [RecordedStack] {
        (0..<mh_sites_stack_count()).compactMap { index in
            guard let entry = mh_sites_stack_at(index)?.pointee else { return nil }
            let frames = withUnsafeBytes(of: entry.frames) { raw in
                Array(raw.bindMemory(to: UInt.self).prefix(Int(entry.depth)))
            }
            return RecordedStack(frames: frames, liveBytes: Int(entry.live_bytes),
                                 peakLiveBytes: Int(entry.peak_live_bytes), totalBytes: Int(entry.total_bytes),
                                 allocations: Int(entry.allocations), samples: Int(entry.samples))
        }
    }

    /// Recorded allocations dropped because a table was full (0 normally).
    public static var droppedSamples: Int { Int(mh_sites_dropped()) }

    /// Unmaps the tables of the last recording.
    public static func release() {
        mh_sites_release()
    }

    /// The number of frames libunwind finds from here (a check that unwinding works), or a negative error.
    public static func unwindProbe() -> Int {
        Int(mh_sites_unwind_probe())
    }
}

// errno values as the shim returns them (Glibc's are macros Swift imports as Int32 too; named here once).
private let EBUSY_: Int32 = 16
private let ENOMEM_: Int32 = 12
private let ENOTSUP_: Int32 = 95

/// Why allocation sites cannot be recorded.
public struct AllocationSitesError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public var reason: String
    /// "allocation sites cannot be recorded: <reason>".
    public var description: String { "allocation sites cannot be recorded: \(reason)" }
}

/// One distinct call stack and the bytes recorded at it. Bytes are jemalloc size classes; figures of
/// allocations below the threshold are estimates (sampled, byte-weighted).
public struct RecordedStack: Sendable, Hashable {
    /// Return addresses, innermost first (the first frames are the hook and jemalloc).
    public var frames: [UInt]
    /// Bytes allocated here and not freed when recording stopped.
    public var liveBytes: Int
    /// Bytes allocated here and not freed at the last `markPeak()`.
    public var peakLiveBytes: Int
    /// Bytes ever allocated here while recording.
    public var totalBytes: Int
    /// Allocations made here (estimated).
    public var allocations: Int
    /// Allocations actually recorded here.
    public var samples: Int

    /// Creates a stack from raw values.
    public init(frames: [UInt], liveBytes: Int, peakLiveBytes: Int, totalBytes: Int, allocations: Int,
                samples: Int) {
        self.frames = frames
        self.liveBytes = liveBytes
        self.peakLiveBytes = peakLiveBytes
        self.totalBytes = totalBytes
        self.allocations = allocations
        self.samples = samples
    }
}
