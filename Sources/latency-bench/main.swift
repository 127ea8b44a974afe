// latency-bench: what timing every insert costs.
//
// 1. The clocks: ns per read of CLOCK_MONOTONIC (`monotonicNanoseconds()`), CLOCK_MONOTONIC_RAW and
//    the calibrated cycle counter (`CalibratedClock`), the best of many short loops (a shared machine
//    only ever adds time), and the calibrated clock's drift against CLOCK_MONOTONIC over 200 ms.
// 2. Recording: ns per `InsertLatencyRecorder.record`, and the bytes it allocated (jemalloc's thread
//    counters: must be 0).
// 3. Inserts: N distinct Int64 keys into GoMap and into Dictionary, unsized, plain and with every insert
//    timed by each clock; median of `rounds`, the variants alternated so machine noise hits all alike.
//    Timed in thread CPU time (CLOCK_THREAD_CPUTIME_ID): on a machine shared with other builds, wall
//    time counts the time the bench waited for a core.
//
// Build in release: `swift run -c release latency-bench [N] [rounds]`. Quote the ratios.
import GoMap
import HeapStats
import InsertLatency

#if canImport(Glibc)
import Glibc
#endif

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

func fail(_ text: String) -> Never {
    _ = "latency-bench: \(text)\n".withCString { write(2, $0, strlen($0)) }
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
func argument(_ index: Int, default value: Int) -> Int {
    guard arguments.count > index else { return value }
    guard let parsed = Int(arguments[index]), parsed > 0 else {
        fail("argument \(index + 1) must be a positive integer; usage: latency-bench [N] [rounds]")
    }
    return parsed
}
do {
    try Jemalloc.verifyAllocator()
} catch {
    fail("\(error)")
}
let n = argument(0, default: 10_000_000)
let rounds = argument(1, default: 5)

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
func fixed(_ value: Double, _ digits: Int = 1) -> String {
    let scale = Double([1, 10, 100, 1000][digits])
    let scaled = Int((value * scale).rounded())
    let text = String(scaled / Int(scale))
    guard digits > 0 else { return text }
    let fraction = String(abs(scaled) % Int(scale))
    return text + "." + String(repeating: "0", count: digits - fraction.count) + fraction
}

// MARK: 1. Clocks

@inline(never)
func clockCost(_ read: () -> UInt64) -> Double {
    let reads = 100_000
    var best = Double.infinity
    var sink: UInt64 = 0
    for _ in 0..<100 {
        let start = monotonicNanoseconds()
        for _ in 0..<reads { sink &+= read() }
        best = min(best, Double(monotonicNanoseconds() &- start) / Double(reads))
    }
    blackHole(sink)
    return best
}

func cpuTime() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

func raw() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC_RAW, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

let calibrationStart = monotonicNanoseconds()
let cycles = CalibratedClock.calibrated()
let calibrationNanoseconds = monotonicNanoseconds() &- calibrationStart
guard cycles.usesCycleCounter else { fail("the cycle counter could not be calibrated") }
let monotonic = CalibratedClock.monotonic
print("latency-bench: \(MachineInfo.current().summary)")
print("clock                        ns per read (best of 100 x 100,000)")
print("CLOCK_MONOTONIC              \(fixed(clockCost { monotonicNanoseconds() }))")
print("CLOCK_MONOTONIC_RAW          \(fixed(clockCost(raw)))")
print("cycle counter                \(fixed(clockCost { cycles.now() }))")
print("cycle counter -> ns          \(fixed(clockCost { cycles.nanoseconds(cycles.now()) }))")
do {
    let ticks0 = cycles.now()
    let clock0 = monotonicNanoseconds()
    usleep(200_000)
    let ticks1 = cycles.now()
    let clock1 = monotonicNanoseconds()
    let counted = Double(cycles.nanoseconds(ticks1 &- ticks0))
    let drift = (counted - Double(clock1 &- clock0)) / Double(clock1 &- clock0) * 1e6
    print("calibration: \(fixed(cycles.nanosecondsPerTick, 3)) ns per tick,"
          + " took \(calibrationNanoseconds / 1_000_000) ms;"
          + " drift against CLOCK_MONOTONIC over 200 ms: \(fixed(drift)) ppm")
}

// MARK: 2. Recording

do {
    let recorder = InsertLatencyRecorder(clock: cycles, growthCapacity: 64)
    let counters = ThreadCounterReader()
    let values = 10_000_000
    var best = Double.infinity
    let before = counters.read()
    for _ in 0..<5 {
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        let start = monotonicNanoseconds()
        for _ in 0..<values {
            // 40 ns to 1.1 µs, with an odd long one: inserts' spread.
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            recorder.record(40 + (x & 0x3FF) + ((x >> 40) == 0 ? 1_000_000 : 0))
        }
        best = min(best, Double(monotonicNanoseconds() &- start) / Double(values))
    }
    let after = counters.read()
    print("record: \(fixed(best)) ns per value (best of 5 x 10M);"
          + " allocated while recording: \(after.allocated - before.allocated) bytes;"
          + " histogram count \(recorder.histogram.totalCount) = \(5 * values)")
}

// MARK: 3. Inserts

func key(_ i: Int) -> Int64 {
    var x = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
    x ^= x >> 29
    return Int64(bitPattern: x)
}

enum Timing: String, CaseIterable {
    case none = "plain"
    case cycles = "cycle counter"
    case monotonic = "CLOCK_MONOTONIC"
    case readsOnly = "reads only"
}

/// A map the insert bench fills: `insert` is `map[key] = true`.
protocol BenchMap {
    var count: Int { get }
    mutating func insert(_ key: Int64)
}

extension GoMap: BenchMap where Key == Int64, Value == Bool {
    @inline(__always) func insert(_ key: Int64) { self[key] = true }
}

extension Dictionary: BenchMap where Key == Int64, Value == Bool {
    @inline(__always) mutating func insert(_ key: Int64) { self[key] = true }
}

/// CPU ns per insert of keys 0..<n into `map`, each insert timed as `timing` says.
@inline(never)
func inserts<Map: BenchMap>(into map: inout Map, _ timing: Timing) -> Double {
    let recorder = InsertLatencyRecorder(clock: timing == .monotonic ? monotonic : cycles, growthCapacity: 64)
    let start = cpuTime()
    if timing == .none {
        for i in 0..<n { map.insert(key(i)) }
    } else if timing == .readsOnly {
        var sink: UInt64 = 0
        for i in 0..<n {
            let t0 = cycles.now()
            map.insert(key(i))
            sink &+= cycles.now() &- t0
        }
        blackHole(sink)
    } else {
        for i in 0..<n {
            recorder.beginInsert()
            map.insert(key(i))
            recorder.endInsert()
        }
    }
    let elapsed = cpuTime() &- start
    precondition(map.count == n && (timing == .none || timing == .readsOnly || recorder.inserts == n))
    blackHole(map)
    return Double(elapsed) / Double(n)
}

func goMap(_ timing: Timing) -> Double {
    var map = GoMap<Int64, Bool>(seed: 7)
    return inserts(into: &map, timing)
}

func dictionary(_ timing: Timing) -> Double {
    var map = [Int64: Bool]()
    return inserts(into: &map, timing)
}

print("\n\(n) Int64 keys unsized, CPU ns per insert, median of \(rounds) rounds (variants alternated);"
      + " \"reads only\": two cycle-counter reads per insert, no histogram")
print("map          plain   recorder, cycle counter   recorder, CLOCK_MONOTONIC   reads only")
for (name, run) in [("GoMap", goMap), ("Dictionary", dictionary)] {
    var times: [Timing: [Double]] = [:]
    for round in 0..<rounds {
        let order = round % 2 == 0 ? Timing.allCases : Timing.allCases.reversed()
        for timing in order { times[timing, default: []].append(run(timing)) }
    }
    let plain = median(times[.none] ?? [])
    func cell(_ timing: Timing) -> String {
        let value = median(times[timing] ?? [])
        let text = "\(fixed(value)) (x\(fixed(value / plain, 2)))"
        return text + String(repeating: " ", count: max(1, 26 - text.count))
    }
    print(name + String(repeating: " ", count: max(1, 12 - name.count)) + " \(fixed(plain))   "
          + cell(.cycles) + cell(.monotonic) + cell(.readsOnly))
}
