/*
 * math.c - a few math.h functions, on SSE2 and the x87 unit (which has
 * square root, logarithm and 2^x instructions of its own).
 */
#include <math.h>

double fabs(double x) { return __builtin_fabs(x); }
double sqrt(double x) { double r; __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x)); return r; }
double trunc(double x) { return fabs(x) < 4503599627370496.0 ? (double)(long)x : x; }
double floor(double x) { double t = trunc(x); return t > x ? t - 1 : t; }
double ceil(double x) { double t = trunc(x); return t < x ? t + 1 : t; }
double round(double x) { return x < 0 ? -floor(-x + 0.5) : floor(x + 0.5); }
double fmin(double a, double b) { return a < b ? a : b; }
double fmax(double a, double b) { return a > b ? a : b; }
double fmod(double x, double y) { long double r; __asm__("1: fprem; fnstsw %%ax; sahf; jp 1b" : "=t"(r) : "0"((long double)x), "u"((long double)y) : "ax", "cc"); return (double)r; }
double log2(double x) { long double r; __asm__("fld1; fxch; fyl2x" : "=t"(r) : "0"((long double)x)); return (double)r; }
double log(double x) { return log2(x) * 0.69314718055994530942; }
double log10(double x) { return log2(x) * 0.30102999566398119521; }
/* 2^y = 2^int(y) * 2^frac(y): f2xm1 for the fraction, fscale for the integer. */
static long double exp2l_(long double y) {
    long double i = (long double)(long)y, f = y - i, r;
    __asm__("f2xm1" : "=t"(r) : "0"(f));
    r += 1;
    __asm__("fscale" : "=t"(r) : "0"(r), "u"(i));
    return r;
}
double exp(double x) { return (double)exp2l_((long double)x * 1.44269504088896340736L); }
double pow(double x, double y) {
    if (y == 0) return 1;
    if (x == 0) return 0;
    if (x < 0 && y == (double)(long)y) { double r = (double)exp2l_(y * (long double)log2(-x)); return ((long)y & 1) ? -r : r; }
    return (double)exp2l_(y * (long double)log2(x));
}
