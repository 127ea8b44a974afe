// GoMap's own test helpers: the allocator's usable size and Go's rules restated independently of
// GoMap's own code (so a wrong rule in GoMap fails here). What both cores' tests share (the PRNG,
// key and value types, the differential runner) lives in MapTestSupport, re-exported here.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@_exported import MapTestSupport
import MapCore
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

/// What malloc made of the blocks the map says it holds: the sum of their usable sizes, the
/// bytes the map asked for, and how many blocks there are. Checks that no block is reported twice
/// and that each is at least as large as its request.
func measuredBlocks<K, V>(_ map: GoMap<K, V>) -> (bytes: Int, requested: Int, blocks: Int) {
    var bytes = 0
    var requested = 0
    var blocks = 0
    var seen = Set<UnsafeMutableRawPointer>()
    map.forEachBlock { block, request in
        precondition(seen.insert(block).inserted, "forEachBlock reported a block twice")
        let usable = usableSize(block)
        precondition(usable >= request, "a block of \(usable) usable bytes for a request of \(request)")
        bytes += usable
        requested += request
        blocks += 1
    }
    return (bytes, requested, blocks)
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

// MARK: Go's allocator, restated for the tests

/// makeBucketArray's bucket count for 2^b primary buckets: from B = 4 on, 2^(B-4) more, and the
/// request rounded up by Go's roundupsize, every whole bucket of the slack kept.
func ruleArrayBuckets(b: Int, bucketSize: Int, hasPointers: Bool) -> Int {
    guard b >= 4 else { return 1 << b }
    let requested = ((1 << b) + (1 << (b - 4))) * bucketSize
    return GoSizeClasses.roundUpSize(requested, hasPointers: hasPointers) / bucketSize
}

/// The capacity of a Go slice of pointers after `length` appends of one element to a nil slice.
func ruleSliceCapacity(afterAppending length: Int) -> Int {
    var capacity = 0
    for n in stride(from: 1, through: length, by: 1) where n > capacity {
        capacity = GoSizeClasses.growSliceCapacity(oldCapacity: capacity, newLength: n, elementSize: 8,
                                                   hasPointers: true)
    }
    return capacity
}

/// Go's bytes for an `extra.overflow` slice of `length` overflow buckets: its 24-byte header and
/// its array of pointers; nothing for length 0 (the slice is created by the first append).
func ruleOverflowSliceBytes(length: Int) -> Int {
    guard length > 0 else { return 0 }
    return 24 + GoSizeClasses.footprint(size: ruleSliceCapacity(afterAppending: length) * 8, hasPointers: true)
}

/// Go's bytes for the map as it stands, recomputed from its structure rather than from its
/// counters: each array's buckets by `ruleArrayBuckets`; overflow buckets found by walking every
/// chain (those outside the array's block are blocks of their own); one slice per generation of a
/// pointer-free bucket type, as long as the overflow buckets in its chains; 48 bytes of hmap and,
/// when `mapextra` is true, 24 of mapextra; and one box per boxed key or value. Go's buckets are
/// `goBucketSize` bytes (a shaped map's), by default the stored ones.
func ruleGoBytes<K, V>(_ map: GoMap<K, V>, goBucketSize: Int? = nil, mapextra: Bool, hasPointers: Bool,
                       keyBox: Int = 0, valueBox: Int = 0) -> Int {
    let h = map._h.pointee
    let size = GoMap<K, V>.bucketSize
    let goSize = goBucketSize ?? size
    let bucketBlock = GoSizeClasses.footprint(size: goSize, hasPointers: hasPointers)
    func generation(_ array: UnsafeMutableRawPointer, b: Int) -> Int {
        let buckets = ruleArrayBuckets(b: b, bucketSize: goSize, hasPointers: hasPointers)
        let end = array + buckets * size
        var linked = 0
        var ownBlocks = 0
        for index in 0..<(1 << b) {
            var next = GoMap<K, V>._overflow(array + index * size)
            while let bucket = next {
                linked += 1
                if bucket < array || bucket >= end { ownBlocks += 1 }
                next = GoMap<K, V>._overflow(bucket)
            }
        }
        return GoSizeClasses.footprint(size: buckets * goSize, hasPointers: hasPointers) + ownBlocks * bucketBlock
            + (hasPointers ? 0 : ruleOverflowSliceBytes(length: linked))
    }
    var bytes = 48 + (mapextra ? 24 : 0)
    if let array = h.buckets { bytes += generation(array, b: h.b) }
    if let old = h.oldBuckets { bytes += generation(old, b: h.oldB) }
    bytes += map.count * (keyBox + valueBox)
    return bytes
}
