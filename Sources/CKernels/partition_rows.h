// The stable partition of a node's rows for histogram gradient boosting (LabML's
// HistogramGrower.partition): each row number goes left when its bin of the split feature is in
// the set `left_bins` (256 bits, four words: bin b is bit b % 64 of word b / 64), right
// otherwise, and each side keeps the rows' order. A numeric split's set is the bins up to its
// threshold's (and the missing bin when missing values go left), a category split's its categories.
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

static inline __attribute__((always_inline)) long opslab_goes_left(uint8_t bin, const uint64_t *left_bins) {
    return (long)((left_bins[bin >> 6] >> (bin & 63)) & 1);
}

// Rows from[k] for k in first..<last in order (from NULL: the rows k themselves), the left ones
// written from *l up, the right ones from *r up.
static inline __attribute__((always_inline))
void opslab_partition_forward_scalar(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                     long *l, long *r, const uint64_t *left_bins) {
    long left_at = *l, right_at = *r;
    for (long k = first; k < last; k++) {
        const int32_t row = from ? from[k] : (int32_t)k;
        const long left = opslab_goes_left(column[row], left_bins);
        to[right_at + (left_at - right_at) * left] = row;
        left_at += left;
        right_at += 1 - left;
    }
    *l = left_at;
    *r = right_at;
}

// Rows from[k] for k in first..<last in reverse order (from NULL: the rows k), the left ones
// written from *l down, the right ones from *r down.
static inline __attribute__((always_inline))
void opslab_partition_backward_scalar(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                      long *l, long *r, const uint64_t *left_bins) {
    long left_at = *l, right_at = *r;
    for (long k = last - 1; k >= first; k--) {
        const int32_t row = from ? from[k] : (int32_t)k;
        const long left = opslab_goes_left(column[row], left_bins);
        to[right_at + (left_at - right_at) * left] = row;
        left_at -= left;
        right_at -= 1 - left;
    }
    *l = left_at;
    *r = right_at;
}

#if defined(__x86_64__)
// Sixteen rows' sides as a mask (bit k: row k goes left): each bin's word of the set (its eight
// 32-bit words in the vector's first lanes) picked by the bin's top three bits, shifted by the
// rest. The gather reads four bytes at each row's bin: the column must have three readable bytes
// after its last row.
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"), always_inline))
static inline __mmask16 opslab_sides16(const uint8_t *column, const int32_t *from, long k, __m512i rows, __m512i set) {
    // Without row numbers the rows are k..<k+16, whose bins are sixteen bytes in a row.
    const __m512i bins = from ? _mm512_and_si512(_mm512_i32gather_epi32(rows, (const void *)column, 1), _mm512_set1_epi32(0xFF))
                              : _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(column + k)));
    const __m512i words = _mm512_permutexvar_epi32(_mm512_srli_epi32(bins, 5), set);
    const __m512i bits = _mm512_srlv_epi32(words, _mm512_and_si512(bins, _mm512_set1_epi32(31)));
    return _mm512_test_epi32_mask(bits, _mm512_set1_epi32(1));
}

__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw"), noinline))
static void opslab_partition_avx512(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                    long *l, long *r, const uint64_t *left_bins, int backward, int prefetch) {
    const __m512i set = _mm512_maskz_loadu_epi64(0x0F, (const void *)left_bins);
    const __m512i lanes = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    // Without row numbers the rows are read in order: nothing to ask for ahead.
    prefetch = prefetch && from;
    long left_at = *l, right_at = *r;
    // The first 64 rows' bins asked for before the loop, which asks for those of the rows 64
    // ahead of it: the range may be one chunk of a node's rows, started cold.
    if (prefetch) {
        for (long j = 0; j < 64 && j < last - first; j++) __builtin_prefetch(column + from[backward ? last - 1 - j : first + j]);
    }
    if (!backward) {
        long k = first;
        for (; k + 16 <= last; k += 16) {
            // The bins of the block 64 rows ahead asked for, when the column is beyond the caches.
            if (prefetch && k + 80 <= last) for (int j = 0; j < 16; j++) __builtin_prefetch(column + from[k + 64 + j]);
            const __m512i rows = from ? _mm512_loadu_si512((const void *)(from + k)) : _mm512_add_epi32(lanes, _mm512_set1_epi32((int)k));
            const __mmask16 left = opslab_sides16(column, from, k, rows, set);
            const int lefts = __builtin_popcount((unsigned)left);
            _mm512_mask_storeu_epi32(to + left_at, (__mmask16)((1u << lefts) - 1), _mm512_maskz_compress_epi32(left, rows));
            _mm512_mask_storeu_epi32(to + right_at, (__mmask16)((1u << (16 - lefts)) - 1), _mm512_maskz_compress_epi32((__mmask16)~left, rows));
            left_at += lefts;
            right_at += 16 - lefts;
        }
        *l = left_at;
        *r = right_at;
        opslab_partition_forward_scalar(column, from, to, k, last, l, r, left_bins);
    } else {
        long k = last;
        for (; k - 16 >= first; k -= 16) {
            if (prefetch && k - 80 >= first) for (int j = 0; j < 16; j++) __builtin_prefetch(column + from[k - 80 + j]);
            // The block's left rows, in order, end at left_at; its right rows end at right_at. Each
            // side is packed into the top lanes and written as sixteen lanes ending there (only its
            // lanes stored): the store's address does not wait for this block's bins, which made
            // the next blocks' loads wait behind it.
            const __m512i rows = from ? _mm512_loadu_si512((const void *)(from + k - 16)) : _mm512_add_epi32(lanes, _mm512_set1_epi32((int)(k - 16)));
            const __mmask16 left = opslab_sides16(column, from, k - 16, rows, set);
            const int lefts = __builtin_popcount((unsigned)left), rights = 16 - lefts;
            const __m512i lefts_up = _mm512_permutexvar_epi32(_mm512_sub_epi32(lanes, _mm512_set1_epi32(rights)),
                                                              _mm512_maskz_compress_epi32(left, rows));
            const __m512i rights_up = _mm512_permutexvar_epi32(_mm512_sub_epi32(lanes, _mm512_set1_epi32(lefts)),
                                                               _mm512_maskz_compress_epi32((__mmask16)~left, rows));
            _mm512_mask_storeu_epi32(to + left_at - 15, (__mmask16)(0xFFFFu << rights), lefts_up);
            _mm512_mask_storeu_epi32(to + right_at - 15, (__mmask16)(0xFFFFu << lefts), rights_up);
            left_at -= lefts;
            right_at -= rights;
        }
        *l = left_at;
        *r = right_at;
        opslab_partition_backward_scalar(column, from, to, first, k, l, r, left_bins);
    }
}
#endif

__attribute__((noinline))
static void opslab_partition_baseline(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                      long *l, long *r, const uint64_t *left_bins, int backward) {
    if (backward) {
        opslab_partition_backward_scalar(column, from, to, first, last, l, r, left_bins);
    } else {
        opslab_partition_forward_scalar(column, from, to, first, last, l, r, left_bins);
    }
}

// Partitions from[first..<last] (from NULL: the rows first..<last themselves, whose bins the
// AVX-512 build loads sixteen at a time) into `to`: forward (left rows written at *l, *l + 1,
// ..., right rows at *r, *r + 1, ...) or backward (the rows taken from the last, left rows
// written at *l, *l - 1, ..., right rows at *r, *r - 1, ...); *l and *r end one past the last written.
// `level` (opslab_vector_level) 2 picks the AVX-512 build, whose gathers read three bytes
// past a row's bin, and which asks for the bins of rows ahead when `prefetch` is set (for a
// column too large for the caches: on a small one the requests only cost time).
static inline void opslab_partition_rows(const uint8_t *column, const int32_t *from, int32_t *to, long first, long last,
                                         long *l, long *r, const uint64_t *left_bins, int backward, int prefetch, int level) {
#if defined(__x86_64__)
    if (level >= 2) { opslab_partition_avx512(column, from, to, first, last, l, r, left_bins, backward, prefetch); return; }
#endif
    opslab_partition_baseline(column, from, to, first, last, l, r, left_bins, backward);
}

#endif
