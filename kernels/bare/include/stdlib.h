/*
 * stdlib.h - what bare has of the C library's stdlib: a bump heap (free does
 * nothing: memory is never reused), exit and abort, and number parsing.
 */
#ifndef BARE_STDLIB_H
#define BARE_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t n);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);
void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
long strtol(const char *s, char **end, int base);
int atoi(const char *s);
long atol(const char *s);
int abs(int x);
long labs(long x);

#endif
