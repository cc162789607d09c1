/*
 * printf.c - the one formatter behind printf, snprintf and the kernel's
 * kprintf. It writes through an emit callback in small chunks. Supported:
 * flags - + space # 0, width and precision (also *), length hh h l ll z j t L,
 * conversions d i u o x X c s p % and the floating-point f F e E g G.
 * Floating point goes through x87 long double (64-bit mantissa), so %.17g of
 * a double is right to the last digit or off by one in it; integers up to
 * 2^64 print exactly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>

typedef void (*emit_fn)(void *ctx, const char *s, size_t n);

struct out {
    emit_fn emit;
    void *ctx;
    char buf[64];
    size_t len;
    int total;
};

static void flush(struct out *o) {
    if (o->len) o->emit(o->ctx, o->buf, o->len);
    o->len = 0;
}
static void put(struct out *o, char c) {
    if (o->len == sizeof o->buf) flush(o);
    o->buf[o->len++] = c;
    o->total++;
}
static void puts_n(struct out *o, const char *s, size_t n) { while (n--) put(o, *s++); }
static void pad(struct out *o, char c, int n) { while (n-- > 0) put(o, c); }

struct spec {
    int left, plus, space, alt, zero;
    int width, prec; /* prec < 0: none */
    char conv;
};

/* Sign/prefix, zero padding, digits, with width applied once to the whole. */
static void emit_field(struct out *o, const struct spec *sp, const char *prefix, const char *body, size_t blen, int zeros) {
    size_t plen = strlen(prefix);
    int len = (int)(plen + blen) + zeros;
    int fill = sp->width > len ? sp->width - len : 0;
    if (!sp->left && !sp->zero) pad(o, ' ', fill);
    puts_n(o, prefix, plen);
    if (!sp->left && sp->zero) pad(o, '0', fill);
    pad(o, '0', zeros);
    puts_n(o, body, blen);
    if (sp->left) pad(o, ' ', fill);
}

static void fmt_int(struct out *o, struct spec *sp, uint64_t v, int negative) {
    char digits[24];
    int base = 10, n = 0;
    const char *set = "0123456789abcdef";
    if (sp->conv == 'x' || sp->conv == 'p') base = 16;
    if (sp->conv == 'X') { base = 16; set = "0123456789ABCDEF"; }
    if (sp->conv == 'o') base = 8;
    while (v) { digits[n++] = set[v % (unsigned)base]; v /= (unsigned)base; }
    if (n == 0 && sp->prec != 0) digits[n++] = '0';
    char body[24];
    for (int i = 0; i < n; i++) body[i] = digits[n - 1 - i];
    const char *prefix = negative ? "-" : sp->plus ? "+" : sp->space ? " " : "";
    if (sp->alt && base == 16 && (n > 1 || body[0] != '0')) prefix = sp->conv == 'X' ? "0X" : "0x";
    if (sp->alt && base == 8 && body[0] != '0') prefix = "0";
    int zeros = sp->prec > n ? sp->prec - n : 0;
    if (sp->prec >= 0) sp->zero = 0;
    emit_field(o, sp, prefix, body, (size_t)n, zeros);
}

/* Round to an integer, halves to even (as glibc does for exactly representable halves). */
static uint64_t round_even(long double y) {
    uint64_t u = (uint64_t)y;
    long double rem = y - (long double)u;
    if (rem > 0.5L || (rem == 0.5L && (u & 1))) u++;
    return u;
}

/* n (1..19) significant decimal digits of x > 0 and its decimal exponent. */
static int digits_of(long double x, int n, char *out) {
    static const long double up[] = { 1e1L, 1e2L, 1e4L, 1e8L, 1e16L, 1e32L, 1e64L, 1e128L, 1e256L, 1e512L, 1e1024L, 1e2048L, 1e4096L };
    int e = 0;
    for (int i = 12; i >= 0; i--) {
        if (x >= up[i]) { x /= up[i]; e += 1 << i; }
    }
    for (int i = 12; i >= 0; i--) {
        if (x < 1.0L / up[i] * 10.0L) { x *= up[i]; e -= 1 << i; }
    }
    while (x >= 10.0L) { x /= 10.0L; e++; }
    while (x < 1.0L) { x *= 10.0L; e--; }
    long double scale = 1.0L;
    for (int i = 1; i < n; i++) scale *= 10.0L;
    uint64_t u = round_even(x * scale), lim = 1;
    for (int i = 0; i < n; i++) lim *= 10;
    if (u >= lim) { u = (u + 5) / 10; e++; }
    for (int i = n - 1; i >= 0; i--) { out[i] = (char)('0' + u % 10); u /= 10; }
    return e;
}

static void fmt_float(struct out *o, struct spec *sp, long double v) {
    char prefix[2] = { 0, 0 };
    if (__builtin_signbit(v)) { prefix[0] = '-'; v = -v; }
    else if (sp->plus) prefix[0] = '+';
    else if (sp->space) prefix[0] = ' ';
    int upper = sp->conv == 'F' || sp->conv == 'E' || sp->conv == 'G';
    if (__builtin_isnan(v) || __builtin_isinf(v)) {
        sp->zero = 0;
        emit_field(o, sp, prefix, __builtin_isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3, 0);
        return;
    }
    int prec = sp->prec < 0 ? 6 : sp->prec;
    char c = (char)(sp->conv | 0x20);
    char body[400];
    size_t b = 0;
    char dig[20];
    if (c == 'g') {
        int p = prec == 0 ? 1 : prec > 19 ? 19 : prec;
        int e = v == 0 ? 0 : digits_of(v, p, dig);
        if (v == 0) memset(dig, '0', (size_t)p);
        int nd = p;
        if (!sp->alt) while (nd > 1 && dig[nd - 1] == '0') nd--;
        if (e < -4 || e >= p) { /* exponent form */
            body[b++] = dig[0];
            if (nd > 1 || sp->alt) body[b++] = '.';
            for (int i = 1; i < nd; i++) body[b++] = dig[i];
            b += (size_t)snprintf(body + b, 16, "%c%c%02d", upper ? 'E' : 'e', e < 0 ? '-' : '+', e < 0 ? -e : e);
        } else if (e < 0) {
            body[b++] = '0';
            body[b++] = '.';
            for (int i = -1; i > e; i--) body[b++] = '0';
            for (int i = 0; i < nd; i++) body[b++] = dig[i];
        } else {
            for (int i = 0; i <= e; i++) body[b++] = i < nd ? dig[i] : '0';
            if (nd > e + 1 || sp->alt) body[b++] = '.';
            for (int i = e + 1; i < nd; i++) body[b++] = dig[i];
        }
    } else if (c == 'e') {
        int p = prec + 1 > 19 ? 19 : prec + 1;
        int e = v == 0 ? 0 : digits_of(v, p, dig);
        if (v == 0) memset(dig, '0', (size_t)p);
        body[b++] = dig[0];
        if (prec > 0 || sp->alt) body[b++] = '.';
        for (int i = 1; i <= prec; i++) body[b++] = i < p ? dig[i] : '0';
        b += (size_t)snprintf(body + b, 16, "%c%c%02d", upper ? 'E' : 'e', e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else { /* f */
        if (prec > 300) prec = 300;
        if (v < 1e18L) {
            uint64_t ip = (uint64_t)v;
            long double frac = v - (long double)ip;
            int fp = prec > 18 ? 18 : prec;
            long double scale = 1.0L;
            for (int i = 0; i < fp; i++) scale *= 10.0L;
            uint64_t f = round_even(frac * scale);
            if ((long double)f >= scale) { f = 0; ip++; }
            b += (size_t)snprintf(body + b, 24, "%lu", ip);
            if (prec > 0 || sp->alt) body[b++] = '.';
            if (fp > 0) b += (size_t)snprintf(body + b, 24, "%0*lu", fp, f);
            for (int i = fp; i < prec; i++) body[b++] = '0';
        } else {
            int e = digits_of(v, 19, dig);
            for (int i = 0; i <= e && b < 340; i++) body[b++] = i < 19 ? dig[i] : '0';
            if (prec > 0 || sp->alt) body[b++] = '.';
            for (int i = 0; i < prec && b < sizeof body; i++) body[b++] = '0';
        }
    }
    emit_field(o, sp, prefix, body, b, 0);
}

int kvformat(emit_fn emit, void *ctx, const char *fmt, va_list ap) {
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
        int lng = 0; /* 0 int, -1 short, -2 char, 1 long, 2 long long/size/max */
        int ldbl = 0;
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
            void *ptr = va_arg(ap, void *);
            sp.zero = 0;
            if (!ptr) { emit_field(&o, &sp, "", "(nil)", 5, 0); break; } /* as glibc prints it */
            sp.alt = 1;
            sp.plus = sp.space = 0;
            fmt_int(&o, &sp, (uint64_t)ptr, 0);
            break;
        }
        case 'c': {
            char ch = (char)va_arg(ap, int);
            sp.zero = 0;
            emit_field(&o, &sp, "", &ch, 1, 0);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            size_t n = sp.prec >= 0 ? strnlen(s, (size_t)sp.prec) : strlen(s);
            sp.zero = 0;
            emit_field(&o, &sp, "", s, n, 0);
            break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
            fmt_float(&o, &sp, ldbl ? va_arg(ap, long double) : (long double)va_arg(ap, double));
            break;
        case 'n':
            *va_arg(ap, int *) = o.total;
            break;
        default:
            put(&o, '%');
            if (sp.conv != '%') put(&o, sp.conv);
        }
    }
    flush(&o);
    return o.total;
}

struct strbuf { char *p; size_t cap, len; };

static void emit_buf(void *ctx, const char *s, size_t n) {
    struct strbuf *b = ctx;
    for (size_t i = 0; i < n; i++, b->len++)
        if (b->len + 1 < b->cap) b->p[b->len] = s[i];
}

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap) {
    struct strbuf b = { buf, n, 0 };
    int total = kvformat(emit_buf, &b, fmt, ap);
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

int vsprintf(char *buf, const char *fmt, va_list ap) { return vsnprintf(buf, (size_t)1 << 30, fmt, ap); }

int sprintf(char *buf, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, (size_t)1 << 30, fmt, ap);
    va_end(ap);
    return r;
}
