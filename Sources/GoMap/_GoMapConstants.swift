// Named constants of Go's map (src/runtime/map.go), one line of why for each.

/// Entries per bucket (Go's `bucketCnt`).
@usableFromInline let _bucketCount = 8

/// Load factor denominator (the numerator is the release's: GoClassicRules.loadFactorNum, 13 or 12).
@usableFromInline let _loadFactorDen = 2

/// Tophash marker: empty, and no entry follows in this bucket or its overflow chain.
@usableFromInline let _emptyRest: UInt8 = 0

/// Tophash marker: empty.
@usableFromInline let _emptyOne: UInt8 = 1

/// Tophash marker (old buckets only): the entry moved to the lower half (X) of the new array.
@usableFromInline let _evacuatedX: UInt8 = 2

/// Tophash marker (old buckets only): the entry moved to the upper half (Y) of the new array.
@usableFromInline let _evacuatedY: UInt8 = 3

/// Tophash marker (old buckets only): the slot was empty and its bucket has been evacuated.
@usableFromInline let _evacuatedEmpty: UInt8 = 4

/// The smallest tophash of a live entry; computed tophashes below it get it added.
@usableFromInline let _minTopHash: UInt8 = 5

/// How many already evacuated old buckets `nevacuate` may skip in one step (Go: 1024).
@usableFromInline let _evacuationMarkStride = 1024

/// From this B on, `noverflow` counts new overflow buckets only with probability 1/2^(B-15).
@usableFromInline let _noverflowExactBelowB = 16

/// The largest bucket array a hint may ask for, in bytes (Go: maxAlloc, 2^48 on amd64).
@usableFromInline let _maxAllocBytes = 1 << 48

/// Bytes of Go's `mapextra` (overflow, oldoverflow, nextOverflow): allocated once a map first has
/// preallocated overflow buckets, or, for a pointer-free bucket type, its first overflow bucket.
@usableFromInline let _mapextraSize = 24

/// Bytes of a slice header (`new([]*bmap)` for `mapextra.overflow` and `oldoverflow`).
@usableFromInline let _sliceHeaderSize = 24
