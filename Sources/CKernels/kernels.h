// Numeric kernels that Swift cannot vectorize for the machine it runs on.
//
// Swift builds for the x86-64 baseline (two doubles per vector instruction). These kernels
// are written once with four-lane vectors and compiled twice: for AVX2 (one instruction per
// vector) and for the baseline (two per vector). The machine's support is checked once at run
// time. Both builds do the same IEEE operations lane by lane in the same order, and no
// multiply-add is fused, so their results are the same to the bit on every machine.
#ifndef OPSLAB_CKERNELS_H
#define OPSLAB_CKERNELS_H

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <cpuid.h>
#endif

typedef double opslab_v4d __attribute__((vector_size(32), aligned(8), may_alias));

// 1 when the processor and the operating system support AVX2 (the OS saves the 256-bit registers).
static inline int opslab_has_avx2(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return 0;  // OSXSAVE, AVX
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;  // XMM and YMM state saved
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (int)((b >> 5) & 1);
#else
    return 0;
#endif
}

static inline __attribute__((always_inline)) long opslab_min_long(long a, long b) { return a < b ? a : b; }

static inline __attribute__((always_inline)) double opslab_lanes_sum(opslab_v4d s) {
    return (s[0] + s[2]) + (s[1] + s[3]);
}

// Adds the upper triangle of CᵀC (C: `count` rows x `n` columns, column-major) into `g`
// (n x n, row-major), in tiles of 2 x 4 entries: two columns against four, each row's six
// values loaded once for eight products. Tiles at the edges repeat the last column and drop
// the repeats. Each entry sums rows 4k, 4k+1, 4k+2, 4k+3 in four lanes, adds the lanes, then
// the last count % 4 rows in order.
static inline __attribute__((always_inline))
void opslab_upper_products_body(const double *c, long n, long count, double *g) {
    const long quads = count - (count & 3);
    for (long i = 0; i < n; i += 2) {
        const long i1 = opslab_min_long(i + 1, n - 1);
        const double *a = c + i * count, *b = c + i1 * count;
        for (long j = i; j < n; j += 4) {
            const long j0 = j, j1 = opslab_min_long(j + 1, n - 1), j2 = opslab_min_long(j + 2, n - 1),
                       j3 = opslab_min_long(j + 3, n - 1);
            const double *p0 = c + j0 * count, *p1 = c + j1 * count, *p2 = c + j2 * count, *p3 = c + j3 * count;
            opslab_v4d s00 = {0, 0, 0, 0}, s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
            for (long r = 0; r < quads; r += 4) {
                const opslab_v4d x = *(const opslab_v4d *)(a + r), y = *(const opslab_v4d *)(b + r);
                const opslab_v4d q0 = *(const opslab_v4d *)(p0 + r), q1 = *(const opslab_v4d *)(p1 + r);
                const opslab_v4d q2 = *(const opslab_v4d *)(p2 + r), q3 = *(const opslab_v4d *)(p3 + r);
                s00 += x * q0; s01 += x * q1; s02 += x * q2; s03 += x * q3;
                s10 += y * q0; s11 += y * q1; s12 += y * q2; s13 += y * q3;
            }
            double t00 = opslab_lanes_sum(s00), t01 = opslab_lanes_sum(s01), t02 = opslab_lanes_sum(s02), t03 = opslab_lanes_sum(s03);
            double t10 = opslab_lanes_sum(s10), t11 = opslab_lanes_sum(s11), t12 = opslab_lanes_sum(s12), t13 = opslab_lanes_sum(s13);
            for (long r = quads; r < count; r++) {
                t00 += a[r] * p0[r]; t01 += a[r] * p1[r]; t02 += a[r] * p2[r]; t03 += a[r] * p3[r];
                t10 += b[r] * p0[r]; t11 += b[r] * p1[r]; t12 += b[r] * p2[r]; t13 += b[r] * p3[r];
            }
            double *gi = g + i * n, *gi1 = g + i1 * n;
            // A column repeated at the edge (j1 == j0 ...) is dropped; so is row i1's entry below the diagonal.
            gi[j0] += t00;
            if (j1 > j0) gi[j1] += t01;
            if (j2 > j1) gi[j2] += t02;
            if (j3 > j2) gi[j3] += t03;
            if (i1 > i) {
                if (j0 >= i1) gi1[j0] += t10;
                if (j1 > j0 && j1 >= i1) gi1[j1] += t11;
                if (j2 > j1 && j2 >= i1) gi1[j2] += t12;
                if (j3 > j2 && j3 >= i1) gi1[j3] += t13;
            }
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2"), noinline))
static void opslab_upper_products_avx2(const double *c, long n, long count, double *g) {
    opslab_upper_products_body(c, n, count, g);
}
#endif

__attribute__((noinline))
static void opslab_upper_products_baseline(const double *c, long n, long count, double *g) {
    opslab_upper_products_body(c, n, count, g);
}

// The kernel above; `wide` (from opslab_has_avx2) picks the AVX2 build.
static inline void opslab_upper_products(const double *c, long n, long count, double *g, int wide) {
#if defined(__x86_64__)
    if (wide) { opslab_upper_products_avx2(c, n, count, g); return; }
#endif
    opslab_upper_products_baseline(c, n, count, g);
}

// k-means++'s step: for each of `t` candidate rows, every row's squared distance to the nearest
// of the centres so far (`closest`) and that candidate, into out[slot·n + i], and per slot the sum
// over these rows into `totals`. A distance sums (x_j − c_j)² in four lanes over the features
// j ≡ 0, 1, 2, 3 (mod 4), adds the lanes as (s0 + s2) + (s1 + s3), then the last d % 4 features.
static inline __attribute__((always_inline))
void opslab_closest_after_body(const double *x, long rows, long d, const double *const *candidates, long t,
                               const double *closest, double *out, long n, double *totals) {
    const long quads = d - (d & 3);
    for (long slot = 0; slot < t; slot++) totals[slot] = 0;
    for (long i = 0; i < rows; i++) {
        const double *row = x + i * d;
        for (long slot = 0; slot < t; slot++) {
            const double *c = candidates[slot];
            opslab_v4d s = {0, 0, 0, 0};
            for (long j = 0; j < quads; j += 4) {
                const opslab_v4d e = *(const opslab_v4d *)(row + j) - *(const opslab_v4d *)(c + j);
                s += e * e;
            }
            double v = opslab_lanes_sum(s);
            for (long j = quads; j < d; j++) { const double e = row[j] - c[j]; v += e * e; }
            v = v < closest[i] ? v : closest[i];
            out[slot * n + i] = v;
            totals[slot] += v;
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2"), noinline))
static void opslab_closest_after_avx2(const double *x, long rows, long d, const double *const *candidates, long t,
                                      const double *closest, double *out, long n, double *totals) {
    opslab_closest_after_body(x, rows, d, candidates, t, closest, out, n, totals);
}
#endif

__attribute__((noinline))
static void opslab_closest_after_baseline(const double *x, long rows, long d, const double *const *candidates, long t,
                                          const double *closest, double *out, long n, double *totals) {
    opslab_closest_after_body(x, rows, d, candidates, t, closest, out, n, totals);
}

static inline void opslab_closest_after(const double *x, long rows, long d, const double *const *candidates, long t,
                                        const double *closest, double *out, long n, double *totals, int wide) {
#if defined(__x86_64__)
    if (wide) { opslab_closest_after_avx2(x, rows, d, candidates, t, closest, out, n, totals); return; }
#endif
    opslab_closest_after_baseline(x, rows, d, candidates, t, closest, out, n, totals);
}

typedef float opslab_v8f __attribute__((vector_size(32), aligned(4), may_alias));
typedef int opslab_v8i __attribute__((vector_size(32), aligned(4), may_alias));

// k-means' assignment step: the nearest centre of each of `rows` rows (row-major floats, d
// columns) by the scores ||c||² − 2·x·c, with `transposed` holding −2·c in groups of eight
// centres (group g, feature j, slot s at (g·d + j)·8 + s) and `norms` ||c||² per slot (+inf for
// the padding). Four rows a step, eight centres a vector: each score starts from the norm and
// adds x_j · (−2c_j) feature by feature. The lowest score wins, the lowest centre on a tie.
// Each row's label is written over the old one; a row whose label changed is listed (its number,
// counted from `first`, and its old label) in `moved_rows` / `moved_from`. Returns how many moved.
static inline __attribute__((always_inline))
long opslab_nearest_centres_body(const float *x, long rows, long d, const float *transposed, const float *norms, long groups,
                                 int *labels, long first, int *moved_rows, int *moved_from) {
    long moved = 0;
    for (long i = 0; i < rows; i += 4) {
        const long valid = rows - i < 4 ? rows - i : 4;
        // Past the last row, the lanes repeat the step's first row (their results are dropped).
        const float *r0 = x + i * d, *r1 = valid > 1 ? r0 + d : r0, *r2 = valid > 2 ? r0 + 2 * d : r0, *r3 = valid > 3 ? r0 + 3 * d : r0;
        float best[4] = {__builtin_inff(), __builtin_inff(), __builtin_inff(), __builtin_inff()};
        int label[4] = {0, 0, 0, 0};
        for (long g = 0; g < groups; g++) {
            const opslab_v8f n = *(const opslab_v8f *)(norms + g * 8);
            opslab_v8f s[4] = {n, n, n, n};
            const float *p = transposed + g * d * 8;
            for (long j = 0; j < d; j++, p += 8) {
                const opslab_v8f c = *(const opslab_v8f *)p;
                const float x0 = r0[j], x1 = r1[j], x2 = r2[j], x3 = r3[j];
                s[0] += (opslab_v8f){x0, x0, x0, x0, x0, x0, x0, x0} * c;
                s[1] += (opslab_v8f){x1, x1, x1, x1, x1, x1, x1, x1} * c;
                s[2] += (opslab_v8f){x2, x2, x2, x2, x2, x2, x2, x2} * c;
                s[3] += (opslab_v8f){x3, x3, x3, x3, x3, x3, x3, x3} * c;
            }
            for (long q = 0; q < 4; q++) {
                // The group's lowest score in every lane (three halvings), then the lowest slot holding it.
                opslab_v8f m = __builtin_elementwise_min(s[q], __builtin_shufflevector(s[q], s[q], 4, 5, 6, 7, 0, 1, 2, 3));
                m = __builtin_elementwise_min(m, __builtin_shufflevector(m, m, 2, 3, 0, 1, 6, 7, 4, 5));
                m = __builtin_elementwise_min(m, __builtin_shufflevector(m, m, 1, 0, 3, 2, 5, 4, 7, 6));
                const opslab_v8i at = s[q] == m;
                opslab_v8i slot = (((opslab_v8i){0, 1, 2, 3, 4, 5, 6, 7}) & at) | (((opslab_v8i){8, 8, 8, 8, 8, 8, 8, 8}) & ~at);
                slot = __builtin_elementwise_min(slot, __builtin_shufflevector(slot, slot, 4, 5, 6, 7, 0, 1, 2, 3));
                slot = __builtin_elementwise_min(slot, __builtin_shufflevector(slot, slot, 2, 3, 0, 1, 6, 7, 4, 5));
                slot = __builtin_elementwise_min(slot, __builtin_shufflevector(slot, slot, 1, 0, 3, 2, 5, 4, 7, 6));
                const int better = m[0] < best[q];
                best[q] = better ? m[0] : best[q];
                label[q] = better ? (int)(g * 8) + slot[0] : label[q];
            }
        }
        for (long q = 0; q < valid; q++) {
            const int old = labels[i + q];
            moved_rows[moved] = (int)(first + i + q);
            moved_from[moved] = old;
            moved += old != label[q];
            labels[i + q] = label[q];
        }
    }
    return moved;
}

#if defined(__x86_64__)
__attribute__((target("avx2"), noinline))
static long opslab_nearest_centres_avx2(const float *x, long rows, long d, const float *transposed, const float *norms, long groups,
                                        int *labels, long first, int *moved_rows, int *moved_from) {
    return opslab_nearest_centres_body(x, rows, d, transposed, norms, groups, labels, first, moved_rows, moved_from);
}
#endif

__attribute__((noinline))
static long opslab_nearest_centres_baseline(const float *x, long rows, long d, const float *transposed, const float *norms, long groups,
                                            int *labels, long first, int *moved_rows, int *moved_from) {
    return opslab_nearest_centres_body(x, rows, d, transposed, norms, groups, labels, first, moved_rows, moved_from);
}

static inline long opslab_nearest_centres(const float *x, long rows, long d, const float *transposed, const float *norms, long groups,
                                          int *labels, long first, int *moved_rows, int *moved_from, int wide) {
#if defined(__x86_64__)
    if (wide) return opslab_nearest_centres_avx2(x, rows, d, transposed, norms, groups, labels, first, moved_rows, moved_from);
#endif
    return opslab_nearest_centres_baseline(x, rows, d, transposed, norms, groups, labels, first, moved_rows, moved_from);
}

#endif
