// The clock that times each insert. It is read twice per insert, so its cost is the recorder's
// cost: on this project's machines (x86-64 VMs, TSC clocksource) a vDSO `clock_gettime` costs
// about 50 ns and `rdtsc` about 17 ns (docs/measurements.md, "The clocks"), so the recorder counts cycles and turns
// them into nanoseconds with a factor calibrated against CLOCK_MONOTONIC_RAW when it is made.
import CCycleCounter

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A clock the latency recorder reads around every insert.
public protocol InsertClock {
    /// Now, in the clock's own ticks.
    func now() -> UInt64
    /// An interval of `ticks` in nanoseconds.
    func nanoseconds(_ ticks: UInt64) -> UInt64
}

/// The cycle counter (x86-64 `rdtsc`, arm64 `cntvct_el0`) with a calibrated tick length, or
/// CLOCK_MONOTONIC when the counter cannot be calibrated.
///
/// The counter must tick at a constant rate for this to hold: on x86-64 Linux that is the
/// `constant_tsc`/`nonstop_tsc` processors (every machine this project runs on); calibration
/// measures the rate twice and falls back to CLOCK_MONOTONIC when the two disagree.
public struct CalibratedClock: InsertClock, Sendable {
    /// Whether ticks are the cycle counter's; otherwise they are CLOCK_MONOTONIC nanoseconds.
    public let usesCycleCounter: Bool
    /// Nanoseconds per tick in 32.32 fixed point (1 << 32 for CLOCK_MONOTONIC).
    @usableFromInline
    let nanosecondsPerTickQ32: UInt64

    /// Nanoseconds per tick, as calibrated.
    public var nanosecondsPerTick: Double { Double(nanosecondsPerTickQ32) / 4_294_967_296 }

    /// CLOCK_MONOTONIC itself (one tick is one nanosecond).
    public static let monotonic = CalibratedClock(usesCycleCounter: false, nanosecondsPerTickQ32: 1 << 32)

    init(usesCycleCounter: Bool, nanosecondsPerTickQ32: UInt64) {
        self.usesCycleCounter = usesCycleCounter
        self.nanosecondsPerTickQ32 = nanosecondsPerTickQ32
    }

    /// Calibrates the cycle counter against CLOCK_MONOTONIC_RAW over two intervals of
    /// `interval` nanoseconds, and returns `.monotonic` when the counter is missing or the two
    /// rates differ by more than `tolerance` (relative) three times in a row.
    public static func calibrated(interval: UInt64 = 10_000_000, tolerance: Double = 1e-3) -> CalibratedClock {
        guard mh_cycle_counter_available() != 0 else { return .monotonic }
        for _ in 0..<3 {
            let first = _measureTicksPerNanosecond(over: interval)
            let second = _measureTicksPerNanosecond(over: interval)
            guard first > 0, second > 0, abs(first - second) / first <= tolerance else { continue }
            let nanosecondsPerTick = 2 / (first + second)
            return CalibratedClock(usesCycleCounter: true,
                                   nanosecondsPerTickQ32: UInt64((nanosecondsPerTick * 4_294_967_296).rounded()))
        }
        return .monotonic
    }

    /// Now: the cycle counter, or CLOCK_MONOTONIC in nanoseconds.
    @inlinable
    @inline(__always)
    public func now() -> UInt64 {
        if usesCycleCounter { return mh_cycle_counter_read() }
        return _clockNanoseconds(CLOCK_MONOTONIC)
    }

    /// `ticks` times the calibrated tick length: one full-width multiply, no floating point.
    @inlinable
    @inline(__always)
    public func nanoseconds(_ ticks: UInt64) -> UInt64 {
        let product = ticks.multipliedFullWidth(by: nanosecondsPerTickQ32)
        return product.high << 32 | product.low >> 32
    }
}

/// `clock_gettime(id)` in nanoseconds.
@inlinable
@inline(__always)
func _clockNanoseconds(_ id: clockid_t) -> UInt64 {
    var time = timespec()
    clock_gettime(id, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

/// Cycle-counter ticks per nanosecond of CLOCK_MONOTONIC_RAW over about `interval` nanoseconds.
/// Each end is the tightest of five (counter, clock, counter) brackets, so a preemption between
/// two reads does not skew it; 0 when the counter did not advance.
func _measureTicksPerNanosecond(over interval: UInt64) -> Double {
    func pair() -> (ticks: Double, nanoseconds: Double) {
        var best = (width: UInt64.max, ticks: 0.0, nanoseconds: 0.0)
        for _ in 0..<5 {
            let before = mh_cycle_counter_read()
            let clock = _clockNanoseconds(CLOCK_MONOTONIC_RAW)
            let after = mh_cycle_counter_read()
            if after &- before < best.width {
                best = (after &- before, Double(before) / 2 + Double(after) / 2, Double(clock))
            }
        }
        return (best.ticks, best.nanoseconds)
    }
    let start = pair()
    var pause = timespec(tv_sec: Int(interval / 1_000_000_000), tv_nsec: Int(interval % 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&pause, &remaining) != 0 { pause = remaining }
    let end = pair()
    let ticks = end.ticks - start.ticks
    let nanoseconds = end.nanoseconds - start.nanoseconds
    return ticks > 0 && nanoseconds > 0 ? ticks / nanoseconds : 0
}
