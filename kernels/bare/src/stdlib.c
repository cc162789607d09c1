/*
 * stdlib.c - the bump heap (malloc hands out the next aligned bytes; free
 * forgets; nothing is reused) and number parsing. A program that needs more
 * of a C library needs another pack.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uintptr_t heap_next, heap_end;

void heap_init(uintptr_t start, uintptr_t end) {
    heap_next = (start + 15) & ~(uintptr_t)15;
    heap_end = end;
}

/* Each block starts with its size (for realloc), 16 bytes so the data stays 16-aligned. */
void *malloc(size_t n) {
    size_t total = 16 + ((n + 15) & ~(size_t)15);
    if (n > heap_end - heap_next || total > heap_end - heap_next) return NULL;
    uintptr_t block = heap_next;
    heap_next += total;
    *(size_t *)block = n;
    return (void *)(block + 16);
}

void *calloc(size_t count, size_t size) {
    if (size && count > (size_t)-1 / size) return NULL;
    void *p = malloc(count * size);
    if (p) memset(p, 0, count * size);
    return p;
}

void *realloc(void *p, size_t n) {
    void *q = malloc(n);
    if (p && q) {
        size_t old = *(size_t *)((uintptr_t)p - 16);
        memcpy(q, p, old < n ? old : n);
    }
    return q;
}

void free(void *p) { (void)p; }

long strtol(const char *s, char **end, int base) {
    const char *p = s;
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
    int neg = *p == '-';
    if (*p == '-' || *p == '+') p++;
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) { p += 2; base = 16; }
    else if (base == 0) base = *p == '0' ? 8 : 10;
    unsigned long v = 0;
    const char *digits = p;
    for (;; p++) {
        int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'z' ? *p - 'a' + 10 : *p >= 'A' && *p <= 'Z' ? *p - 'A' + 10 : 99;
        if (d >= base) break;
        v = v * (unsigned)base + (unsigned)d;
    }
    if (end) *end = (char *)(p == digits ? s : p);
    return neg ? -(long)v : (long)v;
}

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
