// Times every insert of a workload into a histogram, without allocating.
//
// The loop brackets each insert with `beginInsert()` and `endInsert()`. Between them the insert may
// cause work that is not the map's: the harness samples the heap at growth events (8-25 µs each). The
// sampler says how long that took with `excludeFromCurrentInsert(nanoseconds:)`, and `endInsert()`
// subtracts it, so an insert's latency is the map's own.
//
// Growths: the sampler marks `growthStarted()` and `growthFinished()` inside the inserts where they
// happen. A growth's figure is the longest insert from the one that started it to the one that
// finished it, both included: for GoMap's incremental growth that covers every insert that evacuated
// buckets; for a growth that completes at once it is the insert that triggered it. A growth a loop
// notices only after the insert (a Swift peer's reallocation) is marked `growthCompletedByLastInsert()`.
//
// Everything the hot path touches is allocated in `init` (the histogram's counters included), behind
// one pointer, so recording neither allocates nor goes through exclusivity checks.
import Histogram

/// Records the latency of every insert, the longest one per sample window, and the longest one per
/// growth.
public final class InsertLatencyRecorder<Clock: InsertClock> {
    /// The clock every insert is timed with.
    public let clock: Clock
    /// How many growths have room for a figure; later growths are counted in `growthsDropped`.
    public let growthCapacity: Int
    @usableFromInline
    let state: UnsafeMutablePointer<_RecorderState>
    @usableFromInline
    let growthMaxima: UnsafeMutablePointer<GrowthLatency>

    /// Makes a recorder with its histogram and room for `growthCapacity` growths: call it before the
    /// measurement's baseline.
    public init(clock: Clock, growthCapacity: Int) {
        precondition(growthCapacity >= 0, "growthCapacity must not be negative")
        self.clock = clock
        self.growthCapacity = growthCapacity
        state = .allocate(capacity: 1)
        state.initialize(to: _RecorderState(histogram: LatencyLayout.makeHistogram()))
        growthMaxima = .allocate(capacity: max(1, growthCapacity))
        growthMaxima.initialize(repeating: GrowthLatency(maxNanoseconds: 0, insertIndex: -1),
                                count: max(1, growthCapacity))
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
        growthMaxima.deinitialize(count: max(1, growthCapacity))
        growthMaxima.deallocate()
    }

    // MARK: The hot path

    /// Starts timing an insert.
    @inlinable
    @inline(__always)
    public func beginInsert() {
        state.pointee.start = clock.now()
    }

    /// Stops timing the insert begun last and records it, less what was excluded from it.
    @inlinable
    @inline(__always)
    public func endInsert() {
        let elapsed = clock.nanoseconds(clock.now() &- state.pointee.start)
        record(elapsed)
    }

    /// Records one insert of `elapsed` nanoseconds (before exclusions): what `endInsert()` does after
    /// reading the clock.
    @inlinable
    @inline(__always)
    public func record(_ elapsed: UInt64) {
        let s = state
        let excluded = s.pointee.excluded
        let nanoseconds = elapsed > excluded ? elapsed &- excluded : 0
        s.pointee.excluded = 0
        s.pointee.histogram.record(min(nanoseconds, LatencyLayout.highestTrackableNanoseconds))
        let index = s.pointee.inserts
        s.pointee.inserts = index &+ 1
        s.pointee.last = nanoseconds
        if nanoseconds > s.pointee.windowMax {
            s.pointee.windowMax = nanoseconds
            if nanoseconds > s.pointee.max {
                s.pointee.max = nanoseconds
                s.pointee.maxIndex = index
            }
        }
        if s.pointee.growthWindowsOpen {
            recordInGrowths(nanoseconds, index: index)
        }
    }

    /// Updates the open and the closing growth with the insert just timed.
    @usableFromInline
    func recordInGrowths(_ nanoseconds: UInt64, index: Int) {
        let s = state
        // Both can be set: GoMap's insert that finishes one growth can start the next.
        update(s.pointee.closingGrowth, nanoseconds, index: index)
        update(s.pointee.openGrowth, nanoseconds, index: index)
        s.pointee.closingGrowth = -1
        s.pointee.growthWindowsOpen = s.pointee.openGrowth >= 0
    }

    /// Makes insert `index` growth `ordinal`'s figure if it is the longest so far (-1: no growth).
    @inline(__always)
    private func update(_ ordinal: Int, _ nanoseconds: UInt64, index: Int) {
        guard ordinal >= 0, nanoseconds >= growthMaxima[ordinal].maxNanoseconds else { return }
        growthMaxima[ordinal] = GrowthLatency(maxNanoseconds: nanoseconds, insertIndex: index)
    }

    // MARK: What the sampler reports

    /// Leaves `nanoseconds` out of the insert being timed: time spent inside it on work that is not
    /// the map's (sampling). Outside an insert it applies to the next one.
    @inlinable
    public func excludeFromCurrentInsert(nanoseconds: UInt64) {
        state.pointee.excluded &+= nanoseconds
    }

    /// A growth started inside the insert being timed: it is the next growth (ordinal
    /// `growthsStarted`), and its figure starts with this insert.
    public func growthStarted() {
        guard let ordinal = nextGrowth() else { return }
        state.pointee.openGrowth = ordinal
        state.pointee.growthWindowsOpen = true
    }

    /// The growth started last finished inside the insert being timed: its figure ends with this
    /// insert. Without an open growth (one that had no room) it does nothing.
    public func growthFinished() {
        guard state.pointee.openGrowth >= 0 else { return }
        state.pointee.closingGrowth = state.pointee.openGrowth
        state.pointee.openGrowth = -1
    }

    /// A growth that the last insert timed caused and completed (noticed after it): the next
    /// growth's figure is that insert.
    public func growthCompletedByLastInsert() {
        guard let ordinal = nextGrowth() else { return }
        growthMaxima[ordinal] = GrowthLatency(maxNanoseconds: state.pointee.last,
                                              insertIndex: state.pointee.inserts - 1)
    }

    /// Counts a new growth and returns its ordinal, or nil (counted as dropped) when the growth
    /// figures have no room for it.
    private func nextGrowth() -> Int? {
        let ordinal = state.pointee.growths
        state.pointee.growths += 1
        guard ordinal < growthCapacity else {
            state.pointee.growthsDropped += 1
            return nil
        }
        return ordinal
    }

    /// The longest insert since the last call (or since the start), and starts a new window: the
    /// figure of one sample window.
    public func takeWindowMaximum() -> UInt64 {
        defer { state.pointee.windowMax = 0 }
        return state.pointee.windowMax
    }

    // MARK: Results

    /// Inserts recorded.
    public var inserts: Int { state.pointee.inserts }
    /// The longest insert recorded, exact (0 before the first).
    public var maxNanoseconds: UInt64 { state.pointee.max }
    /// Which insert was the longest (0-based), or -1 before the first.
    public var maxInsertIndex: Int { state.pointee.maxIndex }
    /// The last insert recorded, less exclusions.
    public var lastNanoseconds: UInt64 { state.pointee.last }
    /// Growths marked so far.
    public var growthsStarted: Int { state.pointee.growths }
    /// Growths that had no room for a figure (beyond `growthCapacity`).
    public var growthsDropped: Int { state.pointee.growthsDropped }
    /// The histogram of every insert (a copy: read it after measuring).
    public var histogram: Histogram<UInt64> { state.pointee.histogram }

    /// The longest insert of growth `ordinal` (0-based, in the order growths were marked), or nil when
    /// it had no room or no insert was timed in it yet.
    public func growthLatency(_ ordinal: Int) -> GrowthLatency? {
        guard ordinal >= 0, ordinal < min(growthCapacity, state.pointee.growths) else { return nil }
        let value = growthMaxima[ordinal]
        return value.insertIndex >= 0 ? value : nil
    }

    /// The quantiles, exact maximum and buckets of every insert so far.
    public func summary() -> LatencySummary {
        LatencySummary(histogram: state.pointee.histogram, maxNanoseconds: state.pointee.max,
                       maxInsertIndex: state.pointee.maxIndex)
    }
}

/// The longest insert of one growth.
public struct GrowthLatency: Hashable, Sendable {
    /// Its latency, less exclusions.
    public var maxNanoseconds: UInt64
    /// Which insert it was (0-based).
    public var insertIndex: Int

    /// Creates a figure.
    public init(maxNanoseconds: UInt64, insertIndex: Int) {
        self.maxNanoseconds = maxNanoseconds
        self.insertIndex = insertIndex
    }
}

/// The recorder's mutable state, behind one pointer.
@usableFromInline
struct _RecorderState {
    /// Every insert's latency.
    @usableFromInline var histogram: Histogram<UInt64>
    /// When the insert being timed began, in clock ticks.
    @usableFromInline var start: UInt64 = 0
    /// Nanoseconds to leave out of the insert being timed.
    @usableFromInline var excluded: UInt64 = 0
    /// Inserts recorded.
    @usableFromInline var inserts = 0
    /// The last insert's latency.
    @usableFromInline var last: UInt64 = 0
    /// The longest insert since `takeWindowMaximum()`.
    @usableFromInline var windowMax: UInt64 = 0
    /// The longest insert, and which it was.
    @usableFromInline var max: UInt64 = 0
    @usableFromInline var maxIndex = -1
    /// Growths marked, and those without room.
    @usableFromInline var growths = 0
    @usableFromInline var growthsDropped = 0
    /// The growth in progress, or -1.
    @usableFromInline var openGrowth = -1
    /// The growth that finished inside the insert being timed, or -1.
    @usableFromInline var closingGrowth = -1
    /// Whether `openGrowth` or `closingGrowth` is set (one test on the hot path).
    @usableFromInline var growthWindowsOpen = false

    @usableFromInline
    init(histogram: Histogram<UInt64>) {
        self.histogram = histogram
    }
}
