/* math.h - the few floating-point functions kite provides (src/lib/math.c). */
#ifndef KITE_MATH_H
#define KITE_MATH_H
#define NAN (__builtin_nanf(""))
#define INFINITY (__builtin_inff())
#define HUGE_VAL (__builtin_huge_val())
#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)
#define isfinite(x) __builtin_isfinite(x)
#define signbit(x) __builtin_signbit(x)
double fabs(double x);
double sqrt(double x);
double floor(double x);
double ceil(double x);
double round(double x);
double trunc(double x);
double fmod(double x, double y);
double fmin(double a, double b);
double fmax(double a, double b);
double pow(double x, double y);
double exp(double x);
double log(double x);
double log2(double x);
double log10(double x);
#endif
