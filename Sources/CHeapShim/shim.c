// CHeapShim: one jemalloc call per function; see include/CHeapShim.h for why each exists.
#define _GNU_SOURCE 1
#include "CHeapShim.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <jemalloc/jemalloc.h>

#define MH_STRINGIFY_(x) #x
#define MH_STRINGIFY(x) MH_STRINGIFY_(x)

// MARK: - Control by MIB

int mh_mib_lookup(const char *name, size_t *mib, size_t *miblen) {
    return mallctlnametomib(name, mib, miblen);
}

int mh_mib_read_size(const size_t *mib, size_t miblen, size_t *value) {
    size_t length = sizeof(*value);
    return mallctlbymib(mib, miblen, value, &length, NULL, 0);
}

int mh_mib_read_u64(const size_t *mib, size_t miblen, uint64_t *value) {
    size_t length = sizeof(*value);
    return mallctlbymib(mib, miblen, value, &length, NULL, 0);
}

int mh_mib_read_u64_pointer(const size_t *mib, size_t miblen, const uint64_t **value) {
    size_t length = sizeof(*value);
    return mallctlbymib(mib, miblen, (void *)value, &length, NULL, 0);
}

int mh_mib_run(const size_t *mib, size_t miblen) {
    return mallctlbymib(mib, miblen, NULL, NULL, NULL, 0);
}

int mh_stats_refresh(const size_t *flush_mib, size_t flush_miblen, const size_t *epoch_mib, size_t epoch_miblen) {
    int flushed = mallctlbymib(flush_mib, flush_miblen, NULL, NULL, NULL, 0);
    uint64_t epoch = 1;
    int refreshed = mallctlbymib(epoch_mib, epoch_miblen, NULL, NULL, &epoch, sizeof(epoch));
    // EFAULT from the flush means the thread has no cache (thread.tcache.enabled is false): nothing to flush.
    return flushed != 0 && flushed != EFAULT ? flushed : refreshed;
}

// MARK: - Control by name

int mh_read_bool(const char *name, bool *value) {
    size_t length = sizeof(*value);
    return mallctl(name, value, &length, NULL, 0);
}

int mh_write_bool(const char *name, bool value) {
    return mallctl(name, NULL, NULL, &value, sizeof(value));
}

int mh_read_unsigned(const char *name, unsigned *value) {
    size_t length = sizeof(*value);
    return mallctl(name, value, &length, NULL, 0);
}

int mh_read_size(const char *name, size_t *value) {
    size_t length = sizeof(*value);
    return mallctl(name, value, &length, NULL, 0);
}

int mh_read_ssize(const char *name, ssize_t *value) {
    size_t length = sizeof(*value);
    return mallctl(name, value, &length, NULL, 0);
}

int mh_read_string(const char *name, const char **value) {
    size_t length = sizeof(*value);
    return mallctl(name, (void *)value, &length, NULL, 0);
}

// MARK: - Arena maintenance

int mh_purge_all_arenas(void) {
    return mallctl("arena." MH_STRINGIFY(MALLCTL_ARENAS_ALL) ".purge", NULL, NULL, NULL, 0);
}

int mh_decay_all_arenas(void) {
    return mallctl("arena." MH_STRINGIFY(MALLCTL_ARENAS_ALL) ".decay", NULL, NULL, NULL, 0);
}

// MARK: - Sizes and direct allocation

size_t mh_nallocx(size_t size) {
    return nallocx(size, 0);
}

void *mh_mallocx(size_t size) {
    return mallocx(size, 0);
}

void mh_dallocx(void *ptr) {
    dallocx(ptr, 0);
}

// MARK: - Facts about this build and process

const char *mh_header_version(void) {
    return JEMALLOC_VERSION;
}

int mh_built_with_address_sanitizer(void) {
#if defined(__SANITIZE_ADDRESS__)
    return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return 1;
#else
    return 0;
#endif
#else
    return 0;
#endif
}

const char *mh_malloc_provider(void) {
    // `malloc` here is the symbol as the dynamic linker bound it for this object, which is the same binding
    // the Swift runtime's swift_slowAlloc gets (both look it up in the global scope).
    void *(*resolved)(size_t) = malloc;
    Dl_info info;
    if (dladdr((void *)resolved, &info) == 0 || info.dli_fname == NULL) {
        return NULL;
    }
    return info.dli_fname;
}

// MARK: - AddressSanitizer builds only: C++ allocation operators

#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
// Debian's libjemalloc.so exports the C++ operators new and delete. Swift links the ASan runtime without its
// C++ part, so in an ASan build `operator new` (used by the Swift runtime and libstdc++) would bind to jemalloc
// and allocate from jemalloc, while jemalloc's `operator delete` calls `free`, which ASan owns: ASan aborts
// with "bad-free" before the first test runs. Defining the operators here, in the executable, makes them bind
// ahead of jemalloc's and route every C++ allocation to ASan's malloc/free. Mangled names, because this is C.
#include <stdio.h>

static void *mh_asan_new(size_t size) {
    void *block = malloc(size == 0 ? 1 : size);
    if (block == NULL) {
        fputs("mapheap (ASan build): operator new out of memory\n", stderr);
        abort();
    }
    return block;
}

static void *mh_asan_new_aligned(size_t size, size_t alignment) {
    void *block = NULL;
    if (posix_memalign(&block, alignment < sizeof(void *) ? sizeof(void *) : alignment, size == 0 ? 1 : size)) {
        fputs("mapheap (ASan build): aligned operator new out of memory\n", stderr);
        abort();
    }
    return block;
}

void *_Znwm(size_t size) { return mh_asan_new(size); }
void *_Znam(size_t size) { return mh_asan_new(size); }
void *_ZnwmRKSt9nothrow_t(size_t size, const void *tag) { (void)tag; return malloc(size == 0 ? 1 : size); }
void *_ZnamRKSt9nothrow_t(size_t size, const void *tag) { (void)tag; return malloc(size == 0 ? 1 : size); }
void *_ZnwmSt11align_val_t(size_t size, size_t alignment) { return mh_asan_new_aligned(size, alignment); }
void *_ZnamSt11align_val_t(size_t size, size_t alignment) { return mh_asan_new_aligned(size, alignment); }
void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t size, size_t alignment, const void *tag) {
    (void)tag;
    return mh_asan_new_aligned(size, alignment);
}
void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t size, size_t alignment, const void *tag) {
    (void)tag;
    return mh_asan_new_aligned(size, alignment);
}
void _ZdlPv(void *block) { free(block); }
void _ZdaPv(void *block) { free(block); }
void _ZdlPvm(void *block, size_t size) { (void)size; free(block); }
void _ZdaPvm(void *block, size_t size) { (void)size; free(block); }
void _ZdlPvRKSt9nothrow_t(void *block, const void *tag) { (void)tag; free(block); }
void _ZdaPvRKSt9nothrow_t(void *block, const void *tag) { (void)tag; free(block); }
void _ZdlPvSt11align_val_t(void *block, size_t alignment) { (void)alignment; free(block); }
void _ZdaPvSt11align_val_t(void *block, size_t alignment) { (void)alignment; free(block); }
void _ZdlPvmSt11align_val_t(void *block, size_t size, size_t alignment) { (void)size; (void)alignment; free(block); }
void _ZdaPvmSt11align_val_t(void *block, size_t size, size_t alignment) { (void)size; (void)alignment; free(block); }
void _ZdlPvSt11align_val_tRKSt9nothrow_t(void *block, size_t alignment, const void *tag) {
    (void)alignment;
    (void)tag;
    free(block);
}
void _ZdaPvSt11align_val_tRKSt9nothrow_t(void *block, size_t alignment, const void *tag) {
    (void)alignment;
    (void)tag;
    free(block);
}
#endif
