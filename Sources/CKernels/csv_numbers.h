// The CSV reader's fast path for records of plain numbers (header only).
//
// A record such as `-1.25,3,0.5e-3\n` is read here in one tight loop: the separators and line
// ends of 64 bytes at a time are found by vector compares, so each field's number is parsed
// knowing where it ends, and the parse of one field does not wait for the previous one. Only
// what this loop reads exactly as the general scanner would is taken (numbers, and empty fields
// as missing values): it stops at the first record holding anything else (a quote, a blank
// field, another missing-value marker, a CR but at the end of a line, more than 19 digits, a
// value needing more than Clinger's exact path...) and the general scanner goes on from there.
// Values are correctly rounded (Clinger's fast path: an exact mantissa times or divided by an
// exact power of ten, one IEEE operation), as the general scanner's are, so both give the same
// bits.
#ifndef OPSLAB_CSV_NUMBERS_H
#define OPSLAB_CSV_NUMBERS_H

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#pragma clang fp contract(off)

static const double opslab_csv_powers[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
static const uint64_t opslab_csv_integer_powers[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

/// Bytes past a record's start the loop may read: 64 for the boundary block, 8 for a digit word.
#define OPSLAB_CSV_READ_AHEAD 80

static inline __attribute__((always_inline)) uint64_t opslab_csv_word(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/// How many of the eight bytes of w (first byte lowest) are ASCII digits before the first non-digit.
/// (This and the next are also the Swift number parser's, `NumberParsing`.)
static inline __attribute__((always_inline)) int opslab_csv_digit_run(uint64_t w) {
    uint64_t t = w - 0x3030303030303030ULL;
    uint64_t non = (t | (t + 0x0606060606060606ULL)) & 0xF0F0F0F0F0F0F0F0ULL;
    return non == 0 ? 8 : __builtin_ctzll(non) >> 3;
}

/// The value of the first k (0...8) digits of w, in three multiplications; 0 for k = 0 (the
/// shift is made in two steps so that 64 bits is allowed).
static inline __attribute__((always_inline)) uint64_t opslab_csv_digits_value(uint64_t w, int k) {
    const int half = 4 * (8 - k);
    uint64_t v = ((w - 0x3030303030303030ULL) << half) << half;
    v = ((v & 0x0F0F0F0F0F0F0F0FULL) * 2561) >> 8;
    v = ((v & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
    return ((v & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32;
}

/// Bit k set when p[k] (k < 16) is not an ASCII digit.
static inline __attribute__((always_inline)) unsigned opslab_csv_non_digits16(const uint8_t *p) {
#if defined(__x86_64__)
    const __m128i t = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)p), _mm_set1_epi8('0'));
    return ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(9)), t)) & 0xFFFF;
#else
    unsigned mask = 0;
    for (int k = 0; k < 16; k++) mask |= (unsigned)((uint8_t)(p[k] - '0') > 9) << k;
    return mask;
#endif
}

/// Adds the run of digits at p to *m; returns its length, or -1 when more than 19 digits in all.
static inline __attribute__((always_inline)) long opslab_csv_digits(const uint8_t *p, uint64_t *m, int *total) {
    long i = 0;
    for (;;) {
        uint64_t w = opslab_csv_word(p + i);
        int k = opslab_csv_digit_run(w);
        if (k == 0) return i;
        if (*total + k > 19) return -1;
        *m = *m * opslab_csv_integer_powers[k] + opslab_csv_digits_value(w, k);
        *total += k;
        i += k;
        if (k < 8) return i;
    }
}

/// Bit k set when p[k] (k < 64) is the separator or LF.
static inline __attribute__((always_inline)) uint64_t opslab_csv_boundaries(const uint8_t *p, uint8_t separator) {
#if defined(__x86_64__)
    const __m128i s = _mm_set1_epi8((char)separator), lf = _mm_set1_epi8('\n');
    uint64_t mask = 0;
    for (int q = 0; q < 4; q++) {
        __m128i b = _mm_loadu_si128((const __m128i *)(p + 16 * q));
        uint64_t m = (uint16_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(b, s), _mm_cmpeq_epi8(b, lf)));
        mask |= m << (16 * q);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int k = 0; k < 64; k++) mask |= (uint64_t)(p[k] == separator || p[k] == '\n') << k;
    return mask;
#endif
}

/// Reads records of `width` numbers from `from` while a record starts before `stop` and ends
/// more than OPSLAB_CSV_READ_AHEAD bytes before `size`, at most `capacity` of them: field j of
/// the r-th record goes to columns[j][r]. An empty field is a missing value: 0 is written and
/// first + r appended to missing[j] (counted in missingCounts[j]; `capacity` must leave room for
/// one a record in every column). flags[j] gets bit 0 when a value of column j is written with a
/// decimal point or an exponent (a float, not an integer, to the scanner) and bit 1 when column
/// j has a value that is not missing. Returns the records read; *end is where the next record
/// starts (the first one not read).
static inline long opslab_csv_numbers(const uint8_t *base, long size, long from, long stop, uint8_t separator,
                                      long width, double *const *columns, int32_t *const *missing, long *missingCounts,
                                      long first, long capacity, uint8_t *flags, long *end) {
    const long limit = size - OPSLAB_CSV_READ_AHEAD;
    long pos = from, records = 0, block = from;
    uint64_t mask = from + 64 <= limit ? opslab_csv_boundaries(base + from, separator) : 0;
    while (pos < stop && records < capacity) {
        long p = pos;
        for (long j = 0; j < width; j++) {
            while (mask == 0) {
                block += 64;
                if (block + 64 > limit) goto done;
                mask = opslab_csv_boundaries(base + block, separator);
            }
            const long b = block + __builtin_ctzll(mask);
            mask &= mask - 1;
            if (base[b] != (j + 1 < width ? separator : '\n')) goto done;
            // A record may end in CR LF: the last number then ends at the CR.
            const long length = b - p - (j + 1 == width && b > p && base[b - 1] == '\r');
            if (length == 0) {
                // Missing; a one-column file's empty line is a blank line the scanner skips.
                if (width == 1) goto done;
                columns[j][records] = 0;
                missing[j][missingCounts[j]++] = (int32_t)(first + records);
                p = b + 1;
                continue;
            }
            const uint8_t *s = base + p;
            // Branch-free sign: signs are as random as the data.
            const int negative = s[0] == '-';
            long i = negative | (s[0] == '+');
            uint64_t m = 0;
            int exponent = 0, isFloat = 0;
            // The common form first: at most eight digits on each side of an optional point. The
            // point is found among 16 bytes at once, so both sides' digits are read where they are
            // known to be, with no chain of digit counts (a fifth to a third faster on tables of
            // decimals). Two non-digits (3) stand for a length out of the form's range.
            const long digits = length - i;
            const unsigned non = digits >= 1 && digits <= 16 ? opslab_csv_non_digits16(s + i) & ((1u << digits) - 1) : 3;
            const long point = non == 0 ? digits : __builtin_ctz(non), fraction = non == 0 ? 0 : digits - point - 1;
            if ((non & (non - 1)) == 0 && point <= 8 && fraction <= 8 && digits > (non != 0) && (non == 0 || s[i + point] == '.')) {
                m = opslab_csv_digits_value(opslab_csv_word(s + i), (int)point) * opslab_csv_integer_powers[fraction] +
                    opslab_csv_digits_value(opslab_csv_word(s + i + point + 1), (int)fraction);
                exponent = (int)-fraction;
                isFloat = non != 0;
            } else {
                int total = 0;
                long k = opslab_csv_digits(s + i, &m, &total);
                if (k < 0) goto done;
                i += k;
                if (s[i] == '.') {
                    const int integerDigits = total;
                    isFloat = 1;
                    i += 1;
                    k = opslab_csv_digits(s + i, &m, &total);
                    if (k < 0) goto done;
                    i += k;
                    exponent = integerDigits - total;
                }
                if ((s[i] | 0x20) == 'e') {
                    int e = 0, exponentDigits = 0, eNegative = 0;
                    i += 1;
                    if (s[i] == '-' || s[i] == '+') { eNegative = s[i] == '-'; i += 1; }
                    while ((uint8_t)(s[i] - '0') < 10 && exponentDigits < 4) { e = e * 10 + (s[i] - '0'); i += 1; exponentDigits += 1; }
                    if (exponentDigits == 0 || exponentDigits == 4) goto done;
                    exponent += eNegative ? -e : e;
                    isFloat = 1;
                }
                if (i != length || total == 0 || m > (1ULL << 53) || exponent < -22 || exponent > 22) goto done;
            }
            double v = m == 0 ? 0.0 : (exponent >= 0 ? (double)m * opslab_csv_powers[exponent] : (double)m / opslab_csv_powers[-exponent]);
            uint64_t bits;
            memcpy(&bits, &v, 8);
            bits |= (uint64_t)negative << 63;
            memcpy(&v, &bits, 8);
            columns[j][records] = v;
            flags[j] |= (uint8_t)(isFloat | 2);
            p = b + 1;
        }
        records += 1;
        pos = p;
    }
done:
    // A record left part-read may have noted a missing cell: it is the scanner's to read.
    for (long j = 0; j < width; j++) {
        if (missingCounts[j] > 0 && missing[j][missingCounts[j] - 1] == (int32_t)(first + records)) missingCounts[j] -= 1;
    }
    *end = pos;
    return records;
}

#endif
