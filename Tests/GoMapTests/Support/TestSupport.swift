// GoMap's own test helpers: the allocator's usable size and Go's rules restated independently of
// GoMap's own code (so a wrong rule in GoMap fails here). What both cores' tests share (the PRNG,
// key and value types, the differential runner) lives in MapTestSupport, re-exported here.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@_exported import MapTestSupport
import XCTest
@testable import GoMap

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

// MARK: Comparing a map with a Dictionary

extension GoMap: DifferentialMap {}
