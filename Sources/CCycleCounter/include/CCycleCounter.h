// The processor's cycle counter, read inline: Swift cannot emit `rdtsc` itself, and a call into a
// C function would cost as much as the read. `static inline` lets the Swift optimizer inline it.
#ifndef MH_CYCLE_COUNTER_H
#define MH_CYCLE_COUNTER_H

#include <stdint.h>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

/// 1 when `mh_cycle_counter_read` reads a real counter on this architecture, 0 when it returns 0.
static inline int mh_cycle_counter_available(void) {
#if defined(__x86_64__) || defined(__aarch64__)
    return 1;
#else
    return 0;
#endif
}

/// The counter now: x86-64's time-stamp counter (`rdtsc`, not serializing: an instruction or two
/// may pass it), arm64's virtual counter (`cntvct_el0`); 0 elsewhere.
static inline uint64_t mh_cycle_counter_read(void) {
#if defined(__x86_64__)
    return __rdtsc();
#elif defined(__aarch64__)
    uint64_t value;
    __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(value));
    return value;
#else
    return 0;
#endif
}

#endif
