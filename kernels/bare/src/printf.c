/*
 * printf.c - the one formatter behind printf, snprintf and the markers.
 * Flags - + space # 0, width and precision (also *), lengths hh h l ll z j t,
 * conversions d i u x X o c s p % and f e g (and their capitals). Floating
 * point goes through long double (x87 on x86_64, binary128 elsewhere), as in
 * kite, so %.17g of a double round-trips.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "bare.h"

void console_write(const char *s, size_t n);

typedef void (*emit_fn)(void *ctx, const char *s, size_t n);
struct out { emit_fn emit; void *ctx; char buf[64]; size_t len; int total; };
struct spec { int left, plus, space, alt, zero, width, prec; char conv; };

static void flush(struct out *o) { if (o->len) o->emit(o->ctx, o->buf, o->len); o->len = 0; }
static void put(struct out *o, char c) {
    if (o->len == sizeof o->buf) flush(o);
    o->buf[o->len++] = c;
    o->total++;
}
static void pad(struct out *o, char c, int n) { while (n-- > 0) put(o, c); }

/* prefix, then zeros, then body, with the width applied once to the whole. */
static void field(struct out *o, const struct spec *sp, const char *prefix, const char *body, size_t blen, int zeros) {
    size_t plen = strlen(prefix);
    int fill = sp->width - (int)(plen + blen) - zeros;
    if (!sp->left && !sp->zero) pad(o, ' ', fill);
    for (size_t i = 0; i < plen; i++) put(o, prefix[i]);
    if (!sp->left && sp->zero) pad(o, '0', fill);
    pad(o, '0', zeros);
    for (size_t i = 0; i < blen; i++) put(o, body[i]);
    if (sp->left) pad(o, ' ', fill);
}

static void fmt_int(struct out *o, struct spec *sp, uint64_t v, int negative) {
    int base = sp->conv == 'o' ? 8 : sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p' ? 16 : 10;
    const char *set = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char body[24];
    int n = 0;
    for (uint64_t t = v; t; t /= (unsigned)base) n++;
    if (n == 0 && sp->prec != 0) n = 1;
    for (int i = n - 1; i >= 0; i--, v /= (unsigned)base) body[i] = set[v % (unsigned)base];
    const char *prefix = negative ? "-" : sp->plus ? "+" : sp->space ? " " : "";
    if (sp->alt && base == 16 && n && !(n == 1 && body[0] == '0')) prefix = sp->conv == 'X' ? "0X" : "0x";
    if (sp->alt && base == 8 && body[0] != '0') prefix = "0";
    if (sp->prec >= 0) sp->zero = 0;
    field(o, sp, prefix, body, (size_t)n, sp->prec > n ? sp->prec - n : 0);
}

/* n (1..19) significant digits of x > 0, rounded half to even; returns the decimal exponent. */
static int digits_of(long double x, int n, char *out) {
    int e = 0;
    while (x >= 1e16L) { x /= 1e16L; e += 16; }
    while (x < 1e-16L) { x *= 1e16L; e -= 16; }
    while (x >= 10.0L) { x /= 10.0L; e++; }
    while (x < 1.0L) { x *= 10.0L; e--; }
    long double scale = 1.0L;
    for (int i = 1; i < n; i++) scale *= 10.0L;
    long double y = x * scale;
    uint64_t u = (uint64_t)y, lim = 1;
    long double rem = y - (long double)u;
    if (rem > 0.5L || (rem == 0.5L && (u & 1))) u++;
    for (int i = 0; i < n; i++) lim *= 10;
    if (u >= lim) { u = (u + 5) / 10; e++; }
    for (int i = n - 1; i >= 0; i--, u /= 10) out[i] = (char)('0' + u % 10);
    return e;
}

static void fmt_float(struct out *o, struct spec *sp, long double v) {
    const char *prefix = __builtin_signbit(v) ? "-" : sp->plus ? "+" : sp->space ? " " : "";
    if (__builtin_signbit(v)) v = -v;
    int upper = sp->conv < 'a';
    char c = (char)(sp->conv | 0x20), body[360], dig[20];
    if (__builtin_isnan(v) || __builtin_isinf(v)) {
        sp->zero = 0;
        field(o, sp, prefix, __builtin_isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3, 0);
        return;
    }
    int prec = sp->prec < 0 ? 6 : sp->prec, b = 0;
    if (c == 'f' && v >= 1e18L) c = 'e'; /* beyond 64-bit integers: exponent form (a simplification) */
    if (c == 'f') {
        if (prec > 18) prec = 18;
        long double scale = 1.0L;
        for (int i = 0; i < prec; i++) scale *= 10.0L;
        uint64_t ip = (uint64_t)v;
        long double y = (v - (long double)ip) * scale;
        uint64_t f = (uint64_t)y;
        if (y - (long double)f > 0.5L || (y - (long double)f == 0.5L && (f & 1))) f++;
        if ((long double)f >= scale) { f = 0; ip++; }
        b = snprintf(body, sizeof body, "%lu", (unsigned long)ip);
        if (prec > 0 || sp->alt) body[b++] = '.';
        if (prec > 0) b += snprintf(body + b, sizeof body - (size_t)b, "%0*lu", prec, (unsigned long)f);
    } else {
        int g = c == 'g', p = g ? (prec == 0 ? 1 : prec) : prec + 1;
        if (p > 19) p = 19;
        int e = v == 0 ? 0 : digits_of(v, p, dig);
        if (v == 0) memset(dig, '0', (size_t)p);
        int nd = p;
        if (g && !sp->alt) while (nd > 1 && dig[nd - 1] == '0') nd--;
        if (!g || e < -4 || e >= p) { /* d.ddde+XX */
            body[b++] = dig[0];
            if (nd > 1 || sp->alt) body[b++] = '.';
            for (int i = 1; i < nd; i++) body[b++] = dig[i];
            if (!g) for (int i = nd; i <= prec; i++) body[b++] = '0';
            b += snprintf(body + b, 16, "%c%c%02d", upper ? 'E' : 'e', e < 0 ? '-' : '+', e < 0 ? -e : e);
        } else if (e < 0) { /* 0.000ddd */
            body[b++] = '0';
            body[b++] = '.';
            for (int i = -1; i > e; i--) body[b++] = '0';
            for (int i = 0; i < nd; i++) body[b++] = dig[i];
        } else { /* ddd.ddd */
            for (int i = 0; i <= e; i++) body[b++] = i < nd ? dig[i] : '0';
            if (nd > e + 1 || sp->alt) body[b++] = '.';
            for (int i = e + 1; i < nd; i++) body[b++] = dig[i];
        }
    }
    field(o, sp, prefix, body, (size_t)b, 0);
}

int bare_vformat(emit_fn emit, void *ctx, const char *fmt, va_list ap) {
    struct out o = { .emit = emit, .ctx = ctx };
    while (*fmt) {
        if (*fmt != '%') { put(&o, *fmt++); continue; }
        fmt++;
        struct spec sp = { .prec = -1 };
        for (;; fmt++) {
            if (*fmt == '-') sp.left = 1;
            else if (*fmt == '+') sp.plus = 1;
            else if (*fmt == ' ') sp.space = 1;
            else if (*fmt == '#') sp.alt = 1;
            else if (*fmt == '0') sp.zero = 1;
            else break;
        }
        if (*fmt == '*') { sp.width = va_arg(ap, int); if (sp.width < 0) { sp.left = 1; sp.width = -sp.width; } fmt++; }
        else while (*fmt >= '0' && *fmt <= '9') sp.width = sp.width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            fmt++;
            sp.prec = 0;
            if (*fmt == '*') { sp.prec = va_arg(ap, int); fmt++; }
            else while (*fmt >= '0' && *fmt <= '9') sp.prec = sp.prec * 10 + (*fmt++ - '0');
        }
        int lng = 0, ldbl = 0; /* lng: -2 char, -1 short, 0 int, 1+ long */
        for (;; fmt++) {
            if (*fmt == 'h') lng--;
            else if (*fmt == 'l' || *fmt == 'z' || *fmt == 'j' || *fmt == 't') lng++;
            else if (*fmt == 'L') ldbl = 1;
            else break;
        }
        if (sp.left) sp.zero = 0;
        sp.conv = *fmt ? *fmt++ : '%';
        switch (sp.conv) {
        case 'd': case 'i': {
            int64_t v = lng >= 1 ? va_arg(ap, long) : va_arg(ap, int);
            if (lng == -1) v = (short)v;
            if (lng <= -2) v = (signed char)v;
            fmt_int(&o, &sp, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0);
            break;
        }
        case 'u': case 'x': case 'X': case 'o': {
            uint64_t v = lng >= 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            if (lng == -1) v = (unsigned short)v;
            if (lng <= -2) v = (unsigned char)v;
            sp.plus = sp.space = 0;
            fmt_int(&o, &sp, v, 0);
            break;
        }
        case 'p': {
            void *p = va_arg(ap, void *);
            sp.alt = 1;
            sp.plus = sp.space = sp.zero = 0;
            fmt_int(&o, &sp, (uintptr_t)p, 0);
            break;
        }
        case 'c': {
            char ch = (char)va_arg(ap, int);
            sp.zero = 0;
            field(&o, &sp, "", &ch, 1, 0);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            sp.zero = 0;
            field(&o, &sp, "", s, sp.prec >= 0 ? strnlen(s, (size_t)sp.prec) : strlen(s), 0);
            break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
            fmt_float(&o, &sp, ldbl ? va_arg(ap, long double) : (long double)va_arg(ap, double));
            break;
        default:
            put(&o, '%');
            if (sp.conv != '%') put(&o, sp.conv);
        }
    }
    flush(&o);
    return o.total;
}

/* ---- the stdio.h entry points ---- */

struct bare_file { int fd; };
static struct bare_file out_file = { 1 }, err_file = { 2 };
FILE *const stdout = &out_file;
FILE *const stderr = &err_file;

static void emit_console(void *ctx, const char *s, size_t n) { (void)ctx; console_write(s, n); }

struct strbuf { char *p; size_t cap, len; };
static void emit_buf(void *ctx, const char *s, size_t n) {
    struct strbuf *b = ctx;
    for (size_t i = 0; i < n; i++, b->len++)
        if (b->len + 1 < b->cap) b->p[b->len] = s[i];
}

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap) {
    struct strbuf b = { buf, n, 0 };
    int total = bare_vformat(emit_buf, &b, fmt, ap);
    if (n) buf[b.len < n ? b.len : n - 1] = 0;
    return total;
}

int snprintf(char *buf, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

int sprintf(char *buf, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, (size_t)1 << 30, fmt, ap);
    va_end(ap);
    return r;
}

int vprintf(const char *fmt, va_list ap) { return bare_vformat(emit_console, NULL, fmt, ap); }
int vfprintf(FILE *f, const char *fmt, va_list ap) { (void)f; return vprintf(fmt, ap); }

int printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vprintf(fmt, ap);
    va_end(ap);
    return r;
}

int fprintf(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int fputs(const char *s, FILE *f) { (void)f; console_write(s, strlen(s)); return 0; }
int puts(const char *s) { console_write(s, strlen(s)); console_write("\n", 1); return 0; }
int fputc(int c, FILE *f) { (void)f; char ch = (char)c; console_write(&ch, 1); return (unsigned char)c; }
int putchar(int c) { return fputc(c, stdout); }
int fflush(FILE *f) { (void)f; return 0; } /* unbuffered: the UART has it already */
