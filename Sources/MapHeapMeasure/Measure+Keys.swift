// Key sources for workloads: the i-th distinct key, made without allocating, so that generating
// keys never shows up in the heap figures.
import MapCore
import MapHeapModel

/// Makes the i-th distinct key of a workload.
protocol _KeySource {
    associatedtype Key: Hashable
    /// The i-th key; distinct for distinct i >= 0.
    func key(_ i: Int) -> Key
}

/// Int64 keys: i scrambled by a bijective multiply-xorshift, so keys are distinct but not in order.
struct _Int64Keys: _KeySource {
    @inline(__always)
    func key(_ i: Int) -> Int64 {
        var x = UInt64(i) &* 0x9E37_79B9_7F4A_7C15  // odd multiplier: a bijection on 64 bits
        x ^= x >> 29  // xorshift: also a bijection
        return Int64(bitPattern: x)
    }
}

/// String keys `key-0000000`, `key-0000001`, ... (7 digits at least). Up to 15 UTF-8 bytes, so
/// Swift stores them inline in the String value: no heap allocation per key.
struct _StringKeys: _KeySource {
    @inline(__always)
    func key(_ i: Int) -> String {
        precondition(i >= 0 && i < 100_000_000_000, "key index out of range")
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            buffer[0] = UInt8(ascii: "k")
            buffer[1] = UInt8(ascii: "e")
            buffer[2] = UInt8(ascii: "y")
            buffer[3] = UInt8(ascii: "-")
            var digits = 0
            var rest = i
            repeat {
                digits += 1
                rest /= 10
            } while rest > 0
            digits = max(digits, 7)
            var value = i
            for position in stride(from: 3 + digits, to: 3, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<(4 + digits)]), as: UTF8.self)
        }
    }
}

/// String keys `key-long-000000000000000`, `key-long-000000000000001`, ... (15 digits at least): 24 UTF-8
/// bytes, more than Swift stores inline, so every key owns a heap block (its storage), made here. Those
/// blocks are part of what the workload holds, as the keys' own storage would be in a real map.
struct _LongStringKeys: _KeySource {
    @inline(never)
    func key(_ i: Int) -> String {
        precondition(i >= 0 && i < 1_000_000_000_000_000, "key index out of range")
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            for (position, byte) in "key-long-".utf8.enumerated() { buffer[position] = byte }
            var value = i
            for position in stride(from: 23, through: 9, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            return String(decoding: UnsafeBufferPointer(buffer), as: UTF8.self)
        }
    }
}

/// Keys of any comparable Go type by the shape recipe (Sources/PROTOCOL.md). `renderedLeaves(i)` is the
/// i-th Go key, as Tests/Vectors/keys.json writes it ("shapes"); `key(i)` is its Swift stand-in, the
/// index itself: below the key type's capacity the recipe maps indexes one-to-one onto Go keys, so
/// distinct stand-ins are distinct Go keys. The Swift models hash keys with their own seeded hash,
/// never Go's, so a key's bytes do not enter their account, which follows the Go shape (MapCore's
/// MapShape) instead.
struct _ShapeKeys: _KeySource {
    /// The key type's leaves, depth first.
    let leaves: [GoKeyLeaf]
    /// Distinct keys the recipe makes, nil for at least 2^64.
    let capacity: UInt64?

    /// The keys of Go type `type` (a harness key: `GoType.keyRefusal` is nil).
    init(type: GoType) {
        precondition(type.keyRefusal == nil, "not a key type of the harness: \(type)")
        leaves = type.keyLeaves
        capacity = GoType.capacity(of: leaves)
    }

    @inline(__always)
    func key(_ i: Int) -> UInt64 {
        precondition(i >= 0 && capacity.map { UInt64(i) < $0 } ?? true, "key index beyond the key type's values")
        return UInt64(i)
    }

    /// The i-th Go key's leaves, rendered (ints in decimal, bools, floats as their digit, strings raw,
    /// pointers `ptr`).
    func renderedLeaves(_ i: Int) -> [String] {
        zip(leaves, GoType.digits(of: UInt64(i), leaves: leaves)).map { $0.rendered(digit: $1) }
    }
}
