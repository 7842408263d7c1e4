// Hints to the processor that Swift cannot give itself.
#ifndef OPSLAB_CHINTS_SHIM_H
#define OPSLAB_CHINTS_SHIM_H

// A cache prefetch: loops that visit rows in an order the hardware prefetcher cannot guess
// (k-means re-measuring only the rows whose bounds fail) ask for a row a few steps before reading it.
static inline void opslab_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
