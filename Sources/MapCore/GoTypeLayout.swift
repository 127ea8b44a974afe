// What Go's compiler knows of a type that decides a map's layout: its size, its alignment and
// whether it holds pointers, on amd64. The meeting point of the type parser (a Go type expression
// becomes a layout) and the map geometry (a key layout and a value layout become buckets and groups).

/// A Go type's layout on amd64, as `unsafe.Sizeof`, `unsafe.Alignof` and the garbage collector see it.
public struct GoTypeLayout: Hashable, Sendable {
    /// Bytes of one value (`unsafe.Sizeof`): a multiple of `alignment`, 0 for a zero-size type.
    public var size: Int
    /// Alignment in bytes (`unsafe.Alignof`): a power of two, at least 1.
    public var alignment: Int
    /// Whether the type holds pointers the collector scans (a string, slice, map, chan, func,
    /// interface or pointer, directly or inside an array of at least one element or a struct).
    public var hasPointers: Bool

    /// Creates a layout; `alignment` must be a power of two and `size` a multiple of it.
    public init(size: Int, alignment: Int, hasPointers: Bool) {
        precondition(size >= 0, "GoTypeLayout: negative size")
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "GoTypeLayout: alignment not a power of two")
        precondition(size % alignment == 0, "GoTypeLayout: size not a multiple of the alignment")
        self.size = size
        self.alignment = alignment
        self.hasPointers = hasPointers
    }
}
