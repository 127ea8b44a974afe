// The geometry of the groups the map stores its Swift entries in (MapCore's MapShape rules, Go's
// reflectdata/map.go and types/size.go, applied to Key and Value), for both layouts, and
// addressing inside a group. Every figure folds to a constant once the map is specialized for
// concrete types. Go's bytes come from the map's `mapShape` (SwissMap.swift).
import MapCore

extension GoGroupGeometry {
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

extension SwissMap {
    /// Whether stored keys are boxed (a Swift `Key` over 128 bytes).
    @inlinable @inline(__always)
    static var _keyIndirect: Bool { MemoryLayout<Key>.size > MapShape.maxInlineBytes }

    /// Whether stored values are boxed (a Swift `Value` over 128 bytes).
    @inlinable @inline(__always)
    static var _valueIndirect: Bool { MemoryLayout<Value>.size > MapShape.maxInlineBytes }

    /// The group the map stores its Swift entries in, `struct { ctrl uint64; slots [8]struct { key
    /// K; elem V } }` for the Swift Key and Value (MapCore's `MapShape.storageGroup`, equal to
    /// `MapShape.of(Key.self, Value.self).interleavedGroup`). Folds to constants once specialized.
    @inlinable @inline(__always)
    static var _interleavedGeometry: GoGroupGeometry { MapShape.storageGroup(Key.self, Value.self, split: false) }

    /// The stored group in the split layout, `struct { ctrl uint64; keys [8]K; elems [8]V }`
    /// (GOEXPERIMENT=mapsplitgroup).
    @inlinable @inline(__always)
    static var _splitGeometry: GoGroupGeometry { MapShape.storageGroup(Key.self, Value.self, split: true) }

    /// Alignment of a stored group: the control word's 8 or more (the same in both layouts).
    @inlinable @inline(__always)
    static var _groupAlignment: Int { _interleavedGeometry.alignment }

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
        groups + index &* _geometry.size
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
