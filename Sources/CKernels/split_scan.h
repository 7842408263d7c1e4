// The search of one feature's histogram for its best split, for histogram gradient boosting
// (LabML's HistogramGrower.scan, numeric features, bins sent left up to and including b).
//
// A bin holds two 64-bit integer sums: the gradients', and the hessians' shifted left by
// `shift` plus the row count in the low bits. The bins' running sums are taken first, one bin
// after the other; then the split score of four bins at a time, in four-lane vectors, compared
// with the best score so far; only a block where some lane beats it is gone through lane by
// lane, in order, as a scalar scan would. Every score is the same IEEE arithmetic, in the same
// order, as the scalar scan's, so the split found is the same to the bit.
#ifndef OPSLAB_SPLIT_SCAN_H
#define OPSLAB_SPLIT_SCAN_H

#include <stdint.h>
#include "kernels.h"

#pragma clang fp contract(off)

#define OPSLAB_SCAN_MAX_BINS 256

static inline __attribute__((always_inline))
long opslab_scan_bins_body(const int64_t *hist, long bins, long shift, long count, long min_leaf, int64_t min_hessian,
                           int64_t sum_h, double sum_g, double sum_hd, double lambda, double *score, int64_t *left) {
    double gl[OPSLAB_SCAN_MAX_BINS], hl[OPSLAB_SCAN_MAX_BINS];
    unsigned char valid[OPSLAB_SCAN_MAX_BINS];
    const int64_t mask = ((int64_t)1 << shift) - 1;
    int64_t g = 0, p = 0;
    long m = 0;
    // Running sums up to the first bin past which the right side would be too small: no later
    // bin can be a split. A bin is a split when it holds rows (an empty one repeats the split
    // before it) and leaves min_leaf rows and min_hessian on each side.
    for (; m < bins; m++) {
        const int64_t bg = hist[2 * m], bp = hist[2 * m + 1];
        g += bg;
        p += bp;
        const int64_t h = p >> shift, c = p & mask;
        if (count - c < min_leaf || sum_h - h < min_hessian) break;
        gl[m] = (double)g;
        hl[m] = (double)h;
        valid[m] = bp != 0 && c >= min_leaf && h >= min_hessian;
    }
    // Pad to whole blocks with bins that are never splits.
    const long padded = (m + 3) & ~3L;
    for (long b = m; b < padded; b++) {
        gl[b] = 0;
        hl[b] = 0;
        valid[b] = 0;
    }
    long best = -1;
    double s = *score;
    const opslab_v4d sg = {sum_g, sum_g, sum_g, sum_g}, sh = {sum_hd, sum_hd, sum_hd, sum_hd};
    const opslab_v4d lam = {lambda, lambda, lambda, lambda};
    for (long b = 0; b < padded; b += 4) {
        if (!(valid[b] | valid[b + 1] | valid[b + 2] | valid[b + 3])) continue;
        const opslab_v4d l = *(const opslab_v4d *)(gl + b), lh = *(const opslab_v4d *)(hl + b);
        const opslab_v4d r = sg - l;
        const opslab_v4d left_h = lh + lam, right_h = (sh - lh) + lam;
        const opslab_v4d numerator = l * l * right_h + r * r * left_h;
        const opslab_v4d denominator = left_h * right_h;
        const opslab_v4d bar = (opslab_v4d){s, s, s, s} * denominator;
        if (!(numerator[0] > bar[0] || numerator[1] > bar[1] || numerator[2] > bar[2] || numerator[3] > bar[3])) continue;
        for (int k = 0; k < 4; k++) {
            if (valid[b + k] && numerator[k] > s * denominator[k]) {
                s = numerator[k] / denominator[k];
                best = b + k;
            }
        }
    }
    if (best >= 0) {
        // The left side's sums, added again up to the best bin rather than kept for every bin.
        int64_t bg = 0, bp = 0;
        for (long b = 0; b <= best; b++) {
            bg += hist[2 * b];
            bp += hist[2 * b + 1];
        }
        *score = s;
        left[0] = bg;
        left[1] = bp;
    }
    return best;
}

#if defined(__x86_64__)
__attribute__((target("avx2"), noinline))
static long opslab_scan_bins_avx2(const int64_t *hist, long bins, long shift, long count, long min_leaf, int64_t min_hessian,
                                  int64_t sum_h, double sum_g, double sum_hd, double lambda, double *score, int64_t *left) {
    return opslab_scan_bins_body(hist, bins, shift, count, min_leaf, min_hessian, sum_h, sum_g, sum_hd, lambda, score, left);
}
#endif

__attribute__((noinline))
static long opslab_scan_bins_baseline(const int64_t *hist, long bins, long shift, long count, long min_leaf, int64_t min_hessian,
                                      int64_t sum_h, double sum_g, double sum_hd, double lambda, double *score, int64_t *left) {
    return opslab_scan_bins_body(hist, bins, shift, count, min_leaf, min_hessian, sum_h, sum_g, sum_hd, lambda, score, left);
}

// The best split among bins 0..<bins (at most 256) of a histogram whose node has `count` rows
// and sums (sum_g, sum_h), if its score GL²(HR+λ) + GR²(HL+λ) over (HL+λ)(HR+λ) beats *score:
// returns its bin, sets *score to it and left[0], left[1] to the left side's two sums; else -1.
// `wide` (from opslab_has_avx2) picks the AVX2 build.
static inline long opslab_scan_bins(const int64_t *hist, long bins, long shift, long count, long min_leaf, int64_t min_hessian,
                                    int64_t sum_h, double sum_g, double sum_hd, double lambda, double *score, int64_t *left, int wide) {
#if defined(__x86_64__)
    if (wide) return opslab_scan_bins_avx2(hist, bins, shift, count, min_leaf, min_hessian, sum_h, sum_g, sum_hd, lambda, score, left);
#endif
    return opslab_scan_bins_baseline(hist, bins, shift, count, min_leaf, min_hessian, sum_h, sum_g, sum_hd, lambda, score, left);
}

#endif
