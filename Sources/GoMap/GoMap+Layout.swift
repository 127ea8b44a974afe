// The geometry of the buckets the map stores its Swift entries in (MapCore's MapShape rules applied
// to Key and Value), and addressing inside a bucket. Every figure here folds to a constant once the
// map is specialized for concrete types. Go's bytes come from the map's `mapShape` (GoMap.swift).
import MapCore

extension GoMap {
    /// The bucket the map stores its Swift entries in: Go's bucket rules applied to `Key` and
    /// `Value` themselves (MapCore's `MapShape.storageBucket`, equal to `MapShape.of(Key.self,
    /// Value.self).bucket`). Folds to constants once the map is specialized. The byte account reads
    /// the map's `mapShape` instead, which may be another Go type's (see "Storage and account").
    @inlinable @inline(__always)
    static var _storage: GoBucketGeometry { MapShape.storageBucket(Key.self, Value.self) }

    /// Whether stored keys are boxed out of line (a Swift `Key` over 128 bytes).
    @inlinable @inline(__always)
    static var _keyIndirect: Bool { MemoryLayout<Key>.size > MapShape.maxInlineBytes }

    /// Whether stored values are boxed out of line (a Swift `Value` over 128 bytes).
    @inlinable @inline(__always)
    static var _valueIndirect: Bool { MemoryLayout<Value>.size > MapShape.maxInlineBytes }

    /// Bytes of one stored key slot: the stride, a pointer when boxed, 0 for a zero-size type.
    @inlinable @inline(__always)
    static var _keySlot: Int { _storage.keyStride }

    /// Bytes of one stored value slot: the stride, a pointer when boxed, 0 for a zero-size type
    /// (Swift reports stride 1 for an empty struct; Go's struct{} takes 0 bytes).
    @inlinable @inline(__always)
    static var _valueSlot: Int { _storage.valueStride }

    /// Offset of the first stored key: after the 8 tophash bytes (Go's dataOffset).
    @inlinable @inline(__always)
    static var _keysOffset: Int { _storage.keysOffset }

    /// Offset of the first stored value: after the 8 keys.
    @inlinable @inline(__always)
    static var _valuesOffset: Int { _storage.valuesOffset }

    /// Offset of the overflow pointer: after the 8 values.
    @inlinable @inline(__always)
    static var _overflowOffset: Int { _storage.overflowOffset }

    /// Bytes of one stored bucket, rounded up to the largest alignment among key, value and pointer.
    @inlinable @inline(__always)
    static var _bucketSize: Int { _storage.size }

    // MARK: Go's allocator

    /// Go's bytes for an `extra.overflow` slice of capacity `capacity`: its header (`new([]*bmap)`)
    /// and its array of pointers (which has pointers, so it carries a malloc header above 512 bytes).
    @inlinable
    static func _overflowSliceBytes(capacity: Int, mallocHeaders: Bool) -> Int {
        guard capacity > 0 else { return 0 }
        let pointer = MemoryLayout<UnsafeRawPointer>.stride
        return GoSizeClasses.footprint(size: _sliceHeaderSize, hasPointers: true)
            + GoSizeClasses.footprint(size: capacity * pointer, hasPointers: true, mallocHeaders: mallocHeaders)
    }

    // MARK: Addressing inside a bucket

    /// The tophash of slot `i`.
    @inlinable @inline(__always)
    static func _top(_ b: UnsafeMutableRawPointer, _ i: Int) -> UInt8 {
        b.load(fromByteOffset: i, as: UInt8.self)
    }

    /// Sets the tophash of slot `i`.
    @inlinable @inline(__always)
    static func _setTop(_ b: UnsafeMutableRawPointer, _ i: Int, _ top: UInt8) {
        b.storeBytes(of: top, toByteOffset: i, as: UInt8.self)
    }

    /// All 8 tophash bytes as one word (byte i is slot i).
    @inlinable @inline(__always)
    static func _topWord(_ b: UnsafeMutableRawPointer) -> UInt64 {
        UInt64(littleEndian: b.load(as: UInt64.self))
    }

    /// The overflow bucket that follows `b`, or nil.
    @inlinable @inline(__always)
    static func _overflow(_ b: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        b.load(fromByteOffset: _overflowOffset, as: UnsafeMutableRawPointer?.self)
    }

    /// Links `next` (or nil) as the overflow bucket of `b`.
    @inlinable @inline(__always)
    static func _setOverflow(_ b: UnsafeMutableRawPointer, _ next: UnsafeMutableRawPointer?) {
        b.storeBytes(of: next, toByteOffset: _overflowOffset, as: UnsafeMutableRawPointer?.self)
    }

    /// The address of key slot `i` (the key itself, or its box pointer when boxed).
    @inlinable @inline(__always)
    static func _keySlotAddress(_ b: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutableRawPointer {
        if MemoryLayout<Key>.size == 0 { return _zeroSizeScratch }
        return b + (_keysOffset &+ i &* _keySlot)
    }

    /// The address of value slot `i` (the value itself, or its box pointer when boxed).
    @inlinable @inline(__always)
    static func _valueSlotAddress(_ b: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutableRawPointer {
        if MemoryLayout<Value>.size == 0 { return _zeroSizeScratch }
        return b + (_valuesOffset &+ i &* _valueSlot)
    }

    /// The key in slot `i` of an occupied slot, following the box pointer when boxed.
    @inlinable @inline(__always)
    static func _keyPointer(_ b: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutablePointer<Key> {
        let slot = _keySlotAddress(b, i)
        if _keyIndirect {
            return slot.load(as: UnsafeMutableRawPointer.self).assumingMemoryBound(to: Key.self)
        }
        return slot.assumingMemoryBound(to: Key.self)
    }

    /// The value in slot `i` of an occupied slot, following the box pointer when boxed.
    @inlinable @inline(__always)
    static func _valuePointer(_ b: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutablePointer<Value> {
        let slot = _valueSlotAddress(b, i)
        if _valueIndirect {
            return slot.load(as: UnsafeMutableRawPointer.self).assumingMemoryBound(to: Value.self)
        }
        return slot.assumingMemoryBound(to: Value.self)
    }

    /// Bucket `index` of the array at `array`.
    @inlinable @inline(__always)
    static func _bucket(_ array: UnsafeMutableRawPointer, _ index: Int) -> UnsafeMutableRawPointer {
        array + index &* _bucketSize
    }

    /// Whether an old bucket has been evacuated (its first tophash is an evacuation marker).
    @inlinable @inline(__always)
    static func _isEvacuated(_ b: UnsafeMutableRawPointer) -> Bool {
        let top = _top(b, 0)
        return top > _emptyOne && top < _minTopHash
    }
}

/// Where zero-size keys and values "live". They take no bytes in a bucket, so a zero-size value's
/// slot would sit on the overflow pointer, and unspecialized generic code copies a zero-size type
/// as its `stride`, 1 byte, in count-based moves. Such slots point here instead, and `_moveEntry`
/// skips zero-size moves, so nothing is ever written here (maps on different threads share it).
/// It is a read-only page: a write would trap rather than race.
@usableFromInline
nonisolated(unsafe) let _zeroSizeScratch: UnsafeMutableRawPointer = _readOnlyZeroPage()

// MARK: Eight tophash bytes at a time

/// Candidate slots that are empty (tophash 0 or 1); the lowest flagged one is exact.
@inlinable @inline(__always)
func _emptyBytes(_ word: UInt64) -> UInt64 {
    ByteLanes.zeroBytes(word & ~ByteLanes.low)
}
