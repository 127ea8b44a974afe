// Eight bytes at a time (SWAR: SIMD within a register). Both cores keep 8 one-byte markers per
// bucket or group (GoMap's tophash bytes, SwissMap's control bytes) and test all 8 with a few
// integer operations on one little-endian UInt64, byte i being slot i.

/// Byte-lane operations on a UInt64 holding 8 one-byte markers (byte i is slot i).
public enum ByteLanes {
    /// The low bit of every byte.
    @inlinable @inline(__always)
    public static var low: UInt64 { 0x0101_0101_0101_0101 }

    /// The high bit of every byte.
    @inlinable @inline(__always)
    public static var high: UInt64 { 0x8080_8080_8080_8080 }

    /// `byte` repeated in all 8 lanes.
    @inlinable @inline(__always)
    public static func repeating(_ byte: UInt8) -> UInt64 { UInt64(byte) &* low }

    /// A word whose high bit is set in lane i when lane i of `word` is zero, for the lowest such
    /// lane exactly; lanes above a zero lane may be falsely flagged (a borrow runs through them),
    /// so callers check each candidate. The result is nonzero exactly when some lane is zero.
    @inlinable @inline(__always)
    public static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- low) & ~word & high
    }

    /// Candidate lanes equal to `byte` (the lowest flagged one is exact; callers confirm others).
    @inlinable @inline(__always)
    public static func matching(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        zeroBytes(word ^ repeating(byte))
    }

    /// The index (0...7) of the lowest flagged lane of a nonzero lane mask.
    @inlinable @inline(__always)
    public static func firstLane(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount &>> 3
    }
}
