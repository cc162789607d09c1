/*
 * cmdline.c - the kernel command line, copied out of the boot protocol's
 * memory at once. Words are NAME=VALUE: kite.* words set kernel options
 * (kite.cpus, kite.hz, kite.sched, kite.tsc_khz) and bb.* words carry the
 * program's parameters (kernel/bootbook.c).
 */
#include <kite/kernel.h>
#include <stdlib.h>
#include <string.h>

static char line[KITE_CMDLINE_MAX];

void cmdline_init(const char *text) {
    size_t n = strnlen(text, sizeof line - 1);
    memcpy(line, text, n);
    line[n] = 0;
}

const char *cmdline_text(void) { return line; }

/* The value of the last NAME=... word, or NULL. */
static const char *find(const char *name, size_t *len) {
    size_t nl = strlen(name);
    const char *found = NULL;
    for (const char *p = line; *p;) {
        while (*p == ' ') p++;
        const char *w = p;
        while (*p && *p != ' ') p++;
        if ((size_t)(p - w) > nl && strncmp(w, name, nl) == 0 && w[nl] == '=') {
            found = w + nl + 1;
            *len = (size_t)(p - found);
        }
    }
    return found;
}

int cmdline_long(const char *name, long *value) {
    size_t len;
    const char *v = find(name, &len);
    if (!v || len == 0) return 0;
    char *end;
    long x = strtol(v, &end, 10);
    if (end != v + len) return 0;
    *value = x;
    return 1;
}

int cmdline_str(const char *name, char *out, size_t cap) {
    size_t len;
    const char *v = find(name, &len);
    if (!v || len + 1 > cap) return 0;
    memcpy(out, v, len);
    out[len] = 0;
    return 1;
}
