internal import CHeapShim

/// jemalloc, the allocator mapheap measures with: its size classes, arena maintenance, version and settings.
///
/// Debian's libjemalloc 5.3 is linked into the executable without a symbol prefix, so its `malloc` should be
/// the one every Swift allocation reaches. `verifyAllocator()` checks that instead of assuming it.
public enum Jemalloc {
    /// The size class jemalloc rounds a request of `byteCount` bytes up to (`nallocx`): what an allocation of
    /// that size adds to `thread.allocated` and `stats.allocated`.
    public static func sizeClass(of byteCount: Int) -> Int {
        precondition(byteCount > 0, "sizeClass(of:) needs a positive byte count, got \(byteCount)")
        let size = mh_nallocx(byteCount)
        precondition(size > 0, "jemalloc has no size class for \(byteCount) bytes")
        return size
    }

    /// Returns unused pages of every arena to the system, after flushing the calling thread's cache, so that
    /// `HeapSnapshot.resident` afterwards counts live data and metadata rather than pages freed earlier.
    /// Call it between workloads; other threads' caches are not flushed.
    public static func purge() {
        precondition(_mibs.isComplete, "jemalloc lacks the controls HeapStats needs: \(_mibs.unresolvedNames)")
        _mibs.tcacheFlush.run()
        let result = mh_purge_all_arenas()
        assert(result == 0, "arena.<all>.purge failed with \(result)")
    }

    /// Runs jemalloc's time-based decay on every arena now: purges the dirty and muzzy pages that
    /// `opt.dirty_decay_ms` / `opt.muzzy_decay_ms` say are due, as jemalloc would do lazily on its own.
    public static func decay() {
        let result = mh_decay_all_arenas()
        assert(result == 0, "arena.<all>.decay failed with \(result)")
    }

    /// Whether the calling thread keeps freed small blocks in a thread cache (`thread.tcache.enabled`).
    public static var isThreadCacheEnabled: Bool {
        readBool("thread.tcache.enabled") ?? false
    }

    /// Turns the calling thread's cache on or off (`thread.tcache.enabled`); turning it off flushes it.
    ///
    /// With the cache off, jemalloc's totals are exact at every instant (no block sits in a cache counted as
    /// allocated) and `HeapSnapshot.take()` has no flush work, so it is cheaper; each small malloc/free then
    /// takes its arena bin's lock instead, which is slower but does not change what is allocated.
    public static func setThreadCacheEnabled(_ enabled: Bool) {
        let result = mh_write_bool("thread.tcache.enabled", enabled)
        precondition(result == 0, "jemalloc refused thread.tcache.enabled = \(enabled) (\(result))")
    }

    /// Looks up every control HeapStats reads, flushes the calling thread's cache and takes one snapshot, so
    /// that later snapshots and counter readers on this thread neither allocate nor pay first-use costs.
    public static func prepare() {
        precondition(_mibs.isComplete, "jemalloc lacks the controls HeapStats needs: \(_mibs.unresolvedNames)")
        _ = HeapSnapshot.take()
        _ = ThreadPeak.read()
    }

    /// The jemalloc version the process runs (the `version` control), e.g. "5.3.0-0-g54eaed1d...".
    public static var version: String {
        readString("version") ?? "unknown"
    }

    /// The jemalloc version of the header mapheap was compiled against (`JEMALLOC_VERSION`).
    public static var headerVersion: String {
        String(cString: mh_header_version())
    }

    /// jemalloc's build configuration and run-time options that bear on mapheap's figures.
    public static var configuration: JemallocConfiguration {
        JemallocConfiguration(
            version: version,
            headerVersion: headerVersion,
            statsEnabled: readBool("config.stats") ?? false,
            debug: readBool("config.debug") ?? false,
            profiling: readBool("config.prof") ?? false,
            tcache: readBool("opt.tcache") ?? false,
            tcacheMax: readSize("opt.tcache_max") ?? 0,
            arenaCount: readUnsigned("opt.narenas") ?? 0,
            dirtyDecayMilliseconds: readSSize("opt.dirty_decay_ms") ?? 0,
            muzzyDecayMilliseconds: readSSize("opt.muzzy_decay_ms") ?? 0,
            backgroundThread: readBool("opt.background_thread") ?? false,
            retain: readBool("opt.retain") ?? false,
            transparentHugePages: readString("opt.thp") ?? "unknown",
            pageSize: readSize("arenas.page") ?? 0
        )
    }

    /// Whether mapheap's C code was compiled with AddressSanitizer (`swift build --sanitize=address`). In such
    /// a build ASan's interceptors own `malloc`, so jemalloc is not the process allocator.
    public static var isAddressSanitized: Bool {
        mh_built_with_address_sanitizer() != 0
    }

    /// The file that defines the `malloc` this process calls, as the dynamic linker resolved it: libjemalloc's
    /// path when jemalloc is in charge, libc's or the executable's (ASan) otherwise; nil if unknown.
    public static var mallocProvider: String? {
        mh_malloc_provider().map { String(cString: $0) }
    }

    /// Allocates `byteCount` bytes from jemalloc directly (`mallocx`), whatever `malloc` resolves to.
    static func _directAllocate(byteCount: Int) -> UnsafeMutableRawPointer {
        precondition(byteCount > 0, "_directAllocate needs a positive byte count")
        guard let pointer = mh_mallocx(byteCount) else {
            preconditionFailure("jemalloc could not allocate \(byteCount) bytes")
        }
        return pointer
    }

    /// Frees a block from `_directAllocate` (`dallocx`).
    static func _directDeallocate(_ pointer: UnsafeMutableRawPointer) {
        mh_dallocx(pointer)
    }

    private static func readBool(_ name: String) -> Bool? {
        var value = false
        return mh_read_bool(name, &value) == 0 ? value : nil
    }

    private static func readUnsigned(_ name: String) -> Int? {
        var value: UInt32 = 0
        return mh_read_unsigned(name, &value) == 0 ? Int(value) : nil
    }

    private static func readSize(_ name: String) -> Int? {
        var value = 0
        return mh_read_size(name, &value) == 0 ? value : nil
    }

    private static func readSSize(_ name: String) -> Int? {
        var value = 0
        return mh_read_ssize(name, &value) == 0 ? value : nil
    }

    private static func readString(_ name: String) -> String? {
        var value: UnsafePointer<CChar>?
        guard mh_read_string(name, &value) == 0, let value else { return nil }
        return String(cString: value)
    }
}

/// jemalloc's build configuration (`config.*`) and run-time options (`opt.*`, `arenas.page`) that matter when
/// reading mapheap's figures.
public struct JemallocConfiguration: Sendable, Hashable {
    /// Version the process runs (`version`).
    public var version: String
    /// Version of the header mapheap was compiled against (`JEMALLOC_VERSION`).
    public var headerVersion: String
    /// Statistics compiled in (`config.stats`); without them every `stats.*` and `thread.*` figure is missing.
    public var statsEnabled: Bool
    /// A debug build of jemalloc (`config.debug`); slower, with extra checks.
    public var debug: Bool
    /// Heap profiling compiled in (`config.prof`).
    public var profiling: Bool
    /// Thread caches enabled (`opt.tcache`); cached blocks are flushed before each snapshot.
    public var tcache: Bool
    /// Largest size class kept in thread caches, in bytes (`opt.tcache_max`).
    public var tcacheMax: Int
    /// Maximum number of automatic arenas (`opt.narenas`; default four per CPU).
    public var arenaCount: Int
    /// Time before unused dirty pages become muzzy or are purged, in ms (`opt.dirty_decay_ms`; -1: never).
    public var dirtyDecayMilliseconds: Int
    /// Time before muzzy pages are purged, in ms (`opt.muzzy_decay_ms`; -1: never, 0: at once).
    public var muzzyDecayMilliseconds: Int
    /// Background purging threads enabled (`opt.background_thread`).
    public var backgroundThread: Bool
    /// Virtual memory is retained rather than unmapped (`opt.retain`); shows up in `stats.retained`.
    public var retain: Bool
    /// Transparent huge page mode (`opt.thp`).
    public var transparentHugePages: String
    /// jemalloc's page size in bytes (`arenas.page`).
    public var pageSize: Int

    /// Creates a configuration from raw values.
    public init(version: String, headerVersion: String, statsEnabled: Bool, debug: Bool, profiling: Bool,
                tcache: Bool, tcacheMax: Int, arenaCount: Int, dirtyDecayMilliseconds: Int,
                muzzyDecayMilliseconds: Int, backgroundThread: Bool, retain: Bool, transparentHugePages: String,
                pageSize: Int) {
        self.version = version
        self.headerVersion = headerVersion
        self.statsEnabled = statsEnabled
        self.debug = debug
        self.profiling = profiling
        self.tcache = tcache
        self.tcacheMax = tcacheMax
        self.arenaCount = arenaCount
        self.dirtyDecayMilliseconds = dirtyDecayMilliseconds
        self.muzzyDecayMilliseconds = muzzyDecayMilliseconds
        self.backgroundThread = backgroundThread
        self.retain = retain
        self.transparentHugePages = transparentHugePages
        self.pageSize = pageSize
    }

    /// The values as (mallctl name, value) pairs, in a stable order, for printing.
    public var entries: [(name: String, value: String)] {
        [
            ("version", version),
            ("config.stats", "\(statsEnabled)"),
            ("config.debug", "\(debug)"),
            ("config.prof", "\(profiling)"),
            ("opt.tcache", "\(tcache)"),
            ("opt.tcache_max", "\(tcacheMax)"),
            ("opt.narenas", "\(arenaCount)"),
            ("opt.dirty_decay_ms", "\(dirtyDecayMilliseconds)"),
            ("opt.muzzy_decay_ms", "\(muzzyDecayMilliseconds)"),
            ("opt.background_thread", "\(backgroundThread)"),
            ("opt.retain", "\(retain)"),
            ("opt.thp", transparentHugePages),
            ("arenas.page", "\(pageSize)"),
        ]
    }
}
