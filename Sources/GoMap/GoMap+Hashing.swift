// Seeded hashing. Every map has its own seed (Go's hash0); the hash of a key is a 64-bit value
// computed with it, so the same seed and the same operations give the same layout.
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

/// wyhash's constants.
@usableFromInline let _wyP0: UInt64 = 0xa076_1d64_78bd_642f
@usableFromInline let _wyP1: UInt64 = 0xe703_7ed1_a0b4_28db
@usableFromInline let _wyP2: UInt64 = 0x8ebc_6af0_9c88_c6e3
@usableFromInline let _wyP3: UInt64 = 0x5899_65cc_7537_4cc3

/// The 128-bit product of `a` and `b`, folded to 64 bits (wyhash's mum).
@inlinable @inline(__always)
func _mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let product = a.multipliedFullWidth(by: b)
    return product.high ^ product.low
}

/// The seeded hash of a 64-bit integer.
@inlinable @inline(__always)
func _hashWord(_ x: UInt64, seed: UInt64) -> UInt64 {
    _mix(_mix(x ^ _wyP0, seed ^ _wyP1) ^ _wyP2, _wyP3 ^ 8)
}

/// `_hashWord(x, seed: seed)`, shorter to call.
@inlinable @inline(__always)
func _hashWord(_ x: UInt64, _ seed: UInt64) -> UInt64 {
    _hashWord(x, seed: seed)
}

/// The seeded hash of `count` bytes at `p` (wyhash-style). Equal bytes give equal hashes.
@inlinable
func _hashBytes(_ p: UnsafeRawPointer, _ count: Int, seed: UInt64) -> UInt64 {
    var h = seed ^ _wyP0 ^ UInt64(truncatingIfNeeded: count)
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
            a = UInt64(q.load(as: UInt8.self)) << 16 | UInt64(q.load(fromByteOffset: count >> 1, as: UInt8.self)) << 8
                | UInt64(q.load(fromByteOffset: count - 1, as: UInt8.self))
        }
    } else {
        while rest > 16 {
            h = _mix(q.loadUnaligned(as: UInt64.self) ^ _wyP1, q.loadUnaligned(fromByteOffset: 8, as: UInt64.self) ^ h)
            q += 16
            rest -= 16
        }
        a = q.loadUnaligned(fromByteOffset: rest - 16, as: UInt64.self)
        b = q.loadUnaligned(fromByteOffset: rest - 8, as: UInt64.self)
    }
    return _mix(_mix(a ^ _wyP1, b ^ h) ^ _wyP2, _wyP3 ^ UInt64(truncatingIfNeeded: count))
}

/// Whether all `count` bytes at `p` are ASCII.
@inlinable
func _isASCII(_ p: UnsafeRawPointer, _ count: Int) -> Bool {
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
    return bits & _highBits == 0
}

/// The seeded hash of a string: its UTF-8 bytes when ASCII, else the slow path.
@inlinable
func _hashString(_ s: String, seed: UInt64) -> UInt64 {
    let fast = s.utf8.withContiguousStorageIfAvailable { buffer -> UInt64? in
        guard let base = buffer.baseAddress else { return _hashBytes(UnsafeRawPointer(bitPattern: 1)!, 0, seed: seed) }
        return _isASCII(base, buffer.count) ? _hashBytes(base, buffer.count, seed: seed) : nil
    }
    if let fast, let hash = fast { return hash }
    return _hashStringSlow(s, seed: seed)
}

/// The canonical ASCII form of a non-ASCII scalar whose NFC form is one ASCII character.
@usableFromInline
func _asciiSingleton(_ scalar: Unicode.Scalar) -> UInt8? {
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
func _hashStringSlow(_ s: String, seed: UInt64) -> UInt64 {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
        if scalar.isASCII {
            bytes.append(UInt8(truncatingIfNeeded: scalar.value))
        } else if let ascii = _asciiSingleton(scalar) {
            bytes.append(ascii)
        } else {
            return _hashFallback(s, seed: seed)
        }
    }
    return bytes.withUnsafeBytes { buffer in
        _hashBytes(buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, buffer.count, seed: seed)
    }
}

/// Any Hashable key: Swift's Hasher, fed the map's seed first.
@usableFromInline
func _hashFallback<K: Hashable>(_ key: K, seed: UInt64) -> UInt64 {
    var hasher = Hasher()
    hasher.combine(seed)
    hasher.combine(key)
    return UInt64(UInt(bitPattern: hasher.finalize()))
}

extension GoMap {
    /// The seeded hash of `key` under this map's current seed.
    @inlinable @inline(__always)
    func _hash(_ key: Key) -> UInt64 {
        Self._hash(key, seed: _h.pointee.hash0)
    }

    /// The seeded hash of `key`. The type checks fold away once the map is specialized.
    @inlinable @inline(__always)
    static func _hash(_ key: Key, seed: UInt64) -> UInt64 {
        // Each branch widens the key to 64 bits (sign-extending signed ones), then mixes it.
        if Key.self == Int64.self { return _hashWord(UInt64(bitPattern: unsafeBitCast(key, to: Int64.self)), seed) }
        if Key.self == Int.self { return _hashWord(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int.self))), seed) }
        if Key.self == UInt64.self { return _hashWord(unsafeBitCast(key, to: UInt64.self), seed) }
        if Key.self == UInt.self { return _hashWord(UInt64(unsafeBitCast(key, to: UInt.self)), seed) }
        if Key.self == Int32.self {
            return _hashWord(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int32.self))), seed)
        }
        if Key.self == UInt32.self { return _hashWord(UInt64(unsafeBitCast(key, to: UInt32.self)), seed) }
        if Key.self == Int16.self {
            return _hashWord(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int16.self))), seed)
        }
        if Key.self == UInt16.self { return _hashWord(UInt64(unsafeBitCast(key, to: UInt16.self)), seed) }
        if Key.self == Int8.self {
            return _hashWord(UInt64(bitPattern: Int64(unsafeBitCast(key, to: Int8.self))), seed)
        }
        if Key.self == UInt8.self { return _hashWord(UInt64(unsafeBitCast(key, to: UInt8.self)), seed) }
        if Key.self == String.self { return _hashString(unsafeBitCast(key, to: String.self), seed: seed) }
        return _hashFallback(key, seed: seed)
    }

    /// Go's tophash: the top 8 bits of the hash, moved past the markers 0...4.
    @inlinable @inline(__always)
    static func _tophash(_ hash: UInt64) -> UInt8 {
        let top = UInt8(truncatingIfNeeded: hash >> 56)
        return top < _minTopHash ? top &+ _minTopHash : top
    }
}
