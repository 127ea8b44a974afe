// Key and value types both cores are tested with: a zero-size type, types above the 128-byte
// inline limit, a custom Hashable struct, and strings inline and on the heap.

/// Go's struct{}: a zero-size value.
public struct Empty: Hashable {
    /// The only value.
    public init() {}
}

/// A value larger than 128 bytes (17 words), so both cores box it. Carries a tracked reference
/// too, so leaks of boxed values show in the tracker.
public struct BigValue: Equatable {
    /// Sixteen words derived from the value's number.
    public var words: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)
    /// A counted instance, when a tracker was given.
    public var tracked: LifetimeTracked<Int>?

    /// The value numbered `n`, counted by `tracker` when given.
    public init(_ n: Int, tracker: LifetimeTracker? = nil) {
        words = (n, n &+ 1, n &+ 2, n &+ 3, n &+ 4, n &+ 5, n &+ 6, n &+ 7,
                 n &+ 8, n &+ 9, n &+ 10, n &+ 11, n &+ 12, n &+ 13, n &+ 14, n &+ 15)
        tracked = tracker?.instance(for: n)
    }

    /// The sixteen words as an array.
    public var all: [Int] {
        withUnsafeBytes(of: words) { Array($0.bindMemory(to: Int.self)) }
    }

    public static func == (lhs: BigValue, rhs: BigValue) -> Bool {
        lhs.all == rhs.all && lhs.tracked?.payload == rhs.tracked?.payload
    }
}

/// A key larger than 128 bytes (17 words), so both cores box it.
public struct BigKey: Hashable {
    /// The key's identity.
    public var id: Int
    /// Sixteen words of padding derived from the id.
    public var pad: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)

    /// The key numbered `id`.
    public init(_ id: Int) {
        self.id = id
        pad = (id, id, id, id, id, id, id, id, id, id, id, id, id, id, id, ~id)
    }

    public static func == (lhs: BigKey, rhs: BigKey) -> Bool { lhs.id == rhs.id && lhs.pad.15 == rhs.pad.15 }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A custom Hashable struct key (goes through the Hasher fallback).
public struct Point: Hashable {
    public var x: Int32
    public var y: Int16
    public var tag: String

    /// A point with a tag.
    public init(x: Int32, y: Int16, tag: String) {
        self.x = x
        self.y = y
        self.tag = tag
    }
}

/// A string key; long ones (over 15 UTF-8 bytes) live on the heap, a quarter are non-ASCII.
public func stringKey(_ n: Int) -> String {
    switch n % 4 {
    case 0: return "k\(n)"
    case 1: return "a-long-heap-allocated-string-key-number-\(n)"
    case 2: return "é\(n)"  // non-ASCII: the slow hash path
    default: return "key \(n) ✓ with a tail long enough to be a heap string"
    }
}

/// A key with Go's padding: struct{a int8; b int64; c int8} is 24 bytes at alignment 8 in Go (7
/// bytes of padding after a, 7 after c), and Swift lays this struct out alike (stride 24).
public struct PaddedKey: Hashable {
    public var a: Int8
    public var b: Int64
    public var c: Int8

    /// The key numbered `n`: distinct for distinct `n`.
    public init(_ n: Int) {
        a = Int8(truncatingIfNeeded: n)
        b = Int64(n >> 8)
        c = Int8(truncatingIfNeeded: n &* 31)
    }
}
