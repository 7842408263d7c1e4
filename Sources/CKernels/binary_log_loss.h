// Gradients and hessians of the binary log-loss for gradient boosting, four or eight rows a step.
//
// Per row: e = exp(-|z|) (its own polynomial, in binary_log_loss_lanes.inc), p = sigmoid(z) =
// (z >= 0 ? 1 : e) / (1 + e), gradient p - y, hessian p(1 - p), loss max(z, 0) - yz + log(1 + e).
// The same IEEE operations in the same order lane by lane in the AVX-512, AVX2 and baseline
// builds (no fused multiply-add), so all give the same gradients and hessians to the bit, as
// kernels.h's kernels do; the AVX2 and baseline builds the same loss too.
#ifndef OPSLAB_BINARY_LOG_LOSS_H
#define OPSLAB_BINARY_LOG_LOSS_H

#include <math.h>
#include <stdint.h>
#include <string.h>
#include "fixed_pairs.h"

#pragma clang fp contract(off)
// Vectors are passed only between always-inline functions, so their calling convention never applies.
#pragma clang diagnostic ignored "-Wpsabi"

// One template, two widths: four lanes (the baseline and AVX2 builds) and eight (AVX-512).
#define OPSLAB_LOSS_PASTE2(a, b) opslab_loss_##a##_##b
#define OPSLAB_LOSS_PASTE(a, b) OPSLAB_LOSS_PASTE2(a, b)
#define OPSLAB_LOSS_NAME(x) OPSLAB_LOSS_PASTE(x, OPSLAB_LOSS_LANES)

typedef double opslab_loss_v4d __attribute__((vector_size(32), aligned(8), may_alias));
typedef long long opslab_loss_v4l __attribute__((vector_size(32), aligned(8), may_alias));
#define OPSLAB_LOSS_LANES 4
#define VD opslab_loss_v4d
#define VL opslab_loss_v4l
#define SPLAT(v) ((opslab_loss_v4d){v, v, v, v})
#include "binary_log_loss_lanes.inc"
#undef OPSLAB_LOSS_LANES
#undef VD
#undef VL
#undef SPLAT

typedef double opslab_loss_v8d __attribute__((vector_size(64), aligned(8), may_alias));
typedef long long opslab_loss_v8l __attribute__((vector_size(64), aligned(8), may_alias));
#define OPSLAB_LOSS_LANES 8
#define VD opslab_loss_v8d
#define VL opslab_loss_v8l
#define SPLAT(v) ((opslab_loss_v8d){v, v, v, v, v, v, v, v})
#include "binary_log_loss_lanes.inc"
#undef OPSLAB_LOSS_LANES
#undef VD
#undef VL
#undef SPLAT

#define OPSLAB_LOSS_AVX512 target("avx512f,avx512dq,avx512vl,avx512bw")

#if defined(__x86_64__)
__attribute__((OPSLAB_LOSS_AVX512, noinline))
static void opslab_binary_log_loss_avx512(const double *raw, const double *y, long count, double *g, double *h, double *out) {
    opslab_loss_body_8(raw, y, count, g, h, out);
}

__attribute__((target("avx2"), noinline))
static void opslab_binary_log_loss_avx2(const double *raw, const double *y, long count, double *g, double *h, double *out) {
    opslab_loss_body_4(raw, y, count, g, h, out);
}
#endif

__attribute__((noinline))
static void opslab_binary_log_loss_baseline(const double *raw, const double *y, long count, double *g, double *h, double *out) {
    opslab_loss_body_4(raw, y, count, g, h, out);
}

// The kernel above; `level` (opslab_vector_level) picks the AVX-512 build (eight rows a step:
// the same gradients and hessians to the bit, the loss summed in another order) or the AVX2 one.
static inline void opslab_binary_log_loss(const double *raw, const double *y, long count, double *g, double *h, double *out, int level) {
#if defined(__x86_64__)
    if (level >= 2) { opslab_binary_log_loss_avx512(raw, y, count, g, h, out); return; }
    if (level == 1) { opslab_binary_log_loss_avx2(raw, y, count, g, h, out); return; }
#endif
    opslab_binary_log_loss_baseline(raw, y, count, g, h, out);
}

#if defined(__x86_64__)
__attribute__((OPSLAB_LOSS_AVX512, noinline))
static void opslab_binary_log_loss_pairs_avx512(const double *raw, const double *y, long start, long end, double gradient_factor,
                                                double hessian_factor, long shift, int32_t *rows, int32_t *pairs, int64_t *sums, double *out) {
    opslab_loss_pairs_body_8(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out);
}

__attribute__((target("avx2"), noinline))
static void opslab_binary_log_loss_pairs_avx2(const double *raw, const double *y, long start, long end, double gradient_factor,
                                              double hessian_factor, long shift, int32_t *rows, int32_t *pairs, int64_t *sums, double *out) {
    opslab_loss_pairs_body_4(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out);
}
#endif

__attribute__((noinline))
static void opslab_binary_log_loss_pairs_baseline(const double *raw, const double *y, long start, long end, double gradient_factor,
                                                  double hessian_factor, long shift, int32_t *rows, int32_t *pairs, int64_t *sums, double *out) {
    opslab_loss_pairs_body_4(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out);
}

// The pairs kernel (`loss_pairs_body` in binary_log_loss_lanes.inc); `level` picks the build as above.
static inline void opslab_binary_log_loss_pairs(const double *raw, const double *y, long start, long end, double gradient_factor,
                                                double hessian_factor, long shift, int32_t *rows, int32_t *pairs, int64_t *sums,
                                                double *out, int level) {
#if defined(__x86_64__)
    if (level >= 2) { opslab_binary_log_loss_pairs_avx512(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out); return; }
    if (level == 1) { opslab_binary_log_loss_pairs_avx2(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out); return; }
#endif
    opslab_binary_log_loss_pairs_baseline(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out);
}

#endif
