/*
 * math.c - a few math.h functions. On x86_64 they use SSE2 and the x87 unit
 * (which has square root, logarithm and 2^x instructions of its own); on
 * riscv64 (soft float, rv64imac) they are short series and Newton steps in C,
 * good to the last bit or two of a double.
 */
#include <math.h>

double fabs(double x) { return __builtin_fabs(x); }
double trunc(double x) { return fabs(x) < 4503599627370496.0 ? (double)(long)x : x; }
double floor(double x) { double t = trunc(x); return t > x ? t - 1 : t; }
double ceil(double x) { double t = trunc(x); return t < x ? t + 1 : t; }
double round(double x) { return x < 0 ? -floor(-x + 0.5) : floor(x + 0.5); }
double fmin(double a, double b) { return a < b ? a : b; }
double fmax(double a, double b) { return a > b ? a : b; }
#if defined(__x86_64__)
double sqrt(double x) { double r; __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x)); return r; }
double fmod(double x, double y) { long double r; __asm__("1: fprem; fnstsw %%ax; sahf; jp 1b" : "=t"(r) : "0"((long double)x), "u"((long double)y) : "ax", "cc"); return (double)r; }
double log2(double x) { long double r; __asm__("fld1; fxch; fyl2x" : "=t"(r) : "0"((long double)x)); return (double)r; }
/* 2^y = 2^int(y) * 2^frac(y): f2xm1 for the fraction, fscale for the integer. */
static long double exp2l_(long double y) {
    long double i = (long double)(long)y, f = y - i, r;
    __asm__("f2xm1" : "=t"(r) : "0"(f));
    r += 1;
    __asm__("fscale" : "=t"(r) : "0"(r), "u"(i));
    return r;
}
#else
/* riscv64: long double is IEEE quad (soft float, 113-bit mantissa), so these
 * series run in quad and round once to double at the end. */
typedef union { double d; unsigned long u; } bits;
/* x * 2^e, by the exponent field (and in steps near the ends of the range). */
static long double scale2(long double x, long e) {
    while (e > 1000) { x *= 0x1p1000L; e -= 1000; }
    while (e < -1000) { x *= 0x1p-1000L; e += 1000; }
    bits b = { .u = (unsigned long)(e + 1023) << 52 };
    return x * b.d;
}
double sqrt(double x) {
    if (x < 0) return NAN;
    if (x == 0 || isinf(x) || isnan(x)) return x;
    bits b = { .d = x };
    b.u = (b.u >> 1) + (1023UL << 51); /* halve the exponent: a guess within a factor of 2 */
    double y = b.d;
    for (int i = 0; i < 7; i++) y = 0.5 * (y + x / y);
    return (double)(0.5L * ((long double)y + (long double)x / y)); /* one more step in quad */
}
/* Subtract y shifted left as far as it fits, then less: every step is exact. */
double fmod(double x, double y) {
    if (y == 0 || isinf(x) || isnan(x) || isnan(y)) return NAN;
    double r = fabs(x), ay = fabs(y);
    while (r >= ay) {
        double t = ay;
        while (t * 2 <= r) t *= 2;
        r -= t;
    }
    return x < 0 ? -r : r;
}
/* x = m * 2^e with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s), s = (m-1)/(m+1). */
static long double log2l_(double x) {
    long e = 0;
    while (x < 0x1p-1000) { x *= 0x1p1000; e -= 1000; }
    bits b = { .d = x };
    e += (long)((b.u >> 52) & 0x7ff) - 1023;
    b.u = (b.u & ((1UL << 52) - 1)) | (1023UL << 52);
    long double m = b.d;
    if (m > 1.4142135623730950488L) { m *= 0.5L; e++; }
    long double s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;
    for (int k = 1; k < 48; k += 2) { sum += term / k; term *= s2; }
    return (long double)e + 2 * sum * 1.44269504088896340735992468100189214L;
}
double log2(double x) {
    if (x < 0 || isnan(x)) return NAN;
    if (x == 0) return -INFINITY;
    if (isinf(x)) return x;
    return (double)log2l_(x);
}
/* 2^y = 2^floor(y) * e^(frac * ln 2), the second by its Taylor series. */
static long double exp2l_(long double y) {
    if (y != y) return y;
    if (y > 1024) return INFINITY;
    if (y < -1080) return 0;
    long double i = (long double)(long)y;
    if (i > y) i -= 1;
    long double f = (y - i) * 0.693147180559945309417232121458176568L, term = 1, sum = 1;
    for (int k = 1; k < 36; k++) { term *= f / k; sum += term; }
    return scale2(sum, (long)i);
}
#endif

#if defined(__x86_64__)
#define LOG2L(x) ((long double)log2(x))
#else
#define LOG2L(x) (x > 0 && !isinf(x) ? log2l_(x) : (long double)log2(x))
#endif
double log(double x) { return (double)(LOG2L(x) * 0.69314718055994530942L); }
double log10(double x) { return (double)(LOG2L(x) * 0.30102999566398119521L); }
double exp(double x) { return (double)exp2l_((long double)x * 1.44269504088896340736L); }
double pow(double x, double y) {
    if (y == 0) return 1;
    if (x == 0) return 0;
    if (x < 0 && y == (double)(long)y) { double r = (double)exp2l_(y * LOG2L(-x)); return ((long)y & 1) ? -r : r; }
    return (double)exp2l_(y * LOG2L(x));
}
