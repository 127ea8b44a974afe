// CHeapShim: the only C in mapheap.
//
// Thin `mh_` wrappers over jemalloc's control interface (mallctl), its size-class query (nallocx) and its
// direct allocation API (mallocx/dallocx). Swift could call jemalloc.h directly, but importing that header
// would also import jemalloc's unprefixed malloc/free declarations next to Glibc's; this header keeps the
// surface to exactly what HeapStats needs. Every function here is one jemalloc call (or a compile-time fact);
// the logic (which names, when to refresh, how to interpret) lives in Swift, in the HeapStats module.
//
// Return convention: functions returning `int` return jemalloc's result, 0 on success or an errno value
// (ENOENT: no such control or stats compiled out; EINVAL: wrong size; EFAULT: not available).
#ifndef CHEAPSHIM_H
#define CHEAPSHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Control by MIB (the hot path: names are resolved once, then used as integer paths)

/// Resolves a mallctl name ("stats.allocated") to its MIB, so later reads skip the string parsing.
/// On entry `*miblen` is the capacity of `mib`; on return, the number of components written.
int mh_mib_lookup(const char *name, size_t *mib, size_t *miblen);

/// Reads a `size_t` control (the `stats.*` totals) through its MIB.
int mh_mib_read_size(const size_t *mib, size_t miblen, size_t *value);

/// Reads a `uint64_t` control (`thread.allocated`, `thread.peak.read`) through its MIB.
int mh_mib_read_u64(const size_t *mib, size_t miblen, uint64_t *value);

/// Reads a `uint64_t *` control (`thread.allocatedp`, `thread.deallocatedp`): the address of the calling
/// thread's live counter, which Swift then loads directly (HeapStats' ThreadCounterReader), in a nanosecond.
int mh_mib_read_u64_pointer(const size_t *mib, size_t miblen, const uint64_t **value);

/// Runs a `void` control that takes no value (`thread.tcache.flush`, `thread.peak.reset`).
int mh_mib_run(const size_t *mib, size_t miblen);

/// Makes the `stats.*` totals current: flushes the calling thread's tcache (so blocks it caches are counted
/// as free, not as in use) and then writes `epoch`, which makes jemalloc merge its per-arena statistics.
/// Returns the first failure, or 0; a thread without a cache (EFAULT from the flush) is not a failure.
int mh_stats_refresh(const size_t *flush_mib, size_t flush_miblen, const size_t *epoch_mib, size_t epoch_miblen);

// MARK: - Control by name (one-off reads: version, config.*, opt.*, arenas.page)

/// Reads a `bool` control by name (`config.stats`, `opt.tcache`, `opt.retain`).
int mh_read_bool(const char *name, bool *value);

/// Writes a `bool` control by name (`thread.tcache.enabled`: turning the calling thread's cache off flushes it).
int mh_write_bool(const char *name, bool value);

/// Reads an `unsigned` control by name (`opt.narenas`, `arenas.narenas`).
int mh_read_unsigned(const char *name, unsigned *value);

/// Reads a `size_t` control by name (`opt.tcache_max`, `arenas.page`).
int mh_read_size(const char *name, size_t *value);

/// Reads an `ssize_t` control by name (`opt.dirty_decay_ms`, `opt.muzzy_decay_ms`; -1 means "never").
int mh_read_ssize(const char *name, ssize_t *value);

/// Reads a `const char *` control by name (`version`, `opt.thp`, `opt.metadata_thp`). The string is owned
/// by jemalloc and lives as long as the process.
int mh_read_string(const char *name, const char **value);

// MARK: - Arena maintenance

/// Purges all unused dirty and muzzy pages of every arena (`arena.<MALLCTL_ARENAS_ALL>.purge`), so that
/// `stats.resident` afterwards reflects live data and metadata, not pages freed earlier.
int mh_purge_all_arenas(void);

/// Runs time-based decay on every arena (`arena.<MALLCTL_ARENAS_ALL>.decay`): purges what the
/// `opt.dirty_decay_ms` / `opt.muzzy_decay_ms` curves say is due now, as jemalloc would on its own.
int mh_decay_all_arenas(void);

// MARK: - Sizes and direct allocation

/// The size class jemalloc uses for a request of `size` bytes (`nallocx(size, 0)`), 0 if out of range.
size_t mh_nallocx(size_t size);

/// Allocates from jemalloc directly (`mallocx(size, 0)`), bypassing whatever `malloc` resolves to. Tests use
/// it so that counter checks stay meaningful under AddressSanitizer, whose interceptors own `malloc`.
void *mh_mallocx(size_t size);

/// Frees a block from `mh_mallocx` (`dallocx(ptr, 0)`).
void mh_dallocx(void *ptr);

// MARK: - Facts about this build and process

/// The jemalloc version of the header this shim was compiled against (`JEMALLOC_VERSION`).
const char *mh_header_version(void);

/// The value of `MALLCTL_ARENAS_ALL`, the arena index that means "all arenas".
unsigned mh_arenas_all(void);

/// 1 when this C target was compiled with AddressSanitizer (`swift build --sanitize=address` passes
/// `-fsanitize=address` to C targets). Under ASan, ASan's interceptors own `malloc`, so jemalloc is not the
/// process allocator and the verification in HeapStats must fail.
int mh_built_with_address_sanitizer(void);

/// The file of the shared object (or executable) that defines the `malloc` this process calls, as the
/// dynamic linker resolved it (via `dladdr`), or NULL if unknown. A diagnostic for `mapheap doctor`: with
/// jemalloc in charge it names libjemalloc.so.2; otherwise libc, or the executable itself under ASan.
const char *mh_malloc_provider(void);

// In AddressSanitizer builds only, shim.c also defines C++'s operators new and delete (by their mangled names):
// Debian's libjemalloc.so exports them, and without an override they would allocate from jemalloc while ASan's
// `free` released the blocks, which ASan reports as a bad free before the first test runs. See shim.c.

#ifdef __cplusplus
}
#endif

#endif // CHEAPSHIM_H
