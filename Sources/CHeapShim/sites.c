// CHeapShim: allocation sites. jemalloc's experimental hooks report every allocation and free; this file
// records the call stack (libunwind) of the allocations it samples and matches frees to them, so live bytes
// per stack are known. See include/CHeapShim.h for the interface; symbolizing happens in Swift, afterwards.
//
// Rules of the hook path (it runs inside malloc/free):
//   - it never allocates through malloc: both tables are mmap'd once, before the hooks are installed;
//   - a thread-local flag stops re-entrancy (libunwind or jemalloc calling malloc from inside the hook);
//   - allocations are sampled only on the thread that started recording (the measuring thread); frees are
//     matched on any thread, under a spin lock that is uncontended in practice;
//   - an allocation that is not sampled costs a thread-local check and one subtraction.
#define _GNU_SOURCE 1
#include "CHeapShim.h"

#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <math.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <jemalloc/jemalloc.h>
#define UNW_LOCAL_ONLY
#include <libunwind.h>

// jemalloc 5.3's `hooks_t` and hook signatures (include/jemalloc/internal/hook.h); not in the public header.
typedef void (*mh_hook_alloc)(void *extra, int type, void *result, uintptr_t result_raw, uintptr_t args_raw[3]);
typedef void (*mh_hook_dalloc)(void *extra, int type, void *address, uintptr_t args_raw[3]);
typedef void (*mh_hook_expand)(void *extra, int type, void *address, size_t old_usize, size_t new_usize,
                               uintptr_t result_raw, uintptr_t args_raw[4]);
typedef struct {
    mh_hook_alloc alloc_hook;
    mh_hook_dalloc dalloc_hook;
    mh_hook_expand expand_hook;
    void *extra;
} mh_jemalloc_hooks;

/// Distinct stacks the table holds (power of two).
#define MH_STACK_CAPACITY 8192u
/// Live recorded blocks the table holds (power of two).
#define MH_LIVE_CAPACITY (1u << 20)

/// One recorded block that is still allocated.
typedef struct {
    uintptr_t address;  // 0: empty slot
    uint32_t stack;     // index into the dense stack list
    uint32_t exact;     // 1: recorded at its real size (above the threshold), 0: sampled with a weight
    int64_t bytes;      // bytes it counts for
    int64_t count;      // allocations it counts for
} mh_live_block;

static mh_site_stack *stacks;          // open-addressed by hash
static uint32_t *stack_order;          // dense list: indices into `stacks`, first-seen order
static uint32_t *slot_order;           // for each slot of `stacks`, its index in the dense list
static size_t stack_count;
static mh_live_block *live;            // open-addressed by address, linear probing, backward-shift delete
static size_t live_count;
static uint64_t dropped;
static void *hook_handle;
static atomic_flag table_lock = ATOMIC_FLAG_INIT;
static atomic_bool recording;
static double sample_rate;
static size_t threshold;

static __thread bool in_hook;
static __thread bool is_recording_thread;
static __thread double bytes_until_sample;
static __thread uint64_t random_state;

static void lock(void) {
    while (atomic_flag_test_and_set_explicit(&table_lock, memory_order_acquire)) {
    }
}

static void unlock(void) {
    atomic_flag_clear_explicit(&table_lock, memory_order_release);
}

static uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

/// A uniform double in (0, 1] from the thread's xorshift state.
static double next_uniform(void) {
    uint64_t x = random_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    random_state = x;
    return ((double)(x >> 11) + 1.0) / 9007199254740992.0;
}

/// Bytes until the next sample: exponentially distributed with mean `sample_rate`.
static double next_interval(void) {
    return -log(next_uniform()) * sample_rate;
}

/// The dense index of the stack with these frames, added if new; UINT32_MAX when the table is full.
static uint32_t stack_index(void **frames, int depth) {
    uint64_t hash = (uint64_t)depth;
    for (int i = 0; i < depth; i++) hash = mix(hash ^ (uint64_t)(uintptr_t)frames[i]);
    size_t mask = MH_STACK_CAPACITY - 1;
    for (size_t probe = 0, slot = hash & mask; probe < MH_STACK_CAPACITY; probe++, slot = (slot + 1) & mask) {
        mh_site_stack *entry = &stacks[slot];
        if (!entry->used) {
            if (stack_count >= MH_STACK_CAPACITY * 3 / 4) return UINT32_MAX;
            entry->used = 1;
            entry->hash = hash;
            entry->depth = (uint32_t)depth;
            memcpy(entry->frames, frames, (size_t)depth * sizeof(void *));
            stack_order[stack_count] = (uint32_t)slot;
            slot_order[slot] = (uint32_t)stack_count;
            return (uint32_t)stack_count++;
        }
        if (entry->hash == hash && entry->depth == (uint32_t)depth
            && memcmp(entry->frames, frames, (size_t)depth * sizeof(void *)) == 0) {
            return slot_order[slot];
        }
    }
    return UINT32_MAX;
}

static size_t live_slot(uintptr_t address) {
    return (size_t)mix(address) & (MH_LIVE_CAPACITY - 1);
}

static void live_insert(uintptr_t address, uint32_t stack, bool exact, int64_t bytes, int64_t count) {
    if (live_count >= MH_LIVE_CAPACITY * 3 / 4) {
        dropped++;
        return;
    }
    size_t mask = MH_LIVE_CAPACITY - 1;
    size_t slot = live_slot(address);
    while (live[slot].address != 0 && live[slot].address != address) slot = (slot + 1) & mask;
    if (live[slot].address == 0) live_count++;
    live[slot] = (mh_live_block){address, stack, exact ? 1u : 0u, bytes, count};
    mh_site_stack *entry = &stacks[stack_order[stack]];
    entry->live_bytes += bytes;
    entry->total_bytes += bytes;
    entry->allocations += count;
    entry->samples += 1;
}

/// The slot holding `address`, or SIZE_MAX.
static size_t live_find(uintptr_t address) {
    size_t mask = MH_LIVE_CAPACITY - 1;
    for (size_t slot = live_slot(address); live[slot].address != 0; slot = (slot + 1) & mask) {
        if (live[slot].address == address) return slot;
    }
    return SIZE_MAX;
}

/// Removes the block in `slot` (backward-shift deletion keeps every probe sequence unbroken).
static void live_remove(size_t slot) {
    size_t mask = MH_LIVE_CAPACITY - 1;
    mh_site_stack *entry = &stacks[stack_order[live[slot].stack]];
    entry->live_bytes -= live[slot].bytes;
    live_count--;
    size_t hole = slot;
    for (size_t next = (hole + 1) & mask; live[next].address != 0; next = (next + 1) & mask) {
        size_t home = live_slot(live[next].address);
        // Move `next` into the hole unless its home lies cyclically in (hole, next].
        bool stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
        if (!stays) {
            live[hole] = live[next];
            hole = next;
        }
    }
    live[hole].address = 0;
}

static void record(void *result) {
    size_t size = sallocx(result, 0);
    bool exact = size >= threshold;
    int64_t bytes = (int64_t)size;
    int64_t count = 1;
    if (!exact) {
        bytes_until_sample -= (double)size;
        if (bytes_until_sample > 0) return;
        bytes_until_sample = next_interval();
        // Sampled with probability 1 - exp(-size / rate): count it for size / probability bytes.
        double probability = 1.0 - exp(-(double)size / sample_rate);
        bytes = llround((double)size / probability);
        count = llround(1.0 / probability);
    }
    void *frames[MH_SITES_MAX_DEPTH];
    int depth = unw_backtrace(frames, MH_SITES_MAX_DEPTH);
    if (depth <= 0) return;
    lock();
    uint32_t stack = stack_index(frames, depth);
    if (stack == UINT32_MAX) {
        dropped++;
    } else {
        live_insert((uintptr_t)result, stack, exact, bytes, count);
    }
    unlock();
}

static void alloc_hook(void *extra, int type, void *result, uintptr_t result_raw, uintptr_t args_raw[3]) {
    (void)extra;
    (void)type;
    (void)result_raw;
    (void)args_raw;
    if (!is_recording_thread || in_hook || result == NULL) return;
    if (!atomic_load_explicit(&recording, memory_order_relaxed)) return;
    in_hook = true;
    record(result);
    in_hook = false;
}

static void dalloc_hook(void *extra, int type, void *address, uintptr_t args_raw[3]) {
    (void)extra;
    (void)type;
    (void)args_raw;
    if (in_hook || address == NULL || !atomic_load_explicit(&recording, memory_order_relaxed)) return;
    in_hook = true;
    lock();
    if (live_count > 0) {
        size_t slot = live_find((uintptr_t)address);
        if (slot != SIZE_MAX) live_remove(slot);
    }
    unlock();
    in_hook = false;
}

static void expand_hook(void *extra, int type, void *address, size_t old_usize, size_t new_usize,
                        uintptr_t result_raw, uintptr_t args_raw[4]) {
    (void)extra;
    (void)type;
    (void)result_raw;
    (void)args_raw;
    if (in_hook || address == NULL || !atomic_load_explicit(&recording, memory_order_relaxed)) return;
    in_hook = true;
    lock();
    // A block recorded at its real size that grows or shrinks in place keeps its stack; a sampled block
    // keeps its weight (its estimate stays unbiased for the size it was sampled at).
    size_t slot = live_count > 0 ? live_find((uintptr_t)address) : SIZE_MAX;
    if (slot != SIZE_MAX && live[slot].exact) {
        int64_t change = (int64_t)new_usize - (int64_t)old_usize;
        live[slot].bytes += change;
        mh_site_stack *entry = &stacks[stack_order[live[slot].stack]];
        entry->live_bytes += change;
        if (change > 0) entry->total_bytes += change;
    }
    unlock();
    in_hook = false;
}

static void *map_zeroed(size_t bytes) {
    void *block = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return block == MAP_FAILED ? NULL : block;
}

void mh_sites_release(void) {
    if (hook_handle != NULL) return;  // still recording
    if (stacks != NULL) munmap(stacks, MH_STACK_CAPACITY * sizeof(mh_site_stack));
    if (stack_order != NULL) munmap(stack_order, MH_STACK_CAPACITY * sizeof(uint32_t));
    if (slot_order != NULL) munmap(slot_order, MH_STACK_CAPACITY * sizeof(uint32_t));
    if (live != NULL) munmap(live, MH_LIVE_CAPACITY * sizeof(mh_live_block));
    stacks = NULL;
    stack_order = NULL;
    slot_order = NULL;
    live = NULL;
    stack_count = 0;
    live_count = 0;
    dropped = 0;
}

int mh_sites_unwind_probe(void) {
    void *frames[MH_SITES_MAX_DEPTH];
    return unw_backtrace(frames, MH_SITES_MAX_DEPTH);
}

int mh_sites_start(size_t rate, size_t min_exact, uint64_t seed) {
    if (mh_built_with_address_sanitizer()) return ENOTSUP;
    if (hook_handle != NULL) return EBUSY;
    mh_sites_release();
    stacks = map_zeroed(MH_STACK_CAPACITY * sizeof(mh_site_stack));
    stack_order = map_zeroed(MH_STACK_CAPACITY * sizeof(uint32_t));
    slot_order = map_zeroed(MH_STACK_CAPACITY * sizeof(uint32_t));
    live = map_zeroed(MH_LIVE_CAPACITY * sizeof(mh_live_block));
    if (stacks == NULL || stack_order == NULL || slot_order == NULL || live == NULL) {
        mh_sites_release();
        return ENOMEM;
    }
    sample_rate = rate == 0 ? 1.0 : (double)rate;
    threshold = min_exact;
    random_state = mix(seed) | 1;
    // libunwind may allocate on its first use (caches): do that now, outside the hook. Twice, so that the
    // second call runs on warm caches.
    (void)mh_sites_unwind_probe();
    (void)mh_sites_unwind_probe();
    bytes_until_sample = next_interval();
    is_recording_thread = true;
    mh_jemalloc_hooks hooks = {alloc_hook, dalloc_hook, expand_hook, NULL};
    void *handle = NULL;
    size_t length = sizeof(handle);
    atomic_store(&recording, true);
    int result = mallctl("experimental.hooks.install", &handle, &length, &hooks, sizeof(hooks));
    if (result != 0) {
        atomic_store(&recording, false);
        is_recording_thread = false;
        mh_sites_release();
        return result;
    }
    hook_handle = handle;
    return 0;
}

int mh_sites_stop(void) {
    if (hook_handle == NULL) return 0;
    atomic_store(&recording, false);
    is_recording_thread = false;
    void *handle = hook_handle;
    int result = mallctl("experimental.hooks.remove", NULL, NULL, &handle, sizeof(handle));
    hook_handle = NULL;
    // A hook already running on another thread finishes under the lock; taking it once waits for that.
    lock();
    unlock();
    return result;
}

void mh_sites_mark_peak(void) {
    if (stacks == NULL) return;
    lock();
    for (size_t i = 0; i < stack_count; i++) {
        mh_site_stack *entry = &stacks[stack_order[i]];
        entry->peak_live_bytes = entry->live_bytes;
    }
    unlock();
}

size_t mh_sites_stack_count(void) {
    return stacks == NULL ? 0 : stack_count;
}

const mh_site_stack *mh_sites_stack_at(size_t index) {
    if (stacks == NULL || index >= stack_count) return NULL;
    return &stacks[stack_order[index]];
}

uint64_t mh_sites_dropped(void) {
    return dropped;
}

int mh_module_of(uintptr_t address, const char **path, uintptr_t *bias, const char **symbol) {
    Dl_info info;
    struct link_map *map = NULL;
    if (dladdr1((void *)address, &info, (void **)&map, RTLD_DL_LINKMAP) == 0 || map == NULL) return 0;
    *path = map->l_name != NULL ? map->l_name : "";
    *bias = (uintptr_t)map->l_addr;
    *symbol = info.dli_sname;
    return 1;
}
