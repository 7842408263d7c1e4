// k-nearest-neighbour screening (`NeighborSearch` in Swift) in AVX2 (header only).
//
// The training rows are 16-bit integers in panels of 8 rows: panel p, feature pair t holds the
// 8 rows' two features side by side (16 values, 32 bytes: one AVX2 register). A query's pair
// is a 32-bit word (its two 16-bit features), broadcast to every lane, so one vpmaddwd gives
// the 8 rows' partial dot products for the pair. For 4 queries at once, each row's score
// starts from its half norm and the products are subtracted; a panel where some score falls
// below its query's threshold is handed back. Integer arithmetic is exact, so the scores are
// the Swift baseline's to the bit; machines without AVX2 run that baseline.
#ifndef OPSLAB_KNN_SCREEN_H
#define OPSLAB_KNN_SCREEN_H

#include <stdint.h>
#if defined(__x86_64__)
#include <immintrin.h>

// Panels [start, end) of `panels` (pairs × 16 values each) and `norms` (8 per panel) against the
// queries whose pair t is the 32-bit word at queries[t·stride + 4·s] for s = 0...3. Returns the
// first panel where a score is below thresholds[s], with the 32 scores in `scores` (query s's
// 8 rows at 8·s), or `end` when no panel has one.
__attribute__((target("avx2"), noinline))
static long opslab_knn_screen_avx2(const int16_t *panels, const int32_t *norms, const int32_t *queries, long stride, long pairs,
                                   long start, long end, const int32_t *thresholds, int32_t *scores) {
    const __m256i t0 = _mm256_set1_epi32(thresholds[0]), t1 = _mm256_set1_epi32(thresholds[1]);
    const __m256i t2 = _mm256_set1_epi32(thresholds[2]), t3 = _mm256_set1_epi32(thresholds[3]);
    for (long panel = start; panel < end; panel++) {
        const __m256i n = _mm256_loadu_si256((const __m256i *)(norms + panel * 8));
        __m256i a0 = n, a1 = n, a2 = n, a3 = n;
        const int16_t *x = panels + panel * pairs * 16;
        const int32_t *q = queries;
        for (long t = 0; t < pairs; t++, x += 16, q += stride) {
            const __m256i v = _mm256_loadu_si256((const __m256i *)x);
            a0 = _mm256_sub_epi32(a0, _mm256_madd_epi16(v, _mm256_set1_epi32(q[0])));
            a1 = _mm256_sub_epi32(a1, _mm256_madd_epi16(v, _mm256_set1_epi32(q[4])));
            a2 = _mm256_sub_epi32(a2, _mm256_madd_epi16(v, _mm256_set1_epi32(q[8])));
            a3 = _mm256_sub_epi32(a3, _mm256_madd_epi16(v, _mm256_set1_epi32(q[12])));
        }
        const __m256i hit = _mm256_or_si256(_mm256_or_si256(_mm256_cmpgt_epi32(t0, a0), _mm256_cmpgt_epi32(t1, a1)),
                                            _mm256_or_si256(_mm256_cmpgt_epi32(t2, a2), _mm256_cmpgt_epi32(t3, a3)));
        if (!_mm256_testz_si256(hit, hit)) {
            _mm256_storeu_si256((__m256i *)scores, a0);
            _mm256_storeu_si256((__m256i *)(scores + 8), a1);
            _mm256_storeu_si256((__m256i *)(scores + 16), a2);
            _mm256_storeu_si256((__m256i *)(scores + 24), a3);
            return panel;
        }
    }
    return end;
}
#endif

// The kernel above, on a machine with AVX2 (opslab_has_avx2); -1 where it is not built.
static inline long opslab_knn_screen(const int16_t *panels, const int32_t *norms, const int32_t *queries, long stride, long pairs,
                                     long start, long end, const int32_t *thresholds, int32_t *scores) {
#if defined(__x86_64__)
    return opslab_knn_screen_avx2(panels, norms, queries, stride, pairs, start, end, thresholds, scores);
#else
    (void)panels; (void)norms; (void)queries; (void)stride; (void)pairs; (void)start; (void)end; (void)thresholds; (void)scores;
    return -1;
#endif
}

#endif
