// Seeded hashing. Every map has its own seed (Go's hash0); the hash of a key is a 64-bit value
// computed with it by MapCore's `SeededHash` (shared with SwissMap; its header says how each key
// type is hashed), so the same seed and the same operations give the same layout.
import MapCore

extension GoMap {
    /// The seeded hash of `key` under this map's current seed.
    @inlinable @inline(__always)
    func _hash(_ key: Key) -> UInt64 {
        Self._hash(key, seed: _h.pointee.hash0)
    }

    /// The seeded hash of `key`. The type checks fold away once the map is specialized.
    @inlinable @inline(__always)
    static func _hash(_ key: Key, seed: UInt64) -> UInt64 {
        SeededHash.hash(key, seed: seed)
    }

    /// Go's tophash: the top 8 bits of the hash, moved past the markers 0...4.
    @inlinable @inline(__always)
    static func _tophash(_ hash: UInt64) -> UInt8 {
        let top = UInt8(truncatingIfNeeded: hash >> 56)
        return top < _minTopHash ? top &+ _minTopHash : top
    }
}
