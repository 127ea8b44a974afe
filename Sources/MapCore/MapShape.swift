// A map's shape: what Go's runtime reads from a map type descriptor, computed once from the key's
// and the value's GoTypeLayout. Both Swift cores (GoMap, SwissMap) and `mapheap size` read their
// geometry and their per-block bytes from here, so there is one place where Go's rules live:
//
//   - Indirect storage (abi.MapMaxKeyBytes, abi.MapMaxElemBytes): a key or value over 128 bytes is
//     stored as a pointer in its slot, and every entry allocates the key or value apart, one object
//     each (`newobject(t.Key)`, `newobject(t.Elem)`), rounded by Go's size classes.
//   - The classic bucket (Go 1.23, cmd/compile/internal/reflectdata/reflect.go MapBucketType):
//     struct { tophash [8]uint8; keys [8]K; elems [8]V; overflow *bucket or uintptr }, laid out by
//     Go's struct rules. The overflow field is a uintptr when neither key nor value slot holds
//     pointers, so the bucket type is pointer-free; the runtime then keeps every overflow bucket
//     in `mapextra.overflow` to keep it alive (runtime/map.go).
//   - The Swiss group (Go 1.24+, reflectdata/map.go MapGroupType): struct { ctrl uint64;
//     slots [8]struct { key K; elem V } }, or with GOEXPERIMENT=mapsplitgroup (Go 1.27)
//     struct { ctrl uint64; keys [8]K; elems [8]V }.
//   - Go's struct rules (cmd/compile/internal/types/size.go): each field at its alignment, the
//     size rounded up to the largest alignment, and one byte of padding first when a non-empty
//     struct ends in a zero-size field (golang/go#9401). An array's size is count * element size.
//
// Everything here is amd64: 8-byte pointers.

/// The geometry of Go's classic map bucket (Go 1.23's `bmap`) for one key and value type.
public struct GoBucketGeometry: Hashable, Sendable {
    /// Offset of key slot 0, after the 8 tophash bytes (Go's `dataOffset` for 8-aligned keys).
    public let keysOffset: Int
    /// Bytes between two key slots: the key's size, or 8 when the key is indirect.
    public let keyStride: Int
    /// Offset of value slot 0, after the 8 key slots.
    public let valuesOffset: Int
    /// Bytes between two value slots: the value's size, or 8 when the value is indirect.
    public let valueStride: Int
    /// Offset of the overflow pointer, after the 8 value slots.
    public let overflowOffset: Int
    /// Bytes of one bucket (`t.BucketSize`).
    public let size: Int
    /// Alignment of a bucket: the largest of the key's, the value's and the overflow field's.
    public let alignment: Int
    /// Whether the bucket type holds pointers (`t.Bucket.Pointers()`): a key or value slot with
    /// pointers. It decides the malloc header of large bucket arrays and whether Go keeps
    /// overflow buckets in `mapextra.overflow` (pointer-free buckets only).
    public let hasPointers: Bool

    /// A geometry from its figures (MapShape computes them).
    @inlinable
    init(keysOffset: Int, keyStride: Int, valuesOffset: Int, valueStride: Int, overflowOffset: Int, size: Int,
         alignment: Int, hasPointers: Bool) {
        self.keysOffset = keysOffset
        self.keyStride = keyStride
        self.valuesOffset = valuesOffset
        self.valueStride = valueStride
        self.overflowOffset = overflowOffset
        self.size = size
        self.alignment = alignment
        self.hasPointers = hasPointers
    }

    /// Go's bytes for one bucket allocated alone (`newobject(t.Bucket)`): an overflow bucket, or
    /// the single bucket of a B = 0 map (with malloc headers, Go 1.22+).
    @inlinable
    public var blockBytes: Int { blockBytes(mallocHeaders: true) }

    /// `blockBytes` under a release's allocator: `mallocHeaders` false for Go 1.21
    /// (`GoRelease.mallocHeaders`).
    @inlinable
    public func blockBytes(mallocHeaders: Bool) -> Int {
        GoSizeClasses.footprint(size: size, hasPointers: hasPointers, mallocHeaders: mallocHeaders)
    }

    /// The buckets Go's `makeBucketArray` allocates for 2^b primary buckets, and Go's bytes for
    /// them. From B = 4 on it adds 2^(B-4) buckets, rounds the request up with `roundupsize` and
    /// keeps every whole bucket of the slack: all buckets beyond 2^b are preallocated overflow
    /// buckets. `mallocHeaders` is false for Go 1.21 (`GoRelease.mallocHeaders`).
    @inlinable
    public func array(b: Int, mallocHeaders: Bool = true) -> (buckets: Int, bytes: Int) {
        var buckets = 1 << b
        if b >= 4 {
            buckets += 1 << (b - 4)
            buckets = GoSizeClasses.roundUpSize(buckets * size, hasPointers: hasPointers,
                                                mallocHeaders: mallocHeaders) / size
        }
        return (buckets, GoSizeClasses.footprint(size: buckets * size, hasPointers: hasPointers,
                                                 mallocHeaders: mallocHeaders))
    }
}

/// The geometry of Go's Swiss-table group for one key and value type, in one of its two layouts.
/// Key slot i sits at `keysOffset + i * keyStride`, value slot i at `valuesOffset + i *
/// valueStride` (Go's `KeysOff`/`KeyStride`, `ElemsOff`/`ElemStride`).
public struct GoGroupGeometry: Hashable, Sendable {
    /// Offset of key slot 0.
    public let keysOffset: Int
    /// Bytes between two key slots (the slot size when interleaved).
    public let keyStride: Int
    /// Offset of value slot 0.
    public let valuesOffset: Int
    /// Bytes between two value slots (the slot size when interleaved).
    public let valueStride: Int
    /// Bytes of one interleaved slot (`struct { key K; elem V }`, Go's `SlotSize`); 0 when split.
    public let slotSize: Int
    /// Bytes of one group (`t.GroupSize`).
    public let size: Int
    /// Alignment of a group: 8 (the control word) or a larger key or value alignment.
    public let alignment: Int
    /// Whether the group type holds pointers: a key or value slot with pointers. Decides the
    /// malloc header of large groups arrays.
    public let hasPointers: Bool

    /// A geometry from its figures (MapShape computes them).
    @inlinable
    init(keysOffset: Int, keyStride: Int, valuesOffset: Int, valueStride: Int, slotSize: Int, size: Int,
         alignment: Int, hasPointers: Bool) {
        self.keysOffset = keysOffset
        self.keyStride = keyStride
        self.valuesOffset = valuesOffset
        self.valueStride = valueStride
        self.slotSize = slotSize
        self.size = size
        self.alignment = alignment
        self.hasPointers = hasPointers
    }

    /// Go's bytes for an array of `groups` groups (`newarray(t.Group, groups)`). Every Swiss
    /// release has malloc headers; `mallocHeaders` is there for a caller that reads the release's.
    @inlinable
    public func arrayBytes(groups: Int, mallocHeaders: Bool = true) -> Int {
        GoSizeClasses.footprint(size: groups * size, hasPointers: hasPointers, mallocHeaders: mallocHeaders)
    }
}

/// What Go's runtime knows of a map type (`maptype` in Go 1.23, `abi.MapType` in Go 1.24+), from
/// the key's and the value's layout: indirect storage, the classic bucket and both Swiss group
/// layouts, and Go's bytes for each block a map allocates per entry.
///
///     let shape = MapShape(key: GoTypeLayout(size: 8, alignment: 8, hasPointers: false),
///                          value: GoTypeLayout(size: 1, alignment: 1, hasPointers: false))
///     shape.bucket.size            // 88: map[int64]bool's bucket
///     shape.interleavedGroup.size  // 136
public struct MapShape: Hashable, Sendable {
    /// Entries per classic bucket (`abi.MapBucketCount`) and slots per Swiss group
    /// (`abi.MapGroupSlots`): 8 in both.
    public static let slotsPerBlock = 8
    /// Keys and values over this many bytes are stored indirectly (`abi.MapMaxKeyBytes`,
    /// `abi.MapMaxElemBytes`).
    public static let maxInlineBytes = 128
    /// A pointer on amd64: what an indirect slot holds.
    public static let pointer = GoTypeLayout(size: 8, alignment: 8, hasPointers: true)

    /// The key type's layout, as the user's Go type has it.
    public let key: GoTypeLayout
    /// The value type's layout, as the user's Go type has it.
    public let value: GoTypeLayout
    /// Whether a key is stored indirectly: its slot holds a pointer to an object of its own.
    public let keyIndirect: Bool
    /// Whether a value is stored indirectly.
    public let valueIndirect: Bool
    /// What a key slot holds: the key, or a pointer to it when indirect.
    public let keySlot: GoTypeLayout
    /// What a value slot holds: the value, or a pointer to it when indirect.
    public let valueSlot: GoTypeLayout
    /// Go's bytes for one entry's key object when the key is indirect (its size class), else 0.
    public let keyBlockBytes: Int
    /// Go's bytes for one entry's value object when the value is indirect, else 0.
    public let valueBlockBytes: Int
    /// The classic bucket (Go 1.23).
    public let bucket: GoBucketGeometry
    /// The Swiss group in Go's default layout (key next to value).
    public let interleavedGroup: GoGroupGeometry
    /// The Swiss group in the layout of Go 1.27's GOEXPERIMENT=mapsplitgroup (keys, then values).
    public let splitGroup: GoGroupGeometry

    /// Go's bytes each entry allocates apart from the map's own blocks: its indirect key and
    /// value objects (0 when both are inline).
    @inlinable
    public var indirectBytesPerEntry: Int { keyBlockBytes + valueBlockBytes }

    /// `indirectBytesPerEntry` under a release's allocator: `mallocHeaders` false for Go 1.21
    /// (`GoRelease.mallocHeaders`), where a pointerful object over 512 bytes carries no header.
    @inlinable
    public func indirectBytesPerEntry(mallocHeaders: Bool) -> Int {
        keyBlockBytes(mallocHeaders: mallocHeaders) + valueBlockBytes(mallocHeaders: mallocHeaders)
    }

    /// `keyBlockBytes` under a release's allocator (`mallocHeaders` false for Go 1.21).
    @inlinable
    public func keyBlockBytes(mallocHeaders: Bool) -> Int {
        guard keyIndirect else { return 0 }
        return GoSizeClasses.footprint(size: key.size, hasPointers: key.hasPointers, mallocHeaders: mallocHeaders)
    }

    /// `valueBlockBytes` under a release's allocator (`mallocHeaders` false for Go 1.21).
    @inlinable
    public func valueBlockBytes(mallocHeaders: Bool) -> Int {
        guard valueIndirect else { return 0 }
        return GoSizeClasses.footprint(size: value.size, hasPointers: value.hasPointers, mallocHeaders: mallocHeaders)
    }

    /// The shape of a map with keys of layout `key` and values of layout `value`.
    public init(key: GoTypeLayout, value: GoTypeLayout) {
        self.key = key
        self.value = value
        keyIndirect = key.size > MapShape.maxInlineBytes
        valueIndirect = value.size > MapShape.maxInlineBytes
        keySlot = keyIndirect ? MapShape.pointer : key
        valueSlot = valueIndirect ? MapShape.pointer : value
        keyBlockBytes = keyIndirect ? GoSizeClasses.footprint(size: key.size, hasPointers: key.hasPointers) : 0
        valueBlockBytes = valueIndirect ? GoSizeClasses.footprint(size: value.size, hasPointers: value.hasPointers) : 0
        let k = _Slot(keySlot)
        let v = _Slot(valueSlot)
        bucket = MapShape._bucket(k, v)
        interleavedGroup = MapShape._interleaved(k, v)
        splitGroup = MapShape._split(k, v)
    }

    /// The layout Go would give a Swift type standing for a Go type of the same size, alignment
    /// and pointers: size 0 for a zero-size type (Swift's stride is 1 there, Go's struct{} is 0),
    /// else the stride (Go's sizes are multiples of the alignment, as Swift's strides are); "has
    /// pointers" read as "not trivial" (`_isPOD`): Int64, Bool and empty structs are pointer-free
    /// as in Go; String, arrays, class references and existentials hold references. A Swift
    /// `UnsafePointer` is trivial, so it counts as pointer-free here although Go's would not.
    @inlinable
    public static func layout<T>(ofSwift type: T.Type) -> GoTypeLayout {
        GoTypeLayout(size: MemoryLayout<T>.size == 0 ? 0 : MemoryLayout<T>.stride,
                     alignment: MemoryLayout<T>.alignment, hasPointers: !_isPOD(T.self))
    }

    /// The shape of the Swift types themselves (`layout(ofSwift:)` of each): what a core uses when
    /// it is given no shape.
    @inlinable
    public static func of<Key, Value>(_ key: Key.Type, _ value: Value.Type) -> MapShape {
        MapShape(key: layout(ofSwift: key), value: layout(ofSwift: value))
    }

    // MARK: The geometry a core stores Swift entries in

    // The same rules applied to Swift types directly, without building a MapShape: these fold to
    // constants once a core is specialized for its Key and Value, so its slot addressing costs no
    // loads. For every Key and Value they equal `MapShape.of(Key.self, Value.self)`'s (tested).

    /// The classic bucket for storing Swift `Key`s and `Value`s (`of(Key.self, Value.self).bucket`).
    @inlinable
    public static func storageBucket<Key, Value>(_ key: Key.Type, _ value: Value.Type) -> GoBucketGeometry {
        _bucket(_Slot(swift: key), _Slot(swift: value))
    }

    /// The Swiss group for storing Swift `Key`s and `Value`s, interleaved or split.
    @inlinable
    public static func storageGroup<Key, Value>(_ key: Key.Type, _ value: Value.Type, split: Bool)
        -> GoGroupGeometry {
        split ? _split(_Slot(swift: key), _Slot(swift: value)) : _interleaved(_Slot(swift: key), _Slot(swift: value))
    }

    // MARK: Go's struct rules

    /// What a slot holds, as plain figures (so that the arithmetic folds for Swift types).
    @usableFromInline
    struct _Slot {
        @usableFromInline let size: Int
        @usableFromInline let alignment: Int
        @usableFromInline let hasPointers: Bool

        /// A slot holding a value of `layout`.
        @inlinable
        init(_ layout: GoTypeLayout) {
            size = layout.size
            alignment = layout.alignment
            hasPointers = layout.hasPointers
        }

        /// A slot for a Swift `T`: the `T` itself (`layout(ofSwift:)`), or a pointer when its size
        /// is over 128 bytes.
        @inlinable
        init<T>(swift type: T.Type) {
            if MemoryLayout<T>.size > MapShape.maxInlineBytes {
                size = 8
                alignment = 8
                hasPointers = true
            } else {
                size = MemoryLayout<T>.size == 0 ? 0 : MemoryLayout<T>.stride
                alignment = MemoryLayout<T>.alignment
                hasPointers = !_isPOD(T.self)
            }
        }
    }

    /// `struct { tophash [8]uint8; keys [8]K; elems [8]V; overflow unsafe.Pointer or uintptr }`.
    @inlinable
    static func _bucket(_ k: _Slot, _ v: _Slot) -> GoBucketGeometry {
        let n = 8
        let pointerBytes = 8
        let keysOffset = alignUp(n, k.alignment)
        let valuesOffset = alignUp(keysOffset + n * k.size, v.alignment)
        let overflowOffset = alignUp(valuesOffset + n * v.size, pointerBytes)
        let alignment = Swift.max(pointerBytes, k.alignment, v.alignment)
        // The last field is the 8-byte overflow word, so no zero-size padding applies.
        let size = goStructSize(end: overflowOffset + pointerBytes, lastFieldSize: pointerBytes, alignment: alignment)
        return GoBucketGeometry(
            keysOffset: keysOffset, keyStride: k.size, valuesOffset: valuesOffset, valueStride: v.size,
            overflowOffset: overflowOffset, size: size, alignment: alignment,
            hasPointers: k.hasPointers || v.hasPointers)
    }

    /// `struct { ctrl uint64; slots [8]struct { key K; elem V } }`.
    @inlinable
    static func _interleaved(_ k: _Slot, _ v: _Slot) -> GoGroupGeometry {
        let slotAlignment = Swift.max(k.alignment, v.alignment)
        let valueOffset = alignUp(k.size, v.alignment)
        let slotSize = goStructSize(end: valueOffset + v.size, lastFieldSize: v.size, alignment: slotAlignment)
        let slotsOffset = alignUp(8, slotAlignment)
        let slotsSize = 8 * slotSize
        let alignment = Swift.max(8, slotAlignment)
        let size = goStructSize(end: slotsOffset + slotsSize, lastFieldSize: slotsSize, alignment: alignment)
        return GoGroupGeometry(
            keysOffset: slotsOffset, keyStride: slotSize, valuesOffset: slotsOffset + valueOffset,
            valueStride: slotSize, slotSize: slotSize, size: size, alignment: alignment,
            hasPointers: k.hasPointers || v.hasPointers)
    }

    /// `struct { ctrl uint64; keys [8]K; elems [8]V }` (GOEXPERIMENT=mapsplitgroup).
    @inlinable
    static func _split(_ k: _Slot, _ v: _Slot) -> GoGroupGeometry {
        let keysOffset = alignUp(8, k.alignment)
        let valuesOffset = alignUp(keysOffset + 8 * k.size, v.alignment)
        let valuesSize = 8 * v.size
        let alignment = Swift.max(8, k.alignment, v.alignment)
        let size = goStructSize(end: valuesOffset + valuesSize, lastFieldSize: valuesSize, alignment: alignment)
        return GoGroupGeometry(
            keysOffset: keysOffset, keyStride: k.size, valuesOffset: valuesOffset, valueStride: v.size,
            slotSize: 0, size: size, alignment: alignment, hasPointers: k.hasPointers || v.hasPointers)
    }
}
