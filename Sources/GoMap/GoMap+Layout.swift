// Bucket geometry and the sizes Go's allocator gives the map's blocks, computed from the key and
// value types. Every figure here folds to a constant once the map is specialized for concrete types.
import MapCore

extension GoMap {
    /// Whether keys are stored out of line (boxed) because they exceed 128 bytes.
    @inlinable @inline(__always)
    static var _keyIndirect: Bool { MemoryLayout<Key>.size > _maxInlineSize }

    /// Whether values are stored out of line (boxed) because they exceed 128 bytes.
    @inlinable @inline(__always)
    static var _valueIndirect: Bool { MemoryLayout<Value>.size > _maxInlineSize }

    /// Bytes of one key slot: the stride, a pointer when boxed, and 0 for a zero-size type.
    @inlinable @inline(__always)
    static var _keySlot: Int {
        MemoryLayout<Key>.size == 0
            ? 0 : (_keyIndirect ? MemoryLayout<UnsafeRawPointer>.stride : MemoryLayout<Key>.stride)
    }

    /// Bytes of one value slot: the stride, a pointer when boxed, and 0 for a zero-size type
    /// (Swift reports stride 1 for an empty struct; Go's struct{} takes 0 bytes).
    @inlinable @inline(__always)
    static var _valueSlot: Int {
        MemoryLayout<Value>.size == 0
            ? 0 : (_valueIndirect ? MemoryLayout<UnsafeRawPointer>.stride : MemoryLayout<Value>.stride)
    }

    /// Alignment of a key slot.
    @inlinable @inline(__always)
    static var _keyAlignment: Int {
        _keyIndirect ? MemoryLayout<UnsafeRawPointer>.alignment : MemoryLayout<Key>.alignment
    }

    /// Alignment of a value slot.
    @inlinable @inline(__always)
    static var _valueAlignment: Int {
        _valueIndirect ? MemoryLayout<UnsafeRawPointer>.alignment : MemoryLayout<Value>.alignment
    }

    /// Offset of the first key: after the 8 tophash bytes (Go's dataOffset).
    @inlinable @inline(__always)
    static var _keysOffset: Int { _roundUp(_bucketCount, _keyAlignment) }

    /// Offset of the first value: after the 8 keys.
    @inlinable @inline(__always)
    static var _valuesOffset: Int { _roundUp(_keysOffset + _bucketCount * _keySlot, _valueAlignment) }

    /// Offset of the overflow pointer: after the 8 values.
    @inlinable @inline(__always)
    static var _overflowOffset: Int {
        _roundUp(_valuesOffset + _bucketCount * _valueSlot, MemoryLayout<UnsafeRawPointer>.alignment)
    }

    /// Bucket size, rounded up to the largest alignment among key, value and pointer.
    @inlinable @inline(__always)
    static var _bucketSize: Int {
        let alignment = Swift.max(MemoryLayout<UnsafeRawPointer>.alignment, _keyAlignment, _valueAlignment)
        return _roundUp(_overflowOffset + MemoryLayout<UnsafeRawPointer>.stride, alignment)
    }

    // MARK: Go's allocator

    /// Whether Go's bucket type for these key and value types has pointers (`t.Bucket.Pointers()`).
    ///
    /// Go decides by type: a bucket has pointers when its key or value type has any (a string, a
    /// slice, an interface, a pointer) or is boxed (the slot then holds a pointer); int64, bool and
    /// struct{} buckets have none, even though every bucket ends in an overflow pointer. Swift has no
    /// such flag, so GoMap reads "has pointers" as "is not trivial" (`_isPOD`): Int64, Bool, an empty
    /// struct and structs of them are trivial like Go's pointer-free types; String, Array, class
    /// references, existentials and `Optional` of them are not, like Go's string, slice, pointer and
    /// interface. Where the two part: a Swift `UnsafePointer`, `UnsafeRawPointer` or `OpaquePointer`
    /// is trivial but would be a pointer to Go (counted here as pointer-free), and a non-trivial
    /// Swift type that holds no reference at all would be pointer-free to Go.
    @inlinable @inline(__always)
    static var _bucketHasPointers: Bool {
        _keyIndirect || _valueIndirect || !_isPOD(Key.self) || !_isPOD(Value.self)
    }

    /// Go's bytes for one overflow bucket (`newobject(t.Bucket)`), also the first bucket of a B = 0
    /// map.
    @inlinable @inline(__always)
    static func _bucketBlockBytes(mallocHeaders: Bool) -> Int {
        GoSizeClasses.footprint(size: _bucketSize, hasPointers: _bucketHasPointers, mallocHeaders: mallocHeaders)
    }

    /// Go's bytes for one out-of-line box of a `T` (`newobject(t.Key)` or `newobject(t.Elem)`).
    @inlinable @inline(__always)
    static func _boxBytes<T>(_ type: T.Type, mallocHeaders: Bool) -> Int {
        GoSizeClasses.footprint(size: MemoryLayout<T>.size, hasPointers: !_isPOD(T.self), mallocHeaders: mallocHeaders)
    }

    /// The buckets of an array for 2^b primary buckets and Go's bytes for it (makeBucketArray).
    /// From B = 4 on Go adds 2^(B-4) buckets, rounds the request up with `roundupsize` and keeps
    /// every whole bucket of the slack: all of them beyond 2^B are preallocated overflow buckets.
    @inlinable
    static func _bucketArrayShape(_ b: Int, mallocHeaders: Bool) -> (buckets: Int, bytes: Int) {
        let size = _bucketSize
        var buckets = 1 << b
        if b >= _preallocateOverflowFromB {
            buckets += 1 << (b - _preallocateOverflowFromB)
            buckets = GoSizeClasses.roundUpSize(buckets * size, hasPointers: _bucketHasPointers,
                                                mallocHeaders: mallocHeaders) / size
        }
        return (buckets, GoSizeClasses.footprint(size: buckets * size, hasPointers: _bucketHasPointers,
                                                 mallocHeaders: mallocHeaders))
    }

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

/// `value` rounded up to a multiple of `alignment` (a power of two).
@inlinable @inline(__always)
func _roundUp(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) & ~(alignment - 1)
}

// MARK: Eight tophash bytes at a time

/// Candidate slots that are empty (tophash 0 or 1); the lowest flagged one is exact.
@inlinable @inline(__always)
func _emptyBytes(_ word: UInt64) -> UInt64 {
    ByteLanes.zeroBytes(word & ~ByteLanes.low)
}
