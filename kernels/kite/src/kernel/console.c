/*
 * console.c - printing for the kernel and the program. Output is formatted
 * into a small buffer and written to the serial port under one lock, so
 * lines from different CPUs do not mix within a printf call.
 */
#include <kite/kernel.h>
#include <kite/sched.h>
#include <stdio.h>
#include <string.h>

int kvformat(void (*emit)(void *ctx, const char *s, size_t n), void *ctx, const char *fmt, va_list ap);

static spinlock_t console_lock = SPINLOCK_INIT;

void console_write(const char *s, size_t n) {
    spin_lock_irq(&console_lock);
    serial_write(s, n);
    spin_unlock_irq(&console_lock);
}

void console_break_lock(void) { console_lock.locked = 0; }

struct kite_file { int fd; };
static struct kite_file out_file = { 1 }, err_file = { 2 };
FILE *const stdout = &out_file;
FILE *const stderr = &err_file;

static void emit_serial(void *ctx, const char *s, size_t n) { (void)ctx; serial_write(s, n); }

int kvprintf(const char *fmt, va_list ap) {
    spin_lock_irq(&console_lock);
    int n = kvformat(emit_serial, NULL, fmt, ap);
    spin_unlock_irq(&console_lock);
    return n;
}

int kprintf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *fmt, va_list ap) { return kvprintf(fmt, ap); }
int printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}
int vfprintf(FILE *f, const char *fmt, va_list ap) { (void)f; return kvprintf(fmt, ap); }
int fprintf(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}
int fputs(const char *s, FILE *f) { (void)f; console_write(s, strlen(s)); return 0; }
int puts(const char *s) {
    spin_lock_irq(&console_lock);
    serial_write(s, strlen(s));
    serial_write("\n", 1);
    spin_unlock_irq(&console_lock);
    return 0;
}
int fputc(int c, FILE *f) { (void)f; char ch = (char)c; console_write(&ch, 1); return (unsigned char)c; }
int putchar(int c) { return fputc(c, stdout); }
int fflush(FILE *f) { (void)f; return 0; } /* unbuffered */
