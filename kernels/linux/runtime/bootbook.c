/*
 * The linux pack's runtime: bootbook.h on Linux, and the /init around the user's
 * program. The build renames the program's main() to bb_user_main() and links
 * with --wrap=exit, so this file owns the process from start to power-off:
 * mount /proc (for the command line), announce the program, run it, report its
 * exit status, and end the machine through the isa-debug-exit device.
 * Markers follow docs/guest-protocol.md.
 */
#define _GNU_SOURCE
#include <bootbook.h>

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

int bb_user_main(void);
void __real_exit(int status);

#define EXIT_PORT 0xf4

static char cmdline[4096];

/* Write a marker line straight to the console, after whatever stdio holds. */
static void marker(const char *json) {
    fflush(stdout);
    fflush(stderr);
    char line[512];
    int n = snprintf(line, sizeof line, "@@bb %s\n", json);
    if (n > (int)sizeof line - 1) n = sizeof line - 1;
    (void)!write(1, line, (size_t)n);
}

/* Copy s into out as a JSON string body (quotes and control characters escaped). */
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

static void format_number(char *out, size_t cap, double v) {
    if (isnan(v)) snprintf(out, cap, "\"nan\"");
    else if (isinf(v)) snprintf(out, cap, v > 0 ? "\"inf\"" : "\"-inf\"");
    else snprintf(out, cap, "%.17g", v);
}

void bb_metric(const char *name, double value, const char *unit) {
    char n[128], u[64], v[40], json[320];
    json_escape(n, sizeof n, name);
    json_escape(u, sizeof u, unit ? unit : "");
    format_number(v, sizeof v, value);
    snprintf(json, sizeof json, "{\"k\":\"metric\",\"name\":\"%s\",\"value\":%s,\"unit\":\"%s\"}", n, v, u);
    marker(json);
}

uint64_t bb_cycles(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

uint64_t bb_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Parameters arrive as bb.NAME=VALUE words on the kernel command line. */
long bb_param(const char *name, long dflt) {
    size_t len = strlen(name);
    long value = dflt;
    int found = 0;
    for (const char *p = cmdline; *p;) {
        while (*p == ' ') p++;
        const char *word = p;
        while (*p && *p != ' ' && *p != '\n') p++;
        if (strncmp(word, "bb.", 3) == 0 && (size_t)(p - word) > len + 4 &&
            strncmp(word + 3, name, len) == 0 && word[3 + len] == '=') {
            value = strtol(word + 4 + len, NULL, 10);
            found = 1;
        }
        if (*p == '\n') break;
    }
    char n[128], json[256];
    json_escape(n, sizeof n, name);
    snprintf(json, sizeof json, "{\"k\":\"param\",\"name\":\"%s\",\"value\":%ld,\"default\":%s}", n, value,
             found ? "false" : "true");
    marker(json);
    return value;
}

static void power_off(int status) {
    char json[64];
    snprintf(json, sizeof json, "{\"k\":\"exit\",\"status\":%d}", status);
    marker(json);
    /* The console is a tty: wait until everything written has left through the
       UART, or the machine ends with output (and markers) still buffered. */
    tcdrain(1);
    if (ioperm(EXIT_PORT, 4, 1) == 0) outl((unsigned)status & 0xff, EXIT_PORT);
    /* No exit device: power off; the host then relies on the exit marker. */
    sync();
    reboot(RB_POWER_OFF);
    __real_exit(status);
}

/* exit() anywhere in the program ends the run with that status. */
void __wrap_exit(int status) {
    fflush(NULL);
    power_off(status);
}

int main(void) {
    mount("proc", "/proc", "proc", 0, NULL);
    int fd = open("/proc/cmdline", O_RDONLY);
    if (fd >= 0) {
        ssize_t n = read(fd, cmdline, sizeof cmdline - 1);
        cmdline[n > 0 ? n : 0] = 0;
        close(fd);
    }
    marker("{\"k\":\"hello\",\"proto\":1,\"pack\":\"linux\"}");
    int status = bb_user_main();
    fflush(NULL);
    power_off(status);
    return status;
}
