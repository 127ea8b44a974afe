// Go's allocator rounding, as both Swift cores count their bytes by it.
//
// Every Go heap object is rounded by the runtime's allocator (`runtime/msize.go`,
// `runtime/sizeclasses.go`; the table is identical from Go 1.19 through 1.27):
//
// - A small object (at most 32 KiB) takes a slot of one of 67 size classes, 8 B to 32 KiB.
// - From Go 1.22, a small object *with pointers* larger than 512 bytes carries an 8-byte malloc
//   header in front of it, so it needs a class 8 bytes larger (`mallocHeaderSize`,
//   `minSizeForMallocHeader` in `runtime/mbitmap.go`). Go 1.21 has none: `mallocHeaders: false`
//   (GoRelease's `mallocHeaders` rule; docs/versions.md).
// - A large object (above 32 KiB less the header) takes whole 8 KiB pages.
//
// `footprint` is what the Go heap spends on one object: its slot in a span, header included. This is
// what Go's `runtime/metrics` counts as live heap bytes for the object.
//
// `growSliceCapacity` is Go's `growslice` (`runtime/slice.go`) for an append: the capacity a slice
// grows to, which `roundUpSize` stretches to fill the size class or the pages it takes.
//
// Where this is a simplification: Go's tiny allocator packs pointer-free objects under 16 bytes
// together into 16-byte blocks; `footprint` counts such an object as its own size class.
//
// The Go peer's sizeclass.go states the same rules; both are checked against the shared vectors of
// Tests/Vectors/sizeclasses.json, which the peer's tests also check against the running Go runtime.

/// Go's allocator size classes and rounding rules (Go 1.21 to 1.27, 64-bit; malloc headers from 1.22).
public enum GoSizeClasses {
    /// Go's page size (`_PageSize`): large objects are rounded up to a multiple of it.
    public static let pageSize = 8192
    /// The largest small object (`_MaxSmallSize`): above this, objects take whole pages.
    public static let maxSmallSize = 32768
    /// The malloc header that small objects with pointers carry above `minSizeForMallocHeader`.
    public static let mallocHeaderSize = 8
    /// Objects with pointers larger than this (exclusive) carry the malloc header (Go 1.22+).
    public static let minSizeForMallocHeader = 512
    /// The capacity below which `growslice` doubles a slice (`threshold` in `nextslicecap`).
    public static let sliceGrowthThreshold = 256

    /// `class_to_size` from Go's `runtime/sizeclasses.go`: index 0 is no class; 1...67 are the
    /// 67 size classes in bytes.
    public static let classToSize: [Int] = [
        0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384,
        416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072,
        3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568,
        14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
    ]

    /// The smallest size class of at least `bytes` (1 ≤ bytes ≤ `maxSmallSize`).
    @inlinable
    public static func sizeClass(atLeast bytes: Int) -> Int {
        precondition(bytes > 0 && bytes <= maxSmallSize, "no size class for \(bytes) bytes")
        // Binary search over the sorted table (67 entries: at most 7 steps).
        var low = 1
        var high = classToSize.count - 1
        while low < high {
            let mid = (low + high) / 2
            if classToSize[mid] >= bytes { high = mid } else { low = mid + 1 }
        }
        return classToSize[low]
    }

    /// Whether Go allocates an object of `size` bytes as a small object (from a size class).
    @inlinable
    public static func isSmall(size: Int) -> Bool { size <= maxSmallSize - mallocHeaderSize }

    /// The bytes the Go heap spends on one object of `size` bytes: its size-class slot (malloc
    /// header included) or its whole pages. 0 for a zero-size object (Go's `zerobase`).
    /// `mallocHeaders` is false for Go 1.21, which has none (`GoRelease.mallocHeaders`).
    @inlinable
    public static func footprint(size: Int, hasPointers: Bool, mallocHeaders: Bool = true) -> Int {
        precondition(size >= 0, "negative allocation size")
        if size == 0 { return 0 }
        if !mallocHeaders && size <= maxSmallSize { return sizeClass(atLeast: size) }
        if isSmall(size: size) {
            let header = hasPointers && size > minSizeForMallocHeader ? mallocHeaderSize : 0
            return sizeClass(atLeast: size + header)
        }
        let (rounded, overflow) = size.addingReportingOverflow(pageSize - 1)
        precondition(!overflow, "allocation size \(size) overflows")
        return rounded & ~(pageSize - 1)
    }

    /// Go's `roundupsize`: the usable bytes of an object of `size` bytes (its footprint less the
    /// malloc header, if it carries one). `growslice` and `makeBucketArray` size their arrays by it.
    @inlinable
    public static func roundUpSize(_ size: Int, hasPointers: Bool, mallocHeaders: Bool = true) -> Int {
        if size == 0 { return 0 }
        let header = mallocHeaders && isSmall(size: size) && hasPointers && size > minSizeForMallocHeader
            ? mallocHeaderSize : 0
        return footprint(size: size, hasPointers: hasPointers, mallocHeaders: mallocHeaders) - header
    }

    /// Go's `growslice`: the capacity a slice of `elementSize`-byte elements grows to when an append
    /// makes it `newLength` long, from capacity `oldCapacity` (`nextslicecap`: double below 256
    /// elements, then about 1.25x; the new length when that is more), stretched by `roundUpSize` to
    /// fill the block (`capmem / elementSize`).
    @inlinable
    public static func growSliceCapacity(
        oldCapacity: Int, newLength: Int, elementSize: Int, hasPointers: Bool, mallocHeaders: Bool = true
    ) -> Int {
        precondition(elementSize > 0 && newLength > oldCapacity && oldCapacity >= 0, "not a slice growth")
        var capacity = oldCapacity
        let doubled = oldCapacity + oldCapacity
        if newLength > doubled {
            capacity = newLength
        } else if oldCapacity < sliceGrowthThreshold {
            capacity = doubled
        } else {
            // From 2x for small slices to 1.25x for large ones (Go's formula, overflow aside).
            while capacity < newLength { capacity += (capacity + 3 * sliceGrowthThreshold) >> 2 }
        }
        let (bytes, overflow) = capacity.multipliedReportingOverflow(by: elementSize)
        precondition(!overflow, "slice of \(capacity) elements overflows")
        return roundUpSize(bytes, hasPointers: hasPointers, mallocHeaders: mallocHeaders) / elementSize
    }
}
