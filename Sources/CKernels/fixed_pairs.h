// Gradients and hessians as fixed-point integer pairs, for histogram gradient boosting
// (LabML's FixedPointPairs): each value times its factor, rounded half away from zero, as a
// 32-bit integer; rows[i] = i when rows are asked for; and the sums of the pairs as a histogram adds them (the
// gradient, and the hessian shifted left by `shift` plus 1 for the row count), in 64 bits.
// Four rows a vector; the rounding and the conversions are exact, so both builds and the
// scalar formula give the same integers.
#ifndef OPSLAB_FIXED_PAIRS_H
#define OPSLAB_FIXED_PAIRS_H

#include <stdint.h>
#include "kernels.h"

#pragma clang fp contract(off)

typedef int32_t opslab_v4i __attribute__((vector_size(16), aligned(4)));
typedef int64_t opslab_v4l __attribute__((vector_size(32), aligned(8)));
typedef int32_t opslab_v8i __attribute__((vector_size(32), aligned(4)));

// x rounded half away from zero, as an integer (|x| < 2^31): x ± 1/2, truncated.
static inline __attribute__((always_inline)) opslab_v4i opslab_nearest4(opslab_v4d x) {
    const opslab_v4d zero = {0, 0, 0, 0}, half = {0.5, 0.5, 0.5, 0.5};
    const opslab_v4l negative = (opslab_v4l)(x < zero);
    const opslab_v4d signed_half = (opslab_v4d)((opslab_v4l)half | (negative & (opslab_v4l){INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN}));
    return __builtin_convertvector(x + signed_half, opslab_v4i);
}

static inline __attribute__((always_inline)) int32_t opslab_nearest1(double x) {
    return (int32_t)(int64_t)(x + (x < 0 ? -0.5 : 0.5));
}

static inline __attribute__((always_inline))
void opslab_fixed_pairs_body(const double *g, const double *h, long start, long end, double gradient_factor,
                             double hessian_factor, int32_t hessian_constant, long shift, int32_t *rows, int32_t *pairs,
                             int64_t *sums, long values_from) {
    // g and h hold the values of rows values_from onwards.
    const opslab_v4d gf = {gradient_factor, gradient_factor, gradient_factor, gradient_factor};
    const opslab_v4d hf = {hessian_factor, hessian_factor, hessian_factor, hessian_factor};
    opslab_v4l sum_g = {0, 0, 0, 0}, sum_h = {0, 0, 0, 0};
    const opslab_v4l one = {1, 1, 1, 1};
    const opslab_v4i constant = {hessian_constant, hessian_constant, hessian_constant, hessian_constant};
    long i = start;
    for (; i + 4 <= end; i += 4) {
        const opslab_v4i gi = opslab_nearest4(*(const opslab_v4d *)(g + (i - values_from)) * gf);
        const opslab_v4i hi = h ? opslab_nearest4(*(const opslab_v4d *)(h + (i - values_from)) * hf) : constant;
        if (rows) *(opslab_v4i *)(rows + i) = (opslab_v4i){(int32_t)i, (int32_t)i + 1, (int32_t)i + 2, (int32_t)i + 3};
        *(opslab_v8i *)(pairs + 2 * i) = __builtin_shufflevector(gi, hi, 0, 4, 1, 5, 2, 6, 3, 7);
        sum_g += __builtin_convertvector(gi, opslab_v4l);
        sum_h += (__builtin_convertvector(hi, opslab_v4l) << shift) | one;
    }
    int64_t total_g = (sum_g[0] + sum_g[1]) + (sum_g[2] + sum_g[3]);
    int64_t total_h = (sum_h[0] + sum_h[1]) + (sum_h[2] + sum_h[3]);
    for (; i < end; i++) {
        const int32_t gi = opslab_nearest1(g[i - values_from] * gradient_factor);
        const int32_t hi = h ? opslab_nearest1(h[i - values_from] * hessian_factor) : hessian_constant;
        if (rows) rows[i] = (int32_t)i;
        pairs[2 * i] = gi;
        pairs[2 * i + 1] = hi;
        total_g += gi;
        total_h += ((int64_t)hi << shift) | 1;
    }
    sums[0] = total_g;
    sums[1] = total_h;
}

#if defined(__x86_64__)
__attribute__((target("avx2"), noinline))
static void opslab_fixed_pairs_avx2(const double *g, const double *h, long start, long end, double gradient_factor,
                                    double hessian_factor, int32_t hessian_constant, long shift, int32_t *rows, int32_t *pairs,
                                    int64_t *sums) {
    opslab_fixed_pairs_body(g, h, start, end, gradient_factor, hessian_factor, hessian_constant, shift, rows, pairs, sums, 0);
}
#endif

__attribute__((noinline))
static void opslab_fixed_pairs_baseline(const double *g, const double *h, long start, long end, double gradient_factor,
                                        double hessian_factor, int32_t hessian_constant, long shift, int32_t *rows, int32_t *pairs,
                                        int64_t *sums) {
    opslab_fixed_pairs_body(g, h, start, end, gradient_factor, hessian_factor, hessian_constant, shift, rows, pairs, sums, 0);
}

// Rows start..<end: rows[i] = i (unless rows is NULL), pairs[2i], pairs[2i+1] = the row's gradient and hessian in
// fixed point (`h` NULL: every hessian is `hessian_constant`), sums[0], sums[1] = their sums
// as a histogram bin holds them. `wide` (from opslab_has_avx2) picks the AVX2 build.
static inline void opslab_fixed_pairs(const double *g, const double *h, long start, long end, double gradient_factor,
                                      double hessian_factor, int32_t hessian_constant, long shift, int32_t *rows, int32_t *pairs,
                                      int64_t *sums, int wide) {
#if defined(__x86_64__)
    if (wide) { opslab_fixed_pairs_avx2(g, h, start, end, gradient_factor, hessian_factor, hessian_constant, shift, rows, pairs, sums); return; }
#endif
    opslab_fixed_pairs_baseline(g, h, start, end, gradient_factor, hessian_factor, hessian_constant, shift, rows, pairs, sums);
}

#endif
