// Named constants of Go's Swiss map (internal/runtime/maps), one line of why for each.

/// Slots per group (Go's abi.MapGroupSlots): one control byte each in an 8-byte word.
@usableFromInline let _groupSlots = 8

/// Load factor numerator over `_groupSlots`: a table rehashes beyond 7/8 full (maxAvgGroupLoad).
@usableFromInline let _maxAvgGroupLoad = 7

/// A table never holds more slots than this; a full table of this size splits instead of growing.
@usableFromInline let _maxTableCapacity = 1024

/// Tombstone pruning runs only when tombstones are at least 1/10 of the capacity, and prunes only
/// when it can free at least 1/10 of it (otherwise the table rehashes).
@usableFromInline let _pruneDivisor = 10

/// Bytes of Go's map header (`maps.Map`: used, seed, dirPtr, dirLen, depths, flags, clearSeq).
@usableFromInline let _mapHeaderBytes = 48

/// Bytes of Go's table header (`maps.table`: used, capacity, growthLeft, localDepth, index,
/// groups pointer and length mask).
@usableFromInline let _tableHeaderBytes = 32

/// Bytes of one directory entry (a table pointer).
@usableFromInline let _pointerBytes = 8

/// The largest groups array a hint may ask for, in bytes (Go: maxAlloc, 2^48 on amd64).
@usableFromInline let _maxAllocBytes = 1 << 48
