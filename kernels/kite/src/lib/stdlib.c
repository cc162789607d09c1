/*
 * stdlib.c - number parsing, sorting, a pseudo-random generator and the
 * small integer helpers of stdlib.h. (malloc and friends: mm/heap.c;
 * exit: kernel/bootbook.c; abort: kernel/panic.c.)
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

unsigned long long strtoull(const char *s, char **end, int base) {
    const char *p = s;
    while (isspace(*p)) p++;
    int neg = 0;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit(p[2])) { p += 2; base = 16; }
    else if (base == 0 && p[0] == '0') base = 8;
    else if (base == 0) base = 10;
    unsigned long long v = 0;
    const char *start = p;
    for (;; p++) {
        int d = isdigit(*p) ? *p - '0' : islower(*p) ? *p - 'a' + 10 : isupper(*p) ? *p - 'A' + 10 : 99;
        if (d >= base) break;
        v = v * (unsigned)base + (unsigned)d;
    }
    if (end) *end = (char *)(p == start ? s : p);
    return neg ? -v : v;
}

long long strtoll(const char *s, char **end, int base) { return (long long)strtoull(s, end, base); }
long strtol(const char *s, char **end, int base) { return (long)strtoull(s, end, base); }
unsigned long strtoul(const char *s, char **end, int base) { return (unsigned long)strtoull(s, end, base); }
int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }

/* Decimal only, [sign] digits [. digits] [e [sign] digits]; enough for parameters. */
double strtod(const char *s, char **end) {
    const char *p = s;
    while (isspace(*p)) p++;
    int neg = 0;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    long double v = 0, scale = 1;
    const char *start = p;
    while (isdigit(*p)) v = v * 10 + (*p++ - '0');
    if (*p == '.') {
        p++;
        while (isdigit(*p)) { v = v * 10 + (*p++ - '0'); scale *= 10; }
    }
    if (p == start) { if (end) *end = (char *)s; return 0; }
    if (*p == 'e' || *p == 'E') {
        char *q;
        long e = strtol(p + 1, &q, 10);
        if (q != p + 1) {
            p = q;
            for (; e > 0; e--) v *= 10;
            for (; e < 0; e++) scale *= 10;
        }
    }
    if (end) *end = (char *)p;
    return (double)(neg ? -v / scale : v / scale);
}

double atof(const char *s) { return strtod(s, NULL); }
int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

static uint64_t rand_state = 1;
void srand(unsigned seed) { rand_state = seed; }
int rand(void) { /* a 64-bit LCG (Knuth's MMIX constants), top bits out */
    rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)(rand_state >> 33);
}

static void swap(char *a, char *b, size_t n) {
    while (n--) { char t = *a; *a++ = *b; *b++ = t; }
}

/* Heapsort: no recursion, no extra memory, O(n log n) always. */
static void sift(char *base, size_t root, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0) child++;
        if (cmp(base + root * size, base + child * size) >= 0) return;
        swap(base + root * size, base + child * size, size);
        root = child;
    }
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    char *b = base;
    for (size_t i = n / 2; i-- > 0;) sift(b, i, n, size, cmp);
    for (size_t end = n; end-- > 1;) {
        swap(b, b + end * size, size);
        sift(b, 0, end, size, cmp);
    }
}

void *bsearch(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    const char *b = base;
    while (n) {
        const char *mid = b + (n / 2) * size;
        int c = cmp(key, mid);
        if (c == 0) return (void *)mid;
        if (c > 0) { b = mid + size; n -= n / 2 + 1; }
        else n /= 2;
    }
    return NULL;
}
