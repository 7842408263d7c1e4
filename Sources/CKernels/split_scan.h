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
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#pragma clang fp contract(off)

#define OPSLAB_SCAN_MAX_BINS 256

// A bin's split replaces the best so far only when its score, divided out, is strictly greater,
// as scikit-learn needs a strictly greater gain: features with the same bins (a copy, log(x)
// beside x) score alike to the bit, and the first must keep the split. The test without a
// division, numerator > score × denominator, can round either way on such a tie, so it only
// screens (against a bar lowered by 2^-40, far more than its rounding) and the division decides.
#define OPSLAB_SCAN_BAR (1.0 - 0x1p-40)

// The end of a search: with a split found (best >= 0), *score set to its score s and the left
// side's sums added again up to its bin (rather than kept for every bin). Returns best.
static inline __attribute__((always_inline))
long opslab_scan_found(const int64_t *hist, long best, double s, double *score, int64_t *left) {
    if (best >= 0) {
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
        const double lowered = s * OPSLAB_SCAN_BAR;
        const opslab_v4d bar = (opslab_v4d){lowered, lowered, lowered, lowered} * denominator;
        if (!(numerator[0] > bar[0] || numerator[1] > bar[1] || numerator[2] > bar[2] || numerator[3] > bar[3])) continue;
        for (int k = 0; k < 4; k++) {
            if (valid[b + k] && numerator[k] > s * OPSLAB_SCAN_BAR * denominator[k] && numerator[k] / denominator[k] > s) {
                s = numerator[k] / denominator[k];
                best = b + k;
            }
        }
    }
    return opslab_scan_found(hist, best, s, score, left);
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

#if defined(__x86_64__)
// The same search with AVX-512, eight bins a step: their running sums by three shifted adds
// (plus the sums before the block), the conditions as lane masks, and the scores from the sums
// converted in one instruction (AVX2 has no 64-bit integer to double conversion, which kept
// the AVX2 build's running sums scalar). The same conversions and IEEE operations lane by lane.
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"), noinline))
static long opslab_scan_bins_avx512(const int64_t *hist, long bins, long shift, long count, long min_leaf, int64_t min_hessian,
                                    int64_t sum_h, double sum_g, double sum_hd, double lambda, double *score, int64_t *left) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i mask = _mm512_set1_epi64(((int64_t)1 << shift) - 1), shifts = _mm512_set1_epi64(shift);
    const __m512i evens = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0), odds = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    const __m512i last = _mm512_set1_epi64(7);
    // The right side is too small once count - c < min_leaf or sum_h - h < min_hessian.
    const __m512i most_rows = _mm512_set1_epi64(count - min_leaf), most_hessian = _mm512_set1_epi64(sum_h - min_hessian);
    const __m512i least_rows = _mm512_set1_epi64(min_leaf), least_hessian = _mm512_set1_epi64(min_hessian);
    const __m512d sg = _mm512_set1_pd(sum_g), sh = _mm512_set1_pd(sum_hd), lam = _mm512_set1_pd(lambda);
    __m512i before_g = zero, before_p = zero;
    long best = -1;
    double s = *score;
    for (long b = 0; b < bins; b += 8) {
        // The block's bins as two vectors of four (gradient, packed) pairs; lanes past `bins` read as empty.
        const long lanes = 2 * (bins - b < 8 ? bins - b : 8);
        const __mmask8 first = lanes >= 8 ? 0xFF : (__mmask8)((1u << lanes) - 1);
        const __mmask8 second = lanes <= 8 ? 0 : (__mmask8)((1u << (lanes - 8)) - 1);
        const __m512i lo = _mm512_maskz_loadu_epi64(first, hist + 2 * b), hi = _mm512_maskz_loadu_epi64(second, hist + 2 * b + 8);
        __m512i g = _mm512_permutex2var_epi64(lo, evens, hi), p = _mm512_permutex2var_epi64(lo, odds, hi);
        const __mmask8 holding = _mm512_test_epi64_mask(p, p);
        g = _mm512_add_epi64(g, _mm512_alignr_epi64(g, zero, 7));
        p = _mm512_add_epi64(p, _mm512_alignr_epi64(p, zero, 7));
        g = _mm512_add_epi64(g, _mm512_alignr_epi64(g, zero, 6));
        p = _mm512_add_epi64(p, _mm512_alignr_epi64(p, zero, 6));
        g = _mm512_add_epi64(_mm512_add_epi64(g, _mm512_alignr_epi64(g, zero, 4)), before_g);
        p = _mm512_add_epi64(_mm512_add_epi64(p, _mm512_alignr_epi64(p, zero, 4)), before_p);
        before_g = _mm512_permutexvar_epi64(last, g);
        before_p = _mm512_permutexvar_epi64(last, p);
        const __m512i h = _mm512_srav_epi64(p, shifts), c = _mm512_and_si512(p, mask);
        const __mmask8 stop = _mm512_cmpgt_epi64_mask(c, most_rows) | _mm512_cmpgt_epi64_mask(h, most_hessian);
        __mmask8 valid = holding & _mm512_cmpge_epi64_mask(c, least_rows) & _mm512_cmpge_epi64_mask(h, least_hessian);
        // Only bins before the first whose right side is too small: no later bin can be a split.
        if (stop) valid &= (__mmask8)((stop & -stop) - 1);
        if (valid) {
            const __m512d l = _mm512_cvtepi64_pd(g), lh = _mm512_cvtepi64_pd(h);
            const __m512d r = _mm512_sub_pd(sg, l);
            const __m512d left_h = _mm512_add_pd(lh, lam), right_h = _mm512_add_pd(_mm512_sub_pd(sh, lh), lam);
            const __m512d numerator = _mm512_add_pd(_mm512_mul_pd(_mm512_mul_pd(l, l), right_h), _mm512_mul_pd(_mm512_mul_pd(r, r), left_h));
            const __m512d denominator = _mm512_mul_pd(left_h, right_h);
            const __mmask8 beats = _mm512_cmp_pd_mask(numerator, _mm512_mul_pd(_mm512_set1_pd(s * OPSLAB_SCAN_BAR), denominator), _CMP_GT_OQ) & valid;
            if (beats) {
                double num[8], den[8];
                _mm512_storeu_pd(num, numerator);
                _mm512_storeu_pd(den, denominator);
                for (int k = 0; k < 8; k++) {
                    if (((valid >> k) & 1) && num[k] > s * OPSLAB_SCAN_BAR * den[k] && num[k] / den[k] > s) {
                        s = num[k] / den[k];
                        best = b + k;
                    }
                }
            }
        }
        if (stop) break;
    }
    return opslab_scan_found(hist, best, s, score, left);
}
#endif

// The best split among bins 0..<bins (at most 256) of a histogram whose node has `count` rows
// and sums (sum_g, sum_h), if its score GL²(HR+λ) + GR²(HL+λ) over (HL+λ)(HR+λ) beats *score:
// returns its bin, sets *score to it and left[0], left[1] to the left side's two sums; else -1.
// `level` (from opslab_vector_level) picks the AVX-512 build (2), the AVX2 one (1) or the baseline.
static inline long opslab_scan_bins(const int64_t *hist, long bins, long shift, long count, long min_leaf, int64_t min_hessian,
                                    int64_t sum_h, double sum_g, double sum_hd, double lambda, double *score, int64_t *left, int level) {
#if defined(__x86_64__)
    if (level >= 2) return opslab_scan_bins_avx512(hist, bins, shift, count, min_leaf, min_hessian, sum_h, sum_g, sum_hd, lambda, score, left);
    if (level == 1) return opslab_scan_bins_avx2(hist, bins, shift, count, min_leaf, min_hessian, sum_h, sum_g, sum_hd, lambda, score, left);
#endif
    return opslab_scan_bins_baseline(hist, bins, shift, count, min_leaf, min_hessian, sum_h, sum_g, sum_hd, lambda, score, left);
}

#endif
