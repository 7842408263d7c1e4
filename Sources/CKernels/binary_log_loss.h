// Gradients and hessians of the binary log-loss for gradient boosting, four rows a step.
//
// Per row: e = exp(-|z|) (its own polynomial, below), p = sigmoid(z) = (z >= 0 ? 1 : e) / (1 + e),
// gradient p - y, hessian p(1 - p), loss max(z, 0) - yz + log(1 + e). The same IEEE operations
// in the same order lane by lane in the AVX2 and the baseline build (no fused multiply-add), so
// both give the same bits, as kernels.h's kernels do.
#ifndef OPSLAB_BINARY_LOG_LOSS_H
#define OPSLAB_BINARY_LOG_LOSS_H

#include <math.h>
#include <stdint.h>
#include <string.h>
#include "fixed_pairs.h"

#pragma clang fp contract(off)
// Vectors are passed only between always-inline functions, so their calling convention never applies.
#pragma clang diagnostic ignored "-Wpsabi"

typedef double opslab_loss_v4d __attribute__((vector_size(32), aligned(8), may_alias));
typedef long long opslab_loss_v4l __attribute__((vector_size(32), aligned(8), may_alias));

#define OPSLAB_LOSS_SPLAT(v) ((opslab_loss_v4d){v, v, v, v})

// Lane by lane: a where mask is set (all ones), b where it is clear (C has no vector ?:).
static inline __attribute__((always_inline)) opslab_loss_v4d opslab_loss_select(opslab_loss_v4l mask, opslab_loss_v4d a, opslab_loss_v4d b) {
    opslab_loss_v4l ia, ib;
    memcpy(&ia, &a, sizeof ia);
    memcpy(&ib, &b, sizeof ib);
    const opslab_loss_v4l picked = (mask & ia) | (~mask & ib);
    opslab_loss_v4d out;
    memcpy(&out, &picked, sizeof out);
    return out;
}

// exp(x) for x <= 0, to a few ulp: x = n·ln2 + r with |r| <= ln2/2, e^r by its Taylor series to
// r^13 (the next term is below 2^-57 of the result), times 2^n set in the exponent bits. Below
// -708 (where 2^n leaves the normal range) the result is 0: a probability of 1e-308 or 0 makes
// no difference to a gradient.
static inline __attribute__((always_inline)) opslab_loss_v4d opslab_exp_nonpositive(opslab_loss_v4d x) {
    const opslab_loss_v4d shifter = OPSLAB_LOSS_SPLAT(6755399441055744.0);  // 1.5·2^52: adding it rounds to an integer
    const opslab_loss_v4l tiny = x < -708.0;
    x = opslab_loss_select(tiny, OPSLAB_LOSS_SPLAT(0.0), x);
    const opslab_loss_v4d shifted = x * 1.4426950408889634 + shifter;
    const opslab_loss_v4d n = shifted - shifter;
    // ln2 in two parts (fdlibm's), the first of 32 significant bits so that n·hi is exact.
    const opslab_loss_v4d r = (x - n * 0.6931471803691238) - n * 1.9082149292705877e-10;
    opslab_loss_v4d q = OPSLAB_LOSS_SPLAT(1.0 / 6227020800.0);
    q = q * r + 1.0 / 479001600.0;
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    q = q * r + 1.0;
    q = q * r + 1.0;
    // 2^n from n's bits: the integer sits in the low mantissa bits of `shifted`.
    opslab_loss_v4l bits;
    memcpy(&bits, &shifted, sizeof bits);
    bits = ((bits - 0x4338000000000000LL) + 1023) << 52;
    opslab_loss_v4d scale;
    memcpy(&scale, &bits, sizeof scale);
    const opslab_loss_v4d result = q * scale;
    return opslab_loss_select(tiny, OPSLAB_LOSS_SPLAT(0.0), result);
}

// Rows [0, count): g, h as above; out[0] gets Σ loss, out[1] the largest |g|, out[2] the largest
// h. The softplus terms log(1 + e) are summed as logs of products of 64 factors per lane (each in
// (1, 2]), a logarithm costing more than the rest of a row.
static inline __attribute__((always_inline))
void opslab_binary_log_loss_body(const double *raw, const double *y, long count, double *g, double *h, double *out) {
    opslab_loss_v4d linear = OPSLAB_LOSS_SPLAT(0.0), product = OPSLAB_LOSS_SPLAT(1.0);
    opslab_loss_v4d topG = OPSLAB_LOSS_SPLAT(0.0), topH = OPSLAB_LOSS_SPLAT(0.0);
    double logs = 0;
    const long whole = count - (count & 3);
    long sinceLog = 0;
    for (long i = 0; i < whole; i += 4) {
        opslab_loss_v4d z, t;
        memcpy(&z, raw + i, sizeof z);
        memcpy(&t, y + i, sizeof t);
        const opslab_loss_v4l positive = z >= 0.0;
        const opslab_loss_v4d e = opslab_exp_nonpositive(opslab_loss_select(positive, -z, z));
        const opslab_loss_v4d p = opslab_loss_select(positive, OPSLAB_LOSS_SPLAT(1.0), e) / (e + 1.0);
        const opslab_loss_v4d gradient = p - t, hessian = p * (1.0 - p);
        memcpy(g + i, &gradient, sizeof gradient);
        memcpy(h + i, &hessian, sizeof hessian);
        linear += opslab_loss_select(positive, z, OPSLAB_LOSS_SPLAT(0.0)) - t * z;
        product *= e + 1.0;
        const opslab_loss_v4d magnitude = opslab_loss_select(gradient < 0.0, -gradient, gradient);
        topG = opslab_loss_select(magnitude > topG, magnitude, topG);
        topH = opslab_loss_select(hessian > topH, hessian, topH);
        if (++sinceLog == 64) {
            logs += (log(product[0]) + log(product[2])) + (log(product[1]) + log(product[3]));
            product = OPSLAB_LOSS_SPLAT(1.0);
            sinceLog = 0;
        }
    }
    double loss = (linear[0] + linear[2]) + (linear[1] + linear[3]);
    logs += (log(product[0]) + log(product[2])) + (log(product[1]) + log(product[3]));
    double maxG = topG[0], maxH = topH[0];
    for (int k = 1; k < 4; k++) {
        maxG = topG[k] > maxG ? topG[k] : maxG;
        maxH = topH[k] > maxH ? topH[k] : maxH;
    }
    // The last count % 4 rows one lane at a time, the same operations.
    for (long i = whole; i < count; i++) {
        const opslab_loss_v4d z = OPSLAB_LOSS_SPLAT(raw[i]);
        const int positive = raw[i] >= 0.0;
        const opslab_loss_v4d e = opslab_exp_nonpositive(positive ? -z : z);
        const double p = (positive ? 1.0 : e[0]) / (e[0] + 1.0);
        const double gradient = p - y[i], hessian = p * (1.0 - p);
        g[i] = gradient;
        h[i] = hessian;
        loss += (positive ? raw[i] : 0.0) - y[i] * raw[i];
        logs += log(e[0] + 1.0);
        const double magnitude = gradient < 0.0 ? -gradient : gradient;
        maxG = magnitude > maxG ? magnitude : maxG;
        maxH = hessian > maxH ? hessian : maxH;
    }
    out[0] = loss + logs;
    out[1] = maxG;
    out[2] = maxH;
}

#if defined(__x86_64__)
__attribute__((target("avx2"), noinline))
static void opslab_binary_log_loss_avx2(const double *raw, const double *y, long count, double *g, double *h, double *out) {
    opslab_binary_log_loss_body(raw, y, count, g, h, out);
}
#endif

__attribute__((noinline))
static void opslab_binary_log_loss_baseline(const double *raw, const double *y, long count, double *g, double *h, double *out) {
    opslab_binary_log_loss_body(raw, y, count, g, h, out);
}

// The kernel above; `wide` (from opslab_has_avx2) picks the AVX2 build.
static inline void opslab_binary_log_loss(const double *raw, const double *y, long count, double *g, double *h, double *out, int wide) {
#if defined(__x86_64__)
    if (wide) { opslab_binary_log_loss_avx2(raw, y, count, g, h, out); return; }
#endif
    opslab_binary_log_loss_baseline(raw, y, count, g, h, out);
}

// The same pass straight into boosting's fixed-point pairs (LabML's FixedPointPairs, whose scales
// the caller sets from the bounds |g| <= 1 and h <= 1/4, known before the pass): rows
// [start, end) in blocks whose gradients and hessians stay in the L1 cache between this file's
// body and fixed_pairs.h's, which then write rows[i] = i, the pairs and their sums (sums[0],
// sums[1]); out[0] gets the summed loss. Spares the round trip of two arrays of doubles through
// memory, which took as long as the arithmetic on 800,000 rows.
static inline __attribute__((always_inline))
void opslab_binary_log_loss_pairs_body(const double *raw, const double *y, long start, long end, double gradient_factor,
                                       double hessian_factor, long shift, int32_t *rows, int32_t *pairs, int64_t *sums,
                                       double *out) {
    double g[512], h[512], block[3];
    double loss = 0;
    int64_t total_g = 0, total_h = 0, block_sums[2];
    for (long from = start; from < end; from += 512) {
        const long count = end - from < 512 ? end - from : 512;
        opslab_binary_log_loss_body(raw + from, y + from, count, g, h, block);
        loss += block[0];
        opslab_fixed_pairs_body(g, h, from, from + count, gradient_factor, hessian_factor, 0, shift, rows, pairs, block_sums, from);
        total_g += block_sums[0];
        total_h += block_sums[1];
    }
    sums[0] = total_g;
    sums[1] = total_h;
    out[0] = loss;
}

#if defined(__x86_64__)
__attribute__((target("avx2"), noinline))
static void opslab_binary_log_loss_pairs_avx2(const double *raw, const double *y, long start, long end, double gradient_factor,
                                              double hessian_factor, long shift, int32_t *rows, int32_t *pairs, int64_t *sums, double *out) {
    opslab_binary_log_loss_pairs_body(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out);
}
#endif

__attribute__((noinline))
static void opslab_binary_log_loss_pairs_baseline(const double *raw, const double *y, long start, long end, double gradient_factor,
                                                  double hessian_factor, long shift, int32_t *rows, int32_t *pairs, int64_t *sums, double *out) {
    opslab_binary_log_loss_pairs_body(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out);
}

// The kernel above; `wide` (from opslab_has_avx2) picks the AVX2 build.
static inline void opslab_binary_log_loss_pairs(const double *raw, const double *y, long start, long end, double gradient_factor,
                                                double hessian_factor, long shift, int32_t *rows, int32_t *pairs, int64_t *sums,
                                                double *out, int wide) {
#if defined(__x86_64__)
    if (wide) { opslab_binary_log_loss_pairs_avx2(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out); return; }
#endif
    opslab_binary_log_loss_pairs_baseline(raw, y, start, end, gradient_factor, hessian_factor, shift, rows, pairs, sums, out);
}

#endif
