// Shared helpers: a seeded PRNG, the allocator's usable size, test key and value types, and
// Go's rules restated independently of GoMap's own code (so a wrong rule in GoMap fails here).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XCTest
@testable import GoMap

/// SplitMix64: a tiny seeded generator, so every random test reproduces from its seed.
struct SplitMix64: RandomNumberGenerator {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A number in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// `malloc_usable_size` of a block, looked up the way a C caller would resolve it.
func usableSize(_ block: UnsafeMutableRawPointer) -> Int {
    typealias Function = @convention(c) (UnsafeMutableRawPointer?) -> Int
    #if canImport(Darwin)
    return malloc_size(block)
    #else
    guard let symbol = dlsym(nil, "malloc_usable_size") else { fatalError("no malloc_usable_size") }
    return unsafeBitCast(symbol, to: Function.self)(block)
    #endif
}

/// The sum of the usable sizes of every block the map says it holds, and how many there are.
func measuredBlocks<K, V>(_ map: GoMap<K, V>) -> (bytes: Int, blocks: Int) {
    var bytes = 0
    var blocks = 0
    var seen = Set<UnsafeMutableRawPointer>()
    map.forEachBlock { block in
        precondition(seen.insert(block).inserted, "forEachBlock reported a block twice")
        bytes += usableSize(block)
        blocks += 1
    }
    return (bytes, blocks)
}

// MARK: Go's rules, restated for the tests

/// overLoadFactor from map.go: count > 8 && count > 13 * (2^B / 2).
func ruleOverLoadFactor(_ count: Int, _ b: Int) -> Bool {
    count > 8 && count > 13 * ((1 << b) / 2)
}

/// makemap's B for a hint: the smallest B with `hint` entries not over the load factor.
func ruleB(forHint hint: Int) -> Int {
    var b = 0
    while ruleOverLoadFactor(hint, b) { b += 1 }
    return b
}

/// The count at which an insert of a new key starts a doubling from B (the insert that finds
/// count + 1 over the load factor): 8 for B = 0, else floor(6.5 * 2^B).
func ruleTriggerCount(fromB b: Int) -> Int {
    b == 0 ? 8 : 13 * (1 << b) / 2
}

/// Doublings that inserting `n` distinct keys into an unsized map causes.
func ruleDoublings(inserting n: Int) -> Int {
    var b = 0
    var doublings = 0
    while n > ruleTriggerCount(fromB: b) {  // the key number trigger+1 exists: a growth starts
        b += 1
        doublings += 1
    }
    return doublings
}

// MARK: Key and value types

/// Go's struct{}: a zero-size value.
struct Empty: Hashable {}

/// A value larger than 128 bytes (17 words), so GoMap boxes it. Carries a tracked reference too,
/// so leaks of boxed values show in the tracker.
struct BigValue: Equatable {
    var words: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)
    var tracked: LifetimeTracked<Int>?

    init(_ n: Int, tracker: LifetimeTracker? = nil) {
        words = (n, n &+ 1, n &+ 2, n &+ 3, n &+ 4, n &+ 5, n &+ 6, n &+ 7,
                 n &+ 8, n &+ 9, n &+ 10, n &+ 11, n &+ 12, n &+ 13, n &+ 14, n &+ 15)
        tracked = tracker?.instance(for: n)
    }

    var all: [Int] {
        withUnsafeBytes(of: words) { Array($0.bindMemory(to: Int.self)) }
    }

    static func == (lhs: BigValue, rhs: BigValue) -> Bool {
        lhs.all == rhs.all && lhs.tracked?.payload == rhs.tracked?.payload
    }
}

/// A key larger than 128 bytes (17 words), so GoMap boxes it.
struct BigKey: Hashable {
    var id: Int
    var pad: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)

    init(_ id: Int) {
        self.id = id
        pad = (id, id, id, id, id, id, id, id, id, id, id, id, id, id, id, ~id)
    }

    static func == (lhs: BigKey, rhs: BigKey) -> Bool { lhs.id == rhs.id && lhs.pad.15 == rhs.pad.15 }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A custom Hashable struct key (goes through the Hasher fallback).
struct Point: Hashable {
    var x: Int32
    var y: Int16
    var tag: String
}

/// A string key; long ones (over 15 UTF-8 bytes) live on the heap.
func stringKey(_ n: Int) -> String {
    switch n % 4 {
    case 0: return "k\(n)"
    case 1: return "a-long-heap-allocated-string-key-number-\(n)"
    case 2: return "é\(n)"  // non-ASCII: the slow hash path
    default: return "key \(n) ✓ with a tail long enough to be a heap string"
    }
}

// MARK: Comparing a map with a Dictionary

/// Asserts that `map` holds exactly `expected`: same count, iteration yields every key exactly
/// once with its value, every lookup agrees.
func assertSameContents<K: Hashable, V: Equatable>(
    _ map: GoMap<K, V>, _ expected: [K: V], _ context: @autoclosure () -> String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(map.count, expected.count, "count; \(context())", file: file, line: line)
    XCTAssertEqual(map.isEmpty, expected.isEmpty, "isEmpty; \(context())", file: file, line: line)
    var seen = [K: V]()
    seen.reserveCapacity(expected.count)
    for (key, value) in map {
        guard seen.updateValue(value, forKey: key) == nil else {
            XCTFail("iteration yielded \(key) twice; \(context())", file: file, line: line)
            return
        }
        guard let want = expected[key] else {
            XCTFail("iteration yielded \(key), not in the Dictionary; \(context())", file: file, line: line)
            return
        }
        if want != value {
            XCTFail("iteration value for \(key) differs; \(context())", file: file, line: line)
            return
        }
    }
    XCTAssertEqual(seen.count, expected.count, "iteration count; \(context())", file: file, line: line)
    for (key, value) in expected {
        guard map.value(forKey: key) == value, map.contains(key) else {
            XCTFail("lookup of \(key) differs; \(context())", file: file, line: line)
            return
        }
    }
}

/// Delete-heavy churn's key schedule: always-new keys, and once `window` keys are live, one
/// deletion per insertion of a random key among the oldest half of the live ones. Count stays
/// at `window` while deletes leave holes all over the chains and overflow buckets accumulate
/// (noverflow never drops), which is what forces Go's same-size growth.
struct ChurnSchedule {
    let window: Int
    private(set) var next = 0
    private var live: [Int] = []
    private var rng: SplitMix64

    init(window: Int, seed: UInt64) {
        self.window = window
        rng = SplitMix64(seed: seed)
    }

    /// The key to insert now.
    mutating func insertKey() -> Int {
        defer { next += 1 }
        live.append(next)
        return next
    }

    /// The key to delete now (a live one), or nil while fewer than `window + 1` are live.
    mutating func deleteKey() -> Int? {
        guard live.count > window else { return nil }
        return live.remove(at: rng.below(max(1, window / 2)))
    }
}
