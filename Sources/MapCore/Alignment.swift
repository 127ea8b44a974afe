// Rounding an offset or a size up to an alignment, as Go lays out its structs and both cores lay
// out their buckets and groups.

/// `value` rounded up to a multiple of `alignment`, which must be a power of two.
@inlinable @inline(__always)
public func alignUp(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) & ~(alignment - 1)
}

/// The size of a Go struct whose fields end at `end`, the last of size `lastFieldSize`, with
/// largest alignment `alignment`: one byte of padding when the struct is not empty and ends in a
/// zero-size field (golang/go#9401, cmd/compile/internal/types/size.go), then rounded up to the
/// alignment. The one statement of that rule: GoType's layouts and MapShape's buckets and groups
/// both use it.
@inlinable @inline(__always)
public func goStructSize(end: Int, lastFieldSize: Int, alignment: Int) -> Int {
    alignUp(end > 0 && lastFieldSize == 0 ? end + 1 : end, alignment)
}
