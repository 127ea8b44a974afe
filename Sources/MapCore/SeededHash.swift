// Seeded hashing, shared by the map cores. Every map has its own seed (Go's hash0 / seed); the
// hash of a key is a 64-bit value computed with it, so the same seed and the same operations give
// the same layout.
//
// - Fixed-width integers hash with two rounds of a wyhash-style multiply-mix (a few ns).
// - Strings hash their UTF-8 bytes with a wyhash-style function when the string's canonical form
//   (NFC) is ASCII, which covers ASCII strings and the three non-ASCII scalars whose canonical
//   form is a single ASCII character (U+037E ";", U+1FEF "`", U+212A "K"): Swift's `==` on
//   strings is canonical equivalence, so those must hash like their ASCII forms. Every other
//   string goes through the fallback, whose Hasher normalizes.
// - Any other Hashable key goes through Swift's Hasher, seeded with the map's seed. Swift's
//   Hasher is itself randomly seeded per process unless SWIFT_DETERMINISTIC_HASHING is set, so
//   layouts for such keys, and for strings whose canonical form is not ASCII, are reproducible
//   across processes only with that variable set.
//
// Neither core uses Go's aeshash: only the distribution matters for the shapes mapheap measures,
// and a map's shape depends on its hashes only through which table or bucket a key selects.

/// The seeded 64-bit hash both map cores use.
public enum SeededHash {
    /// wyhash's constants.
    @usableFromInline static let p0: UInt64 = 0xa076_1d64_78bd_642f
    @usableFromInline static let p1: UInt64 = 0xe703_7ed1_a0b4_28db
    @usableFromInline static let p2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    @usableFromInline static let p3: UInt64 = 0x5899_65cc_7537_4cc3

    /// The seeded hash of `key`. The type checks fold away once the caller is specialized.
    @inlinable @inline(__always)
    public static func hash<Key: Hashable>(_ key: Key, seed: UInt64) -> UInt64 {
        // Each branch widens the key to 64 bits (sign-extending signed ones), then mixes it.
        if Key.self == Int64.self { return word(UInt64(bitPattern: unsafeBitCast(key, to: Int64.self)), seed: seed) }
        if Key.self == Int.self { return word(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int.self))), seed: seed) }
        if Key.self == UInt64.self { return word(unsafeBitCast(key, to: UInt64.self), seed: seed) }
        if Key.self == UInt.self { return word(UInt64(unsafeBitCast(key, to: UInt.self)), seed: seed) }
        if Key.self == Int32.self {
            return word(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int32.self))), seed: seed)
        }
        if Key.self == UInt32.self { return word(UInt64(unsafeBitCast(key, to: UInt32.self)), seed: seed) }
        if Key.self == Int16.self {
            return word(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int16.self))), seed: seed)
        }
        if Key.self == UInt16.self { return word(UInt64(unsafeBitCast(key, to: UInt16.self)), seed: seed) }
        if Key.self == Int8.self {
            return word(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int8.self))), seed: seed)
        }
        if Key.self == UInt8.self { return word(UInt64(unsafeBitCast(key, to: UInt8.self)), seed: seed) }
        if Key.self == String.self { return string(unsafeBitCast(key, to: String.self), seed: seed) }
        return fallback(key, seed: seed)
    }

    /// The 128-bit product of `a` and `b`, folded to 64 bits (wyhash's mum).
    @inlinable @inline(__always)
    public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// The seeded hash of a 64-bit integer.
    @inlinable @inline(__always)
    public static func word(_ x: UInt64, seed: UInt64) -> UInt64 {
        mix(mix(x ^ p0, seed ^ p1) ^ p2, p3 ^ 8)
    }

    /// The seeded hash of `count` bytes at `p` (wyhash-style). Equal bytes give equal hashes.
    @inlinable
    public static func bytes(_ p: UnsafeRawPointer, count: Int, seed: UInt64) -> UInt64 {
        var h = seed ^ p0 ^ UInt64(truncatingIfNeeded: count)
        var a: UInt64 = 0
        var b: UInt64 = 0
        var rest = count
        var q = p
        if count <= 16 {
            if count >= 4 {
                let last = count - 4
                let mid = (count >> 3) << 2
                a = UInt64(q.loadUnaligned(as: UInt32.self)) << 32
                    | UInt64(q.loadUnaligned(fromByteOffset: mid, as: UInt32.self))
                b = UInt64(q.loadUnaligned(fromByteOffset: last, as: UInt32.self)) << 32
                    | UInt64(q.loadUnaligned(fromByteOffset: last - mid, as: UInt32.self))
            } else if count > 0 {
                a = UInt64(q.load(as: UInt8.self)) << 16
                    | UInt64(q.load(fromByteOffset: count >> 1, as: UInt8.self)) << 8
                    | UInt64(q.load(fromByteOffset: count - 1, as: UInt8.self))
            }
        } else {
            while rest > 16 {
                h = mix(q.loadUnaligned(as: UInt64.self) ^ p1, q.loadUnaligned(fromByteOffset: 8, as: UInt64.self) ^ h)
                q += 16
                rest -= 16
            }
            a = q.loadUnaligned(fromByteOffset: rest - 16, as: UInt64.self)
            b = q.loadUnaligned(fromByteOffset: rest - 8, as: UInt64.self)
        }
        return mix(mix(a ^ p1, b ^ h) ^ p2, p3 ^ UInt64(truncatingIfNeeded: count))
    }

    /// Whether all `count` bytes at `p` are ASCII.
    @inlinable
    public static func isASCII(_ p: UnsafeRawPointer, count: Int) -> Bool {
        var i = 0
        var bits: UInt64 = 0
        while i + 8 <= count {
            bits |= p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            bits |= UInt64(p.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        return bits & ByteLanes.high == 0
    }

    /// The seeded hash of a string: its UTF-8 bytes when ASCII, else the slow path.
    @inlinable
    public static func string(_ s: String, seed: UInt64) -> UInt64 {
        let fast = s.utf8.withContiguousStorageIfAvailable { buffer -> UInt64? in
            guard let base = buffer.baseAddress else {
                return bytes(UnsafeRawPointer(bitPattern: 1).unsafelyUnwrapped, count: 0, seed: seed)
            }
            return isASCII(base, count: buffer.count) ? bytes(base, count: buffer.count, seed: seed) : nil
        }
        if let fast, let hash = fast { return hash }
        return stringSlow(s, seed: seed)
    }

    /// The canonical ASCII form of a non-ASCII scalar whose NFC form is one ASCII character.
    @usableFromInline
    static func asciiSingleton(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x037E: return UInt8(ascii: ";")  // GREEK QUESTION MARK
        case 0x1FEF: return UInt8(ascii: "`")  // GREEK VARIA
        case 0x212A: return UInt8(ascii: "K")  // KELVIN SIGN
        default: return nil
        }
    }

    /// Strings that are not contiguous ASCII UTF-8: hashed as ASCII when their canonical form is
    /// ASCII, else through the seeded Hasher (which normalizes).
    @usableFromInline
    static func stringSlow(_ s: String, seed: UInt64) -> UInt64 {
        var scratch: [UInt8] = []
        scratch.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            if scalar.isASCII {
                scratch.append(UInt8(truncatingIfNeeded: scalar.value))
            } else if let ascii = asciiSingleton(scalar) {
                scratch.append(ascii)
            } else {
                return fallback(s, seed: seed)
            }
        }
        return scratch.withUnsafeBytes { buffer in
            bytes(buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1).unsafelyUnwrapped, count: buffer.count,
                  seed: seed)
        }
    }

    /// Any Hashable key: Swift's Hasher, fed the map's seed first.
    @usableFromInline
    static func fallback<Key: Hashable>(_ key: Key, seed: UInt64) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(seed)
        hasher.combine(key)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }
}
