// The allocator calls GoMap makes: malloc's family. GoMap asks malloc for exactly the blocks Go's
// runtime would ask its allocator for, and counts their bytes by Go's size classes (MapCore's
// GoSizeClasses), never by what malloc makes of them. GoMap knows nothing of jemalloc; whatever
// allocator the process runs (jemalloc when linked into mapheap, glibc, or AddressSanitizer's)
// answers these calls, and its own rounding of them is the harness's to measure.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zeroed memory for `count` objects of `size` bytes, or nil when the allocator refuses.
@usableFromInline
func _callocOrNil(_ count: Int, _ size: Int) -> UnsafeMutableRawPointer? {
    calloc(count, size)
}

/// Zeroed memory, or a fatal error naming the size (Go throws "out of memory" in this case).
@usableFromInline
func _calloc(_ count: Int, _ size: Int) -> UnsafeMutableRawPointer {
    guard let block = calloc(count, size) else {
        fatalError("GoMap: out of memory allocating \(count) x \(size) bytes")
    }
    return block
}

/// Uninitialized memory, or a fatal error naming the size.
@usableFromInline
func _malloc(_ size: Int) -> UnsafeMutableRawPointer {
    guard let block = malloc(Swift.max(size, 1)) else {
        fatalError("GoMap: out of memory allocating \(size) bytes")
    }
    return block
}

/// Resized memory, or a fatal error naming the size.
@usableFromInline
func _realloc(_ block: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer {
    guard let resized = realloc(block, size) else {
        fatalError("GoMap: out of memory allocating \(size) bytes")
    }
    return resized
}

/// Frees a block from malloc, calloc or realloc.
@usableFromInline
func _free(_ block: UnsafeMutableRawPointer) {
    free(block)
}

/// Sets `count` bytes at `block` to zero.
@usableFromInline
func _zero(_ block: UnsafeMutableRawPointer, _ count: Int) {
    memset(block, 0, count)
}

/// One page of zeros mapped read-only (for `_zeroSizeScratch`).
@usableFromInline
func _readOnlyZeroPage() -> UnsafeMutableRawPointer {
    let size = Int(sysconf(Int32(_SC_PAGESIZE)))
    guard let page = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), page != MAP_FAILED else {
        fatalError("GoMap: cannot map a read-only page")
    }
    return page
}
