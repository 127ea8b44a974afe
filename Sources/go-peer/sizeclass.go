package main

// Go's allocator rounding, as the peer counts the map's own bytes by it. The same rules as
// MapCore/GoSizeClasses.swift, read from runtime/msize.go and the size-class table
// (runtime/sizeclasses.go in Go 1.23, internal/runtime/gc/sizeclasses.go in Go 1.27: the table
// is identical).
//
//   - A small object (at most 32 KiB) takes a slot of one of 67 size classes.
//   - A small object with pointers larger than 512 bytes carries an 8-byte malloc header, from
//     Go 1.22 (mallocHeaders, release_go12*.go).
//   - A large object (above 32 KiB less the header) takes whole 8 KiB pages.
//
// Not modelled: the tiny allocator, which packs pointer-free objects under 16 bytes into
// 16-byte blocks. No map block is that small.
//
// Tests/Vectors/sizeclasses.json holds footprint and roundupsize for every class edge: sizeclass_test.go
// checks this file against it and against the running runtime, GoSizeClassesTests the Swift rules.

const (
	// pageSize is Go's page (_PageSize): large objects take a multiple of it.
	pageSize = 8192
	// maxSmallSize is the largest small object (_MaxSmallSize).
	maxSmallSize = 32768
	// mallocHeaderSize is the header small objects with pointers carry above minSizeForMallocHeader.
	mallocHeaderSize = 8
	// minSizeForMallocHeader: objects with pointers larger than this carry the malloc header.
	minSizeForMallocHeader = 512
)

// classToSize is class_to_size: index 0 is no class; 1...67 are the size classes in bytes.
var classToSize = [...]int{
	0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384,
	416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072,
	3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568,
	14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
}

// sizeClassAtLeast is the smallest size class of at least n bytes (0 < n <= maxSmallSize).
func sizeClassAtLeast(n int) int {
	lo, hi := 1, len(classToSize)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if classToSize[mid] >= n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return classToSize[lo]
}

// footprint is what the Go heap spends on one object of size bytes: its size-class slot (malloc
// header included) or its whole pages; 0 for a zero-size object. It is what runtime/metrics
// counts in /memory/classes/heap/objects:bytes for the object.
func footprint(size int, hasPointers bool) int {
	if size <= 0 {
		return 0
	}
	if size <= maxSmallSize-mallocHeaderSize || !mallocHeaders && size <= maxSmallSize {
		if mallocHeaders && hasPointers && size > minSizeForMallocHeader {
			size += mallocHeaderSize
		}
		return sizeClassAtLeast(size)
	}
	return (size + pageSize - 1) &^ (pageSize - 1)
}

// roundupsize is the runtime's roundupsize: the usable bytes of an allocation of size bytes
// (its footprint less the malloc header). makeBucketArray sizes bucket arrays by it.
func roundupsize(size int, hasPointers bool) int {
	if size <= 0 {
		return 0
	}
	header := 0
	if mallocHeaders && size <= maxSmallSize-mallocHeaderSize && hasPointers && size > minSizeForMallocHeader {
		header = mallocHeaderSize
	}
	return footprint(size, hasPointers) - header
}

// bySizeIndex is the index in runtime.MemStats.BySize (size classes 0...60, by class number) of
// the size class of exactly size bytes, or -1 when size is no class there.
func bySizeIndex(size int) int {
	const bySizeLen = 61
	for i := 1; i < bySizeLen; i++ {
		if classToSize[i] == size {
			return i
		}
	}
	return -1
}
