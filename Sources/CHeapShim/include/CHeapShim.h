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

/// 1 when this C target was compiled with AddressSanitizer (`swift build --sanitize=address` passes
/// `-fsanitize=address` to C targets). Under ASan, ASan's interceptors own `malloc`, so jemalloc is not the
/// process allocator and the verification in HeapStats must fail.
int mh_built_with_address_sanitizer(void);

/// The file of the shared object (or executable) that defines the `malloc` this process calls, as the
/// dynamic linker resolved it (via `dladdr`), or NULL if unknown. A diagnostic for `mapheap doctor`: with
/// jemalloc in charge it names libjemalloc.so.2; otherwise libc, or the executable itself under ASan.
const char *mh_malloc_provider(void);

// MARK: - Allocation sites (sites.c): call stacks of sampled allocations, through jemalloc's hooks

/// The deepest call stack recorded per sampled allocation (frames beyond it are cut at the root side).
#define MH_SITES_MAX_DEPTH 64

/// One distinct call stack and the bytes attributed to it. Bytes are jemalloc size classes (usable sizes); a
/// sampled allocation below the threshold counts for its estimated weight (size / probability of sampling it).
typedef struct mh_site_stack {
    /// Hash of the frames (identity in the table).
    uint64_t hash;
    /// Number of valid entries in `frames`.
    uint32_t depth;
    /// 1 once the slot is in use.
    uint32_t used;
    /// Bytes allocated at this stack and not yet freed (estimated for sampled allocations).
    int64_t live_bytes;
    /// `live_bytes` when `mh_sites_mark_peak` was last called.
    int64_t peak_live_bytes;
    /// Bytes ever allocated at this stack while recording (estimated for sampled allocations).
    int64_t total_bytes;
    /// Allocations at this stack (estimated: each sample counts for 1 / its probability).
    int64_t allocations;
    /// Allocations actually recorded (sampled or above the threshold).
    int64_t samples;
    /// Return addresses, innermost first (frame 0 is inside the hook).
    uintptr_t frames[MH_SITES_MAX_DEPTH];
} mh_site_stack;

/// Starts recording on the calling thread: warms libunwind up, maps the tables and installs jemalloc's
/// `experimental.hooks`. Every allocation of `threshold` bytes or more (size class) is recorded; smaller ones
/// are sampled byte-weighted with mean interval `sample_rate` bytes (a Poisson process over allocated bytes,
/// as jemalloc's prof and Go's pprof do). Frees of recorded blocks (on any thread) are subtracted.
/// Returns 0, EBUSY (already recording), ENOTSUP (AddressSanitizer build: jemalloc is not the allocator),
/// ENOMEM (tables cannot be mapped), or jemalloc's error from installing the hooks.
int mh_sites_start(size_t sample_rate, size_t threshold, uint64_t seed);

/// Removes the hooks. The tables stay readable until `mh_sites_release`. Returns 0 or jemalloc's error.
int mh_sites_stop(void);

/// Unmaps the tables (after `mh_sites_stop`).
void mh_sites_release(void);

/// Copies every stack's `live_bytes` into its `peak_live_bytes` (the sampler calls it at a new peak). Does
/// not allocate; costs one pass over the stacks in use.
void mh_sites_mark_peak(void);

/// The number of distinct stacks recorded.
size_t mh_sites_stack_count(void);

/// The `index`-th stack recorded (0 ..< count, in first-seen order), or NULL.
const mh_site_stack *mh_sites_stack_at(size_t index);

/// Recorded allocations that could not be kept because a table was full (0 normally).
uint64_t mh_sites_dropped(void);

/// The loaded object holding `address` (dladdr1 with RTLD_DL_LINKMAP): its file (empty for the main program),
/// its load bias (file address = address - bias), and the nearest dynamic symbol's name if any. Returns 0 when
/// no object holds the address. For symbolizing after recording, never in the hook.
int mh_module_of(uintptr_t address, const char **path, uintptr_t *bias, const char **symbol);

/// Calls the hook path's unwinder once and returns the number of frames (a test that libunwind works).
int mh_sites_unwind_probe(void);

// In AddressSanitizer builds only, shim.c also defines C++'s operators new and delete (by their mangled names):
// Debian's libjemalloc.so exports them, and without an override they would allocate from jemalloc while ASan's
// `free` released the blocks, which ASan reports as a bad free before the first test runs. See shim.c.

#ifdef __cplusplus
}
#endif

#endif // CHEAPSHIM_H
