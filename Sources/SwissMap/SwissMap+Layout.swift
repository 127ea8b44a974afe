// Group geometry by Go's struct rules (cmd/compile/internal/reflectdata/map.go, types/size.go),
// for both layouts, and addressing inside a group. Every figure folds to a constant once the
// map is specialized for concrete types.
import MapCore

/// Where the keys and values of a group sit: key i at keysOffset + i * keyStride, value i at
/// valuesOffset + i * valueStride (Go's KeysOff/KeyStride, ElemsOff/ElemStride).
@usableFromInline
struct _GroupGeometry: Sendable {
    @usableFromInline var keysOffset: Int
    @usableFromInline var keyStride: Int
    @usableFromInline var valuesOffset: Int
    @usableFromInline var valueStride: Int
    /// Bytes of one group.
    @usableFromInline var groupSize: Int
    /// Bytes of one interleaved slot (0 in the split layout).
    @usableFromInline var slotSize: Int

    @inlinable
    init(keysOffset: Int, keyStride: Int, valuesOffset: Int, valueStride: Int, groupSize: Int, slotSize: Int) {
        self.keysOffset = keysOffset
        self.keyStride = keyStride
        self.valuesOffset = valuesOffset
        self.valueStride = valueStride
        self.groupSize = groupSize
        self.slotSize = slotSize
    }

    /// The address of key slot `i` of group `g` (the key, or its box pointer when indirect).
    @inlinable @inline(__always)
    func key(_ g: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutableRawPointer {
        g + (keysOffset &+ i &* keyStride)
    }

    /// The address of value slot `i` of group `g` (the value, or its box pointer when indirect).
    @inlinable @inline(__always)
    func value(_ g: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutableRawPointer {
        g + (valuesOffset &+ i &* valueStride)
    }
}

/// The size of a Go struct whose fields end at `end` with largest alignment `alignment`: one
/// byte of padding when the struct is not empty and its last field has size 0 (golang/go#9401),
/// then rounded up to the alignment.
@inlinable @inline(__always)
func _goStructSize(end: Int, lastFieldSize: Int, alignment: Int) -> Int {
    alignUp(end > 0 && lastFieldSize == 0 ? end + 1 : end, alignment)
}

extension SwissMap {
    /// Whether keys are stored indirectly (boxed) because they exceed 128 bytes.
    @inlinable @inline(__always)
    static var _keyIndirect: Bool { MemoryLayout<Key>.size > _maxKeyBytes }

    /// Whether values are stored indirectly (boxed) because they exceed 128 bytes.
    @inlinable @inline(__always)
    static var _valueIndirect: Bool { MemoryLayout<Value>.size > _maxElemBytes }

    /// Go's size of a key field: a pointer when boxed, 0 for a zero-size type, else the stride
    /// (Go's sizes are multiples of the alignment, as Swift's strides are).
    @inlinable @inline(__always)
    static var _keyFieldSize: Int {
        _keyIndirect ? _pointerBytes : (MemoryLayout<Key>.size == 0 ? 0 : MemoryLayout<Key>.stride)
    }

    /// Go's size of a value field (see `_keyFieldSize`).
    @inlinable @inline(__always)
    static var _valueFieldSize: Int {
        _valueIndirect ? _pointerBytes : (MemoryLayout<Value>.size == 0 ? 0 : MemoryLayout<Value>.stride)
    }

    /// Alignment of a key field.
    @inlinable @inline(__always)
    static var _keyAlignment: Int { _keyIndirect ? _pointerBytes : MemoryLayout<Key>.alignment }

    /// Alignment of a value field.
    @inlinable @inline(__always)
    static var _valueAlignment: Int { _valueIndirect ? _pointerBytes : MemoryLayout<Value>.alignment }

    /// Alignment of a group: the control word's 8 or more.
    @inlinable @inline(__always)
    static var _groupAlignment: Int { Swift.max(8, _keyAlignment, _valueAlignment) }

    /// `struct { ctrl uint64; slots [8]struct { key K; elem V } }`.
    @inlinable
    static var _interleavedGeometry: _GroupGeometry {
        let slotAlignment = Swift.max(_keyAlignment, _valueAlignment)
        let valueOffset = alignUp(_keyFieldSize, _valueAlignment)
        let slotSize = _goStructSize(end: valueOffset + _valueFieldSize, lastFieldSize: _valueFieldSize,
                                     alignment: slotAlignment)
        let slotsOffset = alignUp(8, slotAlignment)
        let slotsSize = _groupSlots * slotSize
        let groupSize = _goStructSize(end: slotsOffset + slotsSize, lastFieldSize: slotsSize,
                                      alignment: _groupAlignment)
        return _GroupGeometry(keysOffset: slotsOffset, keyStride: slotSize, valuesOffset: slotsOffset + valueOffset,
                              valueStride: slotSize, groupSize: groupSize, slotSize: slotSize)
    }

    /// `struct { ctrl uint64; keys [8]K; elems [8]V }` (GOEXPERIMENT=mapsplitgroup).
    @inlinable
    static var _splitGeometry: _GroupGeometry {
        let keysOffset = alignUp(8, _keyAlignment)
        let valuesOffset = alignUp(keysOffset + _groupSlots * _keyFieldSize, _valueAlignment)
        let valuesSize = _groupSlots * _valueFieldSize
        let groupSize = _goStructSize(end: valuesOffset + valuesSize, lastFieldSize: valuesSize,
                                      alignment: _groupAlignment)
        return _GroupGeometry(keysOffset: keysOffset, keyStride: _keyFieldSize, valuesOffset: valuesOffset,
                              valueStride: _valueFieldSize, groupSize: groupSize, slotSize: 0)
    }

    /// Whether a group holds pointers in Go's sense (a key or value with references, or a box),
    /// which decides whether Go's allocator adds its 8-byte malloc header to a large array.
    @inlinable @inline(__always)
    static var _groupHasPointers: Bool {
        _keyIndirect || _valueIndirect || !_isPOD(Key.self) || !_isPOD(Value.self)
    }

    // MARK: Addressing

    /// The control word of group `g`.
    @inlinable @inline(__always)
    static func _control(_ g: UnsafeMutableRawPointer) -> _ControlWord {
        _ControlWord(UInt64(littleEndian: g.load(as: UInt64.self)))
    }

    /// Sets the control byte of slot `i` of group `g`.
    @inlinable @inline(__always)
    static func _setControl(_ g: UnsafeMutableRawPointer, _ i: Int, _ byte: UInt8) {
        g.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
    }

    /// Marks every slot of group `g` empty.
    @inlinable @inline(__always)
    static func _setAllEmpty(_ g: UnsafeMutableRawPointer) {
        g.storeBytes(of: _ControlWord.allEmpty.word.littleEndian, as: UInt64.self)
    }

    /// Group `index` of a groups array.
    @inlinable @inline(__always)
    func _group(_ groups: UnsafeMutableRawPointer, _ index: Int) -> UnsafeMutableRawPointer {
        groups + index &* _geometry.groupSize
    }

    /// The key in an occupied slot, following the box pointer when boxed.
    @inlinable @inline(__always)
    func _keyPointer(_ g: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutablePointer<Key> {
        let slot = _geometry.key(g, i)
        if Self._keyIndirect { return slot.load(as: UnsafeMutableRawPointer.self).assumingMemoryBound(to: Key.self) }
        return slot.assumingMemoryBound(to: Key.self)
    }

    /// The value in an occupied slot, following the box pointer when boxed.
    @inlinable @inline(__always)
    func _valuePointer(_ g: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutablePointer<Value> {
        let slot = _geometry.value(g, i)
        if Self._valueIndirect {
            return slot.load(as: UnsafeMutableRawPointer.self).assumingMemoryBound(to: Value.self)
        }
        return slot.assumingMemoryBound(to: Value.self)
    }
}
