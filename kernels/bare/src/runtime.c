/*
 * runtime.c - bootbook.h on bare, and the guest protocol's marker lines
 * (docs/guest-protocol.md), the same way kite speaks it: hello before main,
 * param when a parameter is read, metric for bb_metric, exit at the end,
 * crash from the fault handler. Parameters are bb.NAME=VALUE words of the
 * command line; bare.NAME=VALUE words are bare's own (tsc_khz, mem).
 */
#include <bootbook.h>
#include <stdlib.h>
#include "bare.h"

#ifndef BB_PACK_NAME
#define BB_PACK_NAME "bare" /* pack.json passes -DBB_PACK_NAME; a scaffolded pack its own name */
#endif

int main(void);
void heap_init(uintptr_t start, uintptr_t end);
extern char __bare_end[]; /* the end of the image and its .bss (the linker script) */

static char cmdline[1024];
static uint64_t nanos_boot, nanos_mult;

/* ---- console ---- */

void console_write(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) arch_putc(s[i]);
}

/* Copy s into out as the body of a JSON string. */
static void json_escape(char *out, size_t cap, const char *s) {
    size_t o = 0;
    for (; s && *s && o + 7 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { out[o++] = '\\'; out[o++] = (char)c; }
        else if (c < 0x20) o += (size_t)snprintf(out + o, cap - o, "\\u%04x", c);
        else out[o++] = (char)c;
    }
    out[o] = 0;
}

static void marker(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void marker(const char *fmt, ...) {
    char line[400];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 2) n = (int)sizeof line - 2;
    line[n++] = '\n';
    console_write(line, (size_t)n);
}

/* ---- the command line ---- */

/* The value of the last NAME=... word as a long; 0 if there is none or it is not a number. */
static int cmdline_long(const char *name, long *value) {
    size_t nl = strlen(name);
    int found = 0;
    for (const char *p = cmdline; *p;) {
        while (*p == ' ') p++;
        const char *w = p;
        while (*p && *p != ' ') p++;
        if ((size_t)(p - w) > nl + 1 && strncmp(w, name, nl) == 0 && w[nl] == '=') {
            char *end;
            long x = strtol(w + nl + 1, &end, 10);
            if (end == p) { *value = x; found = 1; }
        }
    }
    return found;
}

/* bare.mem=32M (the normal form of a size option): bytes of RAM. */
static uint64_t cmdline_size(const char *name) {
    size_t nl = strlen(name);
    uint64_t size = 0;
    for (const char *p = cmdline; *p;) {
        while (*p == ' ') p++;
        const char *w = p;
        while (*p && *p != ' ') p++;
        if ((size_t)(p - w) > nl + 1 && strncmp(w, name, nl) == 0 && w[nl] == '=') {
            char *end;
            size = (uint64_t)strtol(w + nl + 1, &end, 10);
            int shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : *end == 'T' ? 40 : 0;
            size <<= shift;
        }
    }
    return size;
}

/* ---- bootbook.h ---- */

void bb_metric(const char *name, double value, const char *unit) {
    char n[128], u[64], v[40];
    json_escape(n, sizeof n, name);
    json_escape(u, sizeof u, unit ? unit : "");
    if (__builtin_isnan(value)) snprintf(v, sizeof v, "\"nan\"");
    else if (__builtin_isinf(value)) snprintf(v, sizeof v, value > 0 ? "\"inf\"" : "\"-inf\"");
    else snprintf(v, sizeof v, "%.17g", value);
    marker("@@bb {\"k\":\"metric\",\"name\":\"%s\",\"value\":%s,\"unit\":\"%s\"}", n, v, u);
}

uint64_t bb_cycles(void) { return arch_cycles(); }

uint64_t bb_nanos(void) { return arch_nanos() - nanos_boot; }

/* For counters whose rate only the host knows (the TSC, and rdcycle under TCG): one multiply. */
uint64_t counter_nanos(uint64_t ticks) { return (uint64_t)(((unsigned __int128)ticks * nanos_mult) >> 32); }

long bb_param(const char *name, long dflt) {
    char key[80], n[128];
    snprintf(key, sizeof key, "bb.%s", name);
    long value = dflt;
    int found = cmdline_long(key, &value);
    json_escape(n, sizeof n, name);
    marker("@@bb {\"k\":\"param\",\"name\":\"%s\",\"value\":%ld,\"default\":%s}", n, value, found ? "false" : "true");
    return value;
}

/* ---- the start and the ends of a run ---- */

void exit(int status) {
    marker("@@bb {\"k\":\"exit\",\"status\":%d}", status);
    arch_exit(status);
}

static void crash(const char *reason) __attribute__((noreturn));
static void crash(const char *reason) {
    char esc[300];
    json_escape(esc, sizeof esc, reason);
    marker("@@bb {\"k\":\"crash\",\"reason\":\"%s\"}", esc);
    arch_exit(BARE_CRASH_STATUS);
}

void abort(void) {
    printf("\n*** bare: abort() called\n");
    crash("abort() called");
}

/* From the architecture's exception entry: every CPU exception ends the run. */
void bare_fault(const char *what, uint64_t pc, uint64_t addr, uint64_t code) {
    char reason[200];
    snprintf(reason, sizeof reason, "CPU exception: %s at pc %#lx (address %#lx, code %#lx)",
             what, (unsigned long)pc, (unsigned long)addr, (unsigned long)code);
    printf("\n*** bare: %s\n", reason);
    crash(reason);
}

/* cmdline: where the boot protocol left it; ram_base: the first byte of RAM. */
void bare_start(const char *boot_cmdline, uintptr_t ram_base) {
    size_t n = boot_cmdline ? strnlen(boot_cmdline, sizeof cmdline - 1) : 0;
    memcpy(cmdline, boot_cmdline, n);
    cmdline[n] = 0;
    /* The TSC's (and rdcycle's) rate: the host's, or 1 GHz under icount (one instruction = 1 ns). */
    long khz;
    if (!cmdline_long("bare.tsc_khz", &khz) || khz <= 0) khz = 1000000;
    nanos_mult = (uint64_t)(((unsigned __int128)1000000 << 32) / (uint64_t)khz);
    nanos_boot = arch_nanos();
    uint64_t mem = cmdline_size("bare.mem");
    heap_init((uintptr_t)__bare_end, mem ? ram_base + mem : (uintptr_t)__bare_end + (1u << 20));
    marker("@@bb {\"k\":\"hello\",\"proto\":1,\"pack\":\"%s\"}", BB_PACK_NAME);
    exit(main());
}
