// gomap-bench: the two Go map cores (GoMap, SwissMap) against Swift's Dictionary, in one
// process, on the same keys.
//
// Times inserting N distinct Int64 keys unsized and presized (Dictionary: reserveCapacity),
// then looking every one up, for the three maps, and prints ns per operation and the ratios
// SwissMap / Dictionary, SwissMap / GoMap and GoMap / Dictionary. Build in release:
// `swift run -c release gomap-bench [N] [rounds]`. Each figure is the median of `rounds`
// repetitions, rotating which map goes first so that machine noise hits all alike. Times are the
// thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a shared machine, time spent descheduled is not
// counted, though other processes still share the caches. Quote the ratios.
//
// The real Go runtime runs the same case in the same run: the Go peer's bench mode (`go-peer bench`,
// Sources/go-peer/bench.go: the same keys and sizing, thread CPU time on Linux), built by the
// harness's launcher (GoToolchains) into .toolchains/go-peer/<version>/, one process per round,
// interleaved with the Swift maps. It prints Go 1.27 and Go 1.23 per operation and the ratios
// SwissMap / Go 1.27 and GoMap / Go 1.23; a Go version not installed (scripts/setup.sh) is left out.
import Foundation
import GoMap
import HeapStats
import MapCore
import MapHeapRun
import SwissMap

#if canImport(Glibc)
import Glibc
#endif

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

let arguments = CommandLine.arguments.dropFirst()
func argument(_ index: Int, default value: Int) -> Int {
    guard arguments.count > index else { return value }
    guard let parsed = Int(arguments[arguments.startIndex + index]), parsed > 0 else {
        FileHandleStderr.write(
            "gomap-bench: argument \(index + 1) must be a positive integer; usage: gomap-bench [N] [rounds] [swissmap|gomap|dictionary]\n")
        exit(2)
    }
    return parsed
}

enum FileHandleStderr {
    static func write(_ text: String) { _ = text.withCString { Glibc.write(2, $0, strlen($0)) } }
}

// The bench runs under the allocator mapheap measures with: jemalloc, linked through HeapStats.
do {
    try Jemalloc.verifyAllocator()
} catch {
    FileHandleStderr.write("gomap-bench: \(error)\n")
    exit(1)
}

let n = argument(0, default: 10_000_000)
let rounds = argument(1, default: 3)
/// With a third argument, only that map runs (for profiling one map with perf); ratios need all three.
let only = arguments.count > 2 ? arguments[arguments.startIndex + 2] : nil
if let only, !["swissmap", "gomap", "dictionary"].contains(only) {
    FileHandleStderr.write("gomap-bench: argument 3 must be swissmap, gomap or dictionary\n")
    exit(2)
}

// Distinct keys in a scrambled order (a bijective multiply-xorshift of 0..<n), so neither map
// sees sorted input.
let keys: [Int64] = (0..<n).map { i in
    var x = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
    x ^= x >> 29
    return Int64(bitPattern: x)
}

/// The calling thread's CPU time in nanoseconds.
func threadNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

struct Timing {
    var insert: UInt64
    var lookup: UInt64
}

/// A Go peer to time: its Go version and its binary.
struct GoPeer {
    var version: String
    var path: String
}

/// The Go peers of Go 1.27 and 1.23, built as `mapheap run` builds them; none when one map runs alone.
let goPeers: [GoPeer] = only != nil ? [] : ["1.27.3", "1.23.9"].compactMap { version in
    guard let root = GoToolchains.projectRoot(), let toolchain = GoToolchains.find(version, root: root) else {
        FileHandleStderr.write("gomap-bench: Go \(version) is not installed (scripts/setup.sh): left out\n")
        return nil
    }
    switch GoToolchains.peer(toolchain: toolchain, experiment: "", root: root) {
    case .success(let path): return GoPeer(version: version, path: path)
    case .failure(let error):
        FileHandleStderr.write("gomap-bench: the Go peer does not build with Go \(version): \(error.firstLine)\n")
        exit(1)
    }
}

/// One round of the real Go map: `go-peer bench` in its own process (its keys made before its clock starts).
func runGo(_ peer: GoPeer, presized: Bool) -> Timing {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: peer.path)
    process.arguments = ["bench", "-keys", String(n), "-sizing", presized ? "presized" : "unsized"]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch {
        FileHandleStderr.write("gomap-bench: cannot run \(peer.path): \(error)\n")
        exit(1)
    }
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    var fields: [Substring: Substring] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.count == 2 { fields[parts[0]] = parts[1] }
    }
    guard process.terminationStatus == 0, fields["clock"] == "thread-cpu",
          let insert = fields["insert_ns_per_op"].flatMap({ Double($0) }),
          let lookup = fields["lookup_ns_per_op"].flatMap({ Double($0) }) else {
        FileHandleStderr.write("gomap-bench: go-peer bench (Go \(peer.version)) exited \(process.terminationStatus) "
                               + "or timed with another clock than thread CPU time: \(text)\n")
        exit(1)
    }
    return Timing(insert: UInt64((insert * Double(n)).rounded()), lookup: UInt64((lookup * Double(n)).rounded()))
}

/// Inserts every key into `map` (its subscript), then looks each up (`value(forKey:)`): the thread CPU
/// time of each pass. Generic over MapCore's GoMapModel, as mapheap's adapter is, and specialized for
/// each core.
@inline(never)
func run<Map: GoMapModel<Int64, Bool>>(_ map: Map, name: String) -> Timing {
    let t0 = threadNanoseconds()
    for k in keys { map[k] = true }
    let t1 = threadNanoseconds()
    var found = 0
    for k in keys where map.value(forKey: k) != nil { found += 1 }
    let t2 = threadNanoseconds()
    precondition(found == n && map.count == n, "\(name) lost keys: \(found) found, count \(map.count)")
    blackHole(map)
    return Timing(insert: t1 - t0, lookup: t2 - t1)
}

func runGoMap(presized: Bool) -> Timing {
    run(GoMap<Int64, Bool>(hint: presized ? n : 0, seed: 7), name: "GoMap")
}

func runSwissMap(presized: Bool) -> Timing {
    run(SwissMap<Int64, Bool>(hint: presized ? n : 0, seed: 7), name: "SwissMap")
}

@inline(never)
func runDictionary(presized: Bool) -> Timing {
    var map = [Int64: Bool]()
    if presized { map.reserveCapacity(n) }
    let t0 = threadNanoseconds()
    for k in keys { map[k] = true }
    let t1 = threadNanoseconds()
    var found = 0
    for k in keys where map[k] != nil { found += 1 }
    let t2 = threadNanoseconds()
    precondition(found == n && map.count == n, "Dictionary lost keys")
    blackHole(map)
    return Timing(insert: t1 - t0, lookup: t2 - t1)
}

func median(_ values: [UInt64]) -> Double {
    if values.isEmpty { return .nan }  // a map left out by argument 3
    let sorted = values.sorted()
    return Double(sorted[sorted.count / 2])
}

func format(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "-" }
    var text = String(Int((value * pow(10, Double(digits))).rounded()))
    while text.count <= digits { text = "0" + text }
    guard digits > 0 else { return text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    return text
}

print("gomap-bench: \(n) distinct Int64 keys -> Bool, median of \(rounds) rounds, "
      + "ns of thread CPU time per operation, jemalloc \(Jemalloc.version.prefix(5)), \(MachineInfo.current().summary)")
print("case               SwissMap   GoMap   Dictionary   Swiss/Dict   Swiss/Go   Go/Dict")
var goLines: [String] = []
for presized in [false, true] {
    // SwissMap, GoMap, Dictionary, then the Go peers.
    let runners = [runSwissMap, runGoMap, runDictionary] + goPeers.map { peer in { runGo(peer, presized: $0) } }
    var runs: [[Timing]] = Array(repeating: [], count: runners.count)
    for round in 0..<rounds {
        // Rotate which map goes first so drift on the machine falls on all alike.
        for offset in 0..<runners.count {
            let which = (round + offset) % runners.count
            if which < 3, let only, only != ["swissmap", "gomap", "dictionary"][which] { continue }
            runs[which].append(runners[which](presized))
        }
    }
    let label = presized ? "presized" : "unsized"
    for (name, pick) in [("insert", { (t: Timing) in t.insert }), ("lookup", { (t: Timing) in t.lookup })]
    where !goPeers.isEmpty {
        let sw = median(runs[0].map(pick)) / Double(n)
        let go = median(runs[1].map(pick)) / Double(n)
        let real = goPeers.indices.map { (goPeers[$0].version, median(runs[3 + $0].map(pick)) / Double(n)) }
        let go127 = real.first { $0.0.hasPrefix("1.27.") }?.1 ?? .nan
        let go123 = real.first { $0.0.hasPrefix("1.23.") }?.1 ?? .nan
        let columns = [
            format(go127, 1).leftPad(8), format(go123, 1).leftPad(9),
            format(sw / go127, 2).leftPad(14), format(go / go123, 2).leftPad(14),
        ]
        goLines.append("\(label) \(name)".rightPad(16) + " " + columns.joined(separator: " "))
    }
    for (name, pick) in [("insert", { (t: Timing) in t.insert }), ("lookup", { (t: Timing) in t.lookup })] {
        let sw = median(runs[0].map(pick)) / Double(n)
        let go = median(runs[1].map(pick)) / Double(n)
        let dict = median(runs[2].map(pick)) / Double(n)
        let columns = [
            format(sw, 1).leftPad(9), format(go, 1).leftPad(7), format(dict, 1).leftPad(12),
            format(sw / dict, 2).leftPad(12), format(sw / go, 2).leftPad(10), format(go / dict, 2).leftPad(9),
        ]
        print("\(label) \(name)".rightPad(16) + " " + columns.joined(separator: " "))
    }
}

if !goLines.isEmpty {
    print("the real Go runtime (go-peer bench, \(goPeers.map { "Go " + $0.version }.joined(separator: ", ")), "
          + "same keys and sizing, median of \(rounds) rounds, ns of thread CPU time per operation):")
    print("case              Go 1.27   Go 1.23   Swiss/Go1.27   GoMap/Go1.23")
    goLines.forEach { print($0) }
}

extension String {
    func rightPad(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
