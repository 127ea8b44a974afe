internal import CHeapShim

/// A mallctl name resolved once to its MIB (the integer path jemalloc uses internally), stored inline so that
/// using it never allocates. Reads by MIB skip jemalloc's string parsing on the hot path, as
/// ordo-one/package-benchmark does.
@usableFromInline
struct _MIB: Sendable {
    /// The longest MIB mapheap needs is 3 components ("thread.peak.read"); 8 leaves room.
    @usableFromInline
    static let capacity = 8

    /// The components, inline; only the first `count` are meaningful.
    private var components: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// How many components the name resolved to.
    private(set) var count = 0

    /// jemalloc's result for the lookup: 0, or an errno value (ENOENT: no such name in this build).
    let lookupResult: Int32

    /// The name, for messages.
    let name: StaticString

    /// Resolves `name` (a mallctl name such as "stats.allocated").
    init(_ name: StaticString) {
        self.name = name
        var length = Self.capacity
        let cName = UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
        let result = withUnsafeMutableBytes(of: &components) { raw in
            mh_mib_lookup(cName, raw.baseAddress!.assumingMemoryBound(to: Int.self), &length)
        }
        lookupResult = result
        count = result == 0 ? length : 0
    }

    /// Whether the lookup succeeded.
    var isValid: Bool { lookupResult == 0 }

    /// Calls `body` with a pointer to the components and their count; no allocation.
    @inline(__always)
    func withComponents<R>(_ body: (UnsafePointer<Int>, Int) -> R) -> R {
        withUnsafeBytes(of: components) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: Int.self), count)
        }
    }

    /// Reads a `size_t` control; 0 if jemalloc refuses (asserted against in debug builds).
    @inline(__always)
    func readSize() -> Int {
        var value = 0
        let result = withComponents { mh_mib_read_size($0, $1, &value) }
        assert(result == 0, "mallctlbymib(\(name)) failed with \(result)")
        return value
    }

    /// Reads a `uint64_t` control, truncated to `Int` (2^63 bytes is out of reach); 0 if jemalloc refuses.
    @inline(__always)
    func readUInt64() -> Int {
        var value: UInt64 = 0
        let result = withComponents { mh_mib_read_u64($0, $1, &value) }
        assert(result == 0, "mallctlbymib(\(name)) failed with \(result)")
        return Int(truncatingIfNeeded: value)
    }

    /// Runs a `void` control; returns jemalloc's result.
    @discardableResult
    @inline(__always)
    func run() -> Int32 {
        withComponents { mh_mib_run($0, $1) }
    }
}

/// Every MIB HeapStats uses, looked up once per process (a lazily initialized global `let`).
struct _MIBTable: Sendable {
    let tcacheFlush = _MIB("thread.tcache.flush")
    let epoch = _MIB("epoch")
    let allocated = _MIB("stats.allocated")
    let active = _MIB("stats.active")
    let resident = _MIB("stats.resident")
    let mapped = _MIB("stats.mapped")
    let metadata = _MIB("stats.metadata")
    let retained = _MIB("stats.retained")
    let threadAllocated = _MIB("thread.allocated")
    let threadDeallocated = _MIB("thread.deallocated")
    let threadAllocatedPointer = _MIB("thread.allocatedp")
    let threadDeallocatedPointer = _MIB("thread.deallocatedp")
    let peakRead = _MIB("thread.peak.read")
    let peakReset = _MIB("thread.peak.reset")

    /// All of them, for validation and messages.
    var all: [_MIB] {
        [tcacheFlush, epoch, allocated, active, resident, mapped, metadata, retained, threadAllocated,
         threadDeallocated, threadAllocatedPointer, threadDeallocatedPointer, peakRead, peakReset]
    }

    /// The names jemalloc did not know (empty when all resolved).
    var unresolvedNames: [String] {
        all.filter { !$0.isValid }.map { "\($0.name)" }
    }

    /// Whether every name resolved.
    let isComplete: Bool

    init() {
        isComplete = [tcacheFlush, epoch, allocated, active, resident, mapped, metadata, retained, threadAllocated,
                      threadDeallocated, threadAllocatedPointer, threadDeallocatedPointer, peakRead, peakReset]
            .allSatisfy(\.isValid)
    }
}

/// The process-wide MIB table.
let _mibs = _MIBTable()
