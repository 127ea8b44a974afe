// Rounding an offset or a size up to an alignment, as Go lays out its structs and both cores lay
// out their buckets and groups.

/// `value` rounded up to a multiple of `alignment`, which must be a power of two.
@inlinable @inline(__always)
public func alignUp(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) & ~(alignment - 1)
}
