// The allocator calls GoMap makes: malloc's family, and malloc_usable_size to learn the real
// size of a block. GoMap knows nothing of jemalloc; whatever allocator the process runs (jemalloc
// when linked into mapheap, glibc, or AddressSanitizer's) answers these calls.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `malloc_usable_size` is not in Swift's Glibc module; it is looked up once, the way the
/// dynamic linker would resolve it for a C caller (so an interposed allocator answers).
private typealias _UsableSizeFunction = @convention(c) (UnsafeMutableRawPointer?) -> Int

#if canImport(Darwin)
private let _usableSizeFunction: _UsableSizeFunction? = { p in malloc_size(p) }
#else
private let _usableSizeFunction: _UsableSizeFunction? = {
    // A nil handle is RTLD_DEFAULT: the same search order as the dynamic linker's.
    guard let symbol = dlsym(nil, "malloc_usable_size") else { return nil }
    return unsafeBitCast(symbol, to: _UsableSizeFunction.self)
}()
#endif

/// The usable size of a block from malloc, calloc or realloc.
@usableFromInline
func _usableSize(_ block: UnsafeMutableRawPointer) -> Int {
    guard let function = _usableSizeFunction else {
        fatalError("GoMap: malloc_usable_size is not available in this process")
    }
    return function(block)
}

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
