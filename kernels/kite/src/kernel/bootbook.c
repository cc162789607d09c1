/*
 * bootbook.c - bootbook.h on kite, and the guest protocol's marker lines
 * (docs/guest-protocol.md): hello before main, param when a parameter is
 * read, metric for bb_metric, exit at the end. Parameters are bb.NAME=VALUE
 * words of the kernel command line.
 */
#include <bootbook.h>
#include <kite.h>
#include <kite/kernel.h>
#include <kite/arch.h>
#include <stdlib.h>

/* Copy s into out as the body of a JSON string. */
void json_escape(char *out, size_t cap, const char *s) {
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

void bb_hello(void) { marker("@@bb {\"k\":\"hello\",\"proto\":1,\"pack\":\"kite\"}"); }

void bb_metric(const char *name, double value, const char *unit) {
    char n[128], u[64], v[40];
    json_escape(n, sizeof n, name);
    json_escape(u, sizeof u, unit ? unit : "");
    if (__builtin_isnan(value)) snprintf(v, sizeof v, "\"nan\"");
    else if (__builtin_isinf(value)) snprintf(v, sizeof v, value > 0 ? "\"inf\"" : "\"-inf\"");
    else snprintf(v, sizeof v, "%.17g", value);
    marker("@@bb {\"k\":\"metric\",\"name\":\"%s\",\"value\":%s,\"unit\":\"%s\"}", n, v, u);
}

uint64_t bb_cycles(void) { return cycles(); }
uint64_t bb_nanos(void) { return nanos(); }

long bb_param(const char *name, long dflt) {
    char key[80], n[128];
    snprintf(key, sizeof key, "bb.%s", name);
    long value = dflt;
    int found = cmdline_long(key, &value);
    json_escape(n, sizeof n, name);
    marker("@@bb {\"k\":\"param\",\"name\":\"%s\",\"value\":%ld,\"default\":%s}", n, value, found ? "false" : "true");
    return value;
}

void kite_exit(int status) {
    marker("@@bb {\"k\":\"exit\",\"status\":%d}", status);
    machine_exit(status);
}

void exit(int status) { kite_exit(status); }
