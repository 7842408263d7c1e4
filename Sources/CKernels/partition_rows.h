// The stable partition of a node's rows for histogram gradient boosting (LabML's
// HistogramGrower.partition, numeric splits): each row number goes left when its bin of the
// split feature is at most `limit`, or is `missing` (-1: no bin), right otherwise, and each
// side keeps the rows' order.
//
// The AVX-512 build takes sixteen rows a step: their bins gathered, the left ones' numbers
// packed together and stored in one masked write, the right ones' in another. The baseline
// build goes row by row, without a branch on the side. Both write the same numbers to the
// same places.
#ifndef OPSLAB_PARTITION_ROWS_H
#define OPSLAB_PARTITION_ROWS_H

#include <stdint.h>
#include "kernels.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

static inline __attribute__((always_inline)) long opslab_goes_left(uint8_t bin, long limit, long missing) {
    return (long)(bin <= limit) | (long)(bin == missing);
}

// Rows from[k] for k in first..<last in order, the left ones written from *l up, the right ones from *r up.
static inline __attribute__((always_inline))
void opslab_partition_forward_scalar(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                     long *l, long *r, long limit, long missing) {
    long left_at = *l, right_at = *r;
    for (long k = first; k < last; k++) {
        const int32_t row = from[k];
        const long left = opslab_goes_left(column[row], limit, missing);
        to[right_at + (left_at - right_at) * left] = row;
        left_at += left;
        right_at += 1 - left;
    }
    *l = left_at;
    *r = right_at;
}

// Rows from[k] for k in first..<last in reverse order, the left ones written from *l down, the right ones from *r down.
static inline __attribute__((always_inline))
void opslab_partition_backward_scalar(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                      long *l, long *r, long limit, long missing) {
    long left_at = *l, right_at = *r;
    for (long k = last - 1; k >= first; k--) {
        const int32_t row = from[k];
        const long left = opslab_goes_left(column[row], limit, missing);
        to[right_at + (left_at - right_at) * left] = row;
        left_at -= left;
        right_at -= 1 - left;
    }
    *l = left_at;
    *r = right_at;
}

#if defined(__x86_64__)
// Sixteen rows' sides as a mask (bit k: row k goes left). The gather reads four bytes at each
// row's bin: the column must have three readable bytes after its last row.
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"), always_inline))
static inline __mmask16 opslab_sides16(const uint8_t *column, __m512i rows, __m512i limit, __m512i missing) {
    const __m512i bins = _mm512_and_si512(_mm512_i32gather_epi32(rows, (const void *)column, 1), _mm512_set1_epi32(0xFF));
    return _mm512_cmple_epi32_mask(bins, limit) | _mm512_cmpeq_epi32_mask(bins, missing);
}

__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"), noinline))
static void opslab_partition_avx512(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                    long *l, long *r, long limit, long missing, int backward) {
    const __m512i limits = _mm512_set1_epi32((int32_t)limit), missings = _mm512_set1_epi32((int32_t)missing);
    long left_at = *l, right_at = *r;
    if (!backward) {
        long k = first;
        for (; k + 16 <= last; k += 16) {
            const __m512i rows = _mm512_loadu_si512((const void *)(from + k));
            const __mmask16 left = opslab_sides16(column, rows, limits, missings);
            const int lefts = __builtin_popcount((unsigned)left);
            _mm512_mask_storeu_epi32(to + left_at, (__mmask16)((1u << lefts) - 1), _mm512_maskz_compress_epi32(left, rows));
            _mm512_mask_storeu_epi32(to + right_at, (__mmask16)((1u << (16 - lefts)) - 1), _mm512_maskz_compress_epi32((__mmask16)~left, rows));
            left_at += lefts;
            right_at += 16 - lefts;
        }
        *l = left_at;
        *r = right_at;
        opslab_partition_forward_scalar(column, from, to, k, last, l, r, limit, missing);
    } else {
        long k = last;
        for (; k - 16 >= first; k -= 16) {
            // The block's left rows, in order, end at left_at; its right rows end at right_at.
            const __m512i rows = _mm512_loadu_si512((const void *)(from + k - 16));
            const __mmask16 left = opslab_sides16(column, rows, limits, missings);
            const int lefts = __builtin_popcount((unsigned)left);
            _mm512_mask_storeu_epi32(to + left_at - lefts + 1, (__mmask16)((1u << lefts) - 1), _mm512_maskz_compress_epi32(left, rows));
            _mm512_mask_storeu_epi32(to + right_at - (16 - lefts) + 1, (__mmask16)((1u << (16 - lefts)) - 1),
                                     _mm512_maskz_compress_epi32((__mmask16)~left, rows));
            left_at -= lefts;
            right_at -= 16 - lefts;
        }
        *l = left_at;
        *r = right_at;
        opslab_partition_backward_scalar(column, from, to, first, k, l, r, limit, missing);
    }
}
#endif

__attribute__((noinline))
static void opslab_partition_baseline(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                      long *l, long *r, long limit, long missing, int backward) {
    if (backward) {
        opslab_partition_backward_scalar(column, from, to, first, last, l, r, limit, missing);
    } else {
        opslab_partition_forward_scalar(column, from, to, first, last, l, r, limit, missing);
    }
}

// Partitions from[first..<last] into `to`: forward (left rows written at *l, *l + 1, ...,
// right rows at *r, *r + 1, ...) or backward (the rows taken from the last, left rows written
// at *l, *l - 1, ..., right rows at *r, *r - 1, ...); *l and *r end one past the last written.
// `level` (opslab_vector_level) 2 picks the AVX-512 build, whose gathers read three bytes
// past a row's bin.
static inline void opslab_partition_rows(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                         long *l, long *r, long limit, long missing, int backward, int level) {
#if defined(__x86_64__)
    if (level >= 2) { opslab_partition_avx512(column, from, to, first, last, l, r, limit, missing, backward); return; }
#endif
    opslab_partition_baseline(column, from, to, first, last, l, r, limit, missing, backward);
}

#endif
