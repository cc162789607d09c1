/*
 * panic.c - the ends of a run that are not a normal exit: a kernel panic,
 * an assertion, abort(). All of them print why, a backtrace, then the crash
 * marker (docs/guest-protocol.md) and stop the machine with a non-zero status.
 */
#include <kite/arch.h>
#include <kite/kernel.h>
#include <stdio.h>

void json_escape(char *out, size_t cap, const char *s);

void crash_exit(const char *reason) {
    char esc[400], line[460];
    json_escape(esc, sizeof esc, reason);
    int n = snprintf(line, sizeof line, "@@bb {\"k\":\"crash\",\"reason\":\"%s\"}\n", esc);
    console_write(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    machine_exit(KITE_CRASH_STATUS);
}

static void __attribute__((noreturn)) die(const char *what, const char *msg) {
    static volatile int dying;
    if (__atomic_exchange_n(&dying, 1, __ATOMIC_ACQ_REL)) halt_forever();
    console_break_lock();
    kprintf("\n*** kite: %s: %s\nbacktrace:\n", what, msg);
    const uint64_t *r = frame_record((uint64_t)__builtin_frame_address(0)); /* [0]: caller's frame, [1]: return address */
    backtrace(r[1], r[0]);
    crash_exit(msg);
}

void panic(const char *fmt, ...) {
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    die("panic", msg);
}

void kite_assert_fail(const char *expr, const char *file, int line, const char *func) {
    char msg[300];
    snprintf(msg, sizeof msg, "assertion failed: %s (%s:%d, in %s)", expr, file, line, func);
    die("assert", msg);
}

void abort(void) { die("abort", "abort() called"); }
