// Control bytes, slot sets and the probe sequence (Go's group.go and probeSeq), as small types.
import MapCore

/// Control byte of an empty slot.
@usableFromInline let _ctrlEmpty: UInt8 = 0b1000_0000

/// Control byte of a deleted slot (a tombstone): a probe must run past it.
@usableFromInline let _ctrlDeleted: UInt8 = 0b1111_1110

/// A set of slots of one group: the high bit of byte i is set when slot i is in the set (Go's
/// portable bitset).
@usableFromInline
struct _SlotSet {
    @usableFromInline var bits: UInt64

    @inlinable @inline(__always)
    init(_ bits: UInt64) { self.bits = bits }

    /// Whether the set is empty.
    @inlinable @inline(__always)
    var isEmpty: Bool { bits == 0 }

    /// The lowest slot in the set (the set must not be empty).
    @inlinable @inline(__always)
    var first: Int { ByteLanes.firstLane(bits) }

    /// The set without its lowest slot.
    @inlinable @inline(__always)
    func removingFirst() -> _SlotSet { _SlotSet(bits & (bits &- 1)) }

    /// The number of slots in the set.
    @inlinable @inline(__always)
    var count: Int { bits.nonzeroBitCount }
}

/// The 8 control bytes of a group as one little-endian word (byte i is slot i).
@usableFromInline
struct _ControlWord {
    @usableFromInline var word: UInt64

    @inlinable @inline(__always)
    init(_ word: UInt64) { self.word = word }

    /// All 8 slots empty.
    @inlinable @inline(__always)
    static var allEmpty: _ControlWord { _ControlWord(ByteLanes.repeating(_ctrlEmpty)) }

    /// Full slots whose H2 is `h2` (may include false positives next to a true match; never an
    /// empty or deleted slot). Callers compare the keys.
    @inlinable @inline(__always)
    func matchH2(_ h2: UInt8) -> _SlotSet { _SlotSet(ByteLanes.matching(word, h2)) }

    /// Empty slots: bit 7 set and bit 1 clear.
    @inlinable @inline(__always)
    func matchEmpty() -> _SlotSet { _SlotSet((word & ~(word &<< 6)) & ByteLanes.high) }

    /// Empty or deleted slots: bit 7 set.
    @inlinable @inline(__always)
    func matchEmptyOrDeleted() -> _SlotSet { _SlotSet(word & ByteLanes.high) }

    /// Full slots: bit 7 clear.
    @inlinable @inline(__always)
    func matchFull() -> _SlotSet { _SlotSet(~word & ByteLanes.high) }

    /// The control byte of slot `i`.
    @inlinable @inline(__always)
    func byte(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: word &>> UInt64(i &* 8)) }
}

/// The triangular probe sequence over a table's groups: offsets o, o+1, o+1+2, ... modulo the
/// (power-of-two) group count, which visits every group exactly once.
@usableFromInline
struct _ProbeSequence {
    @usableFromInline let mask: Int
    @usableFromInline var offset: Int
    @usableFromInline var index = 0

    /// The sequence for a hash in a table of `mask + 1` groups, starting at H1 & mask.
    @inlinable @inline(__always)
    init(hash: UInt64, mask: Int) {
        self.mask = mask
        offset = Int(truncatingIfNeeded: hash &>> 7) & mask
    }

    /// Moves to the next group of the sequence.
    @inlinable @inline(__always)
    mutating func advance() {
        index &+= 1
        offset = (offset &+ index) & mask
    }
}

/// H2: the low 7 bits of a hash, stored in a full slot's control byte.
@inlinable @inline(__always)
func _h2(_ hash: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: hash) & 0x7f }
