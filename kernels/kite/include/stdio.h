/* stdio.h - console output for kite programs (src/lib/printf.c). There are no
 * files: stdout and stderr both go to the serial console, unbuffered, so
 * fflush is a no-op kept for portability. */
#ifndef KITE_STDIO_H
#define KITE_STDIO_H
#include <stdarg.h>
#include <stddef.h>
typedef struct kite_file FILE;
extern FILE *const stdout;
extern FILE *const stderr;
#define EOF (-1)
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *f, const char *fmt, va_list ap);
int sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int vsprintf(char *buf, const char *fmt, va_list ap);
int puts(const char *s);
int fputs(const char *s, FILE *f);
int putchar(int c);
int fputc(int c, FILE *f);
#define putc fputc
int fflush(FILE *f);
#endif
