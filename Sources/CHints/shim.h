// Hints to the processor that Swift cannot give itself.
#ifndef OPSLAB_CHINTS_SHIM_H
#define OPSLAB_CHINTS_SHIM_H

// A cache prefetch: loops that visit rows in an order the hardware prefetcher cannot guess
// (k-means re-measuring only the rows whose bounds fail) ask for a row a few steps before reading it.
static inline void opslab_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

// A spin-wait hint: a thread polling for its partner's signal yields the core's shared
// resources while it waits, and leaves the loop without a memory-order stall when the signal comes.
static inline void opslab_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}
#endif
