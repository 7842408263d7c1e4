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

// 2 when the processor and the operating system support AVX-512 (F, DQ, VL, BW; the OS saves the
// mask and 512-bit registers) as well as AVX2, 1 for AVX2 alone, 0 otherwise.
static inline int opslab_vector_level(void) {
    if (!opslab_has_avx2()) return 0;
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 1;
    const unsigned needed = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);  // F, DQ, BW, VL
    if ((b & needed) != needed) return 1;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 0xE6) == 0xE6 ? 2 : 1;  // XMM, YMM, opmask, upper ZMM state saved
#else
    return 1;
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

typedef float opslab_v8f __attribute__((vector_size(32), aligned(4), may_alias));
typedef float opslab_v4f __attribute__((vector_size(16), aligned(4), may_alias));
typedef int opslab_v8i __attribute__((vector_size(32), aligned(4), may_alias));

// k-means reads its rows as floats in blocks of eight rows: block b's feature j of row 8b + q at
// (b·d + j)·8 + q, so one vector holds a feature of eight rows (rows past the last are padding).

#define OPSLAB_SPLAT8(v) ((opslab_v8f){v, v, v, v, v, v, v, v})

// k-means++'s step: for each of `t` candidates (d floats each), every one of `rows` rows' squared
// distance to the nearest of the centres so far (`closest`, or none when NULL) and that
// candidate, into out[slot·n + i], and per slot the sum over these rows into `totals` (rows in
// order). A distance is Σ (x_j − c_j)² in double over the features in order, from the floats.
static inline __attribute__((always_inline))
void opslab_closest_after_body(const float *x, long rows, long d, const float *const *candidates, long t,
                               const double *closest, double *out, long n, double *totals) {
    for (long slot = 0; slot < t; slot++) totals[slot] = 0;
    for (long i = 0; i < rows; i += 8) {
        const float *block = x + i * d;
        const long valid = rows - i < 8 ? rows - i : 8;
        for (long slot = 0; slot < t; slot++) {
            const float *c = candidates[slot];
            opslab_v4d low = {0, 0, 0, 0}, high = low;
            for (long j = 0; j < d; j++) {
                const opslab_v8f v = *(const opslab_v8f *)(block + j * 8);
                const double cj = c[j];
                const opslab_v4d a = __builtin_convertvector(__builtin_shufflevector(v, v, 0, 1, 2, 3), opslab_v4d) - cj;
                const opslab_v4d b = __builtin_convertvector(__builtin_shufflevector(v, v, 4, 5, 6, 7), opslab_v4d) - cj;
                low += a * a;
                high += b * b;
            }
            double *const target = out + slot * n + i;
            double total = totals[slot];
            for (long q = 0; q < valid; q++) {
                double v = q < 4 ? low[q] : high[q - 4];
                if (closest) v = v < closest[i + q] ? v : closest[i + q];
                target[q] = v;
                total += v;
            }
            totals[slot] = total;
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2"), noinline))
static void opslab_closest_after_avx2(const float *x, long rows, long d, const float *const *candidates, long t,
                                      const double *closest, double *out, long n, double *totals) {
    opslab_closest_after_body(x, rows, d, candidates, t, closest, out, n, totals);
}
#endif

__attribute__((noinline))
static void opslab_closest_after_baseline(const float *x, long rows, long d, const float *const *candidates, long t,
                                          const double *closest, double *out, long n, double *totals) {
    opslab_closest_after_body(x, rows, d, candidates, t, closest, out, n, totals);
}

// The kernel above on the widest build the machine has (`wide`: from opslab_has_avx2); `x` starts
// at a block, `rows` is counted from there.
static inline void opslab_closest_after(const float *x, long rows, long d, const float *const *candidates, long t,
                                        const double *closest, double *out, long n, double *totals, int wide) {
#if defined(__x86_64__)
    if (wide) { opslab_closest_after_avx2(x, rows, d, candidates, t, closest, out, n, totals); return; }
#endif
    opslab_closest_after_baseline(x, rows, d, candidates, t, closest, out, n, totals);
}

// k-means' assignment step: the nearest centre of each of `rows` rows (blocks of eight, from a
// block's start) by the scores ||c||² − 2·x·c, with `transposed` holding −2·c in groups of eight
// centres (group g, feature j, slot s at (g·d + j)·8 + s) and `norms` ||c||² per slot (+inf for
// the padding). A block's eight rows are a vector and each centre's score is one of eight
// independent sums: it starts from the norm and adds x_j · (−2c_j) feature by feature. Centres are
// taken in order and only a strictly lower score replaces the best: the lowest centre wins a tie.
// Each row's label is written over the old one; a row whose label changed is listed (its number,
// counted from `first`, and its old label) in `moved_rows` / `moved_from`. Returns how many moved.
static inline __attribute__((always_inline))
long opslab_nearest_centres_body(const float *x, long rows, long d, const float *transposed, const float *norms, long groups,
                                 int *labels, long first, int *moved_rows, int *moved_from) {
    long moved = 0;
    for (long i = 0; i < rows; i += 8) {
        const float *block = x + i * d;
        opslab_v8f best = OPSLAB_SPLAT8(__builtin_inff());
        opslab_v8i label = {0, 0, 0, 0, 0, 0, 0, 0};
        for (long g = 0; g < groups; g++) {
            const float *p = transposed + g * d * 8, *norm = norms + g * 8;
            opslab_v8f s0 = OPSLAB_SPLAT8(norm[0]), s1 = OPSLAB_SPLAT8(norm[1]), s2 = OPSLAB_SPLAT8(norm[2]), s3 = OPSLAB_SPLAT8(norm[3]);
            opslab_v8f s4 = OPSLAB_SPLAT8(norm[4]), s5 = OPSLAB_SPLAT8(norm[5]), s6 = OPSLAB_SPLAT8(norm[6]), s7 = OPSLAB_SPLAT8(norm[7]);
            for (long j = 0; j < d; j++, p += 8) {
                const opslab_v8f v = *(const opslab_v8f *)(block + j * 8);
                s0 += v * OPSLAB_SPLAT8(p[0]);
                s1 += v * OPSLAB_SPLAT8(p[1]);
                s2 += v * OPSLAB_SPLAT8(p[2]);
                s3 += v * OPSLAB_SPLAT8(p[3]);
                s4 += v * OPSLAB_SPLAT8(p[4]);
                s5 += v * OPSLAB_SPLAT8(p[5]);
                s6 += v * OPSLAB_SPLAT8(p[6]);
                s7 += v * OPSLAB_SPLAT8(p[7]);
            }
            const opslab_v8f scores[8] = {s0, s1, s2, s3, s4, s5, s6, s7};
            for (int slot = 0; slot < 8; slot++) {
                const int centre = (int)(g * 8) + slot;
                const opslab_v8i lower = (opslab_v8i)(scores[slot] < best);
                best = (opslab_v8f)(((opslab_v8i)scores[slot] & lower) | ((opslab_v8i)best & ~lower));
                label = ((opslab_v8i){centre, centre, centre, centre, centre, centre, centre, centre} & lower) | (label & ~lower);
            }
        }
        const long valid = rows - i < 8 ? rows - i : 8;
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
