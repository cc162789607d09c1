/*
 * ksyms.c - names for code addresses, for crash reports. The build links the
 * image twice (scripts/link.sh): the second time with a table of every
 * function symbol of the first, sorted by address, in section .ksyms. That
 * section comes after all code and data, so adding it moves no function.
 */
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/sched.h>

struct ksym { uint64_t addr; const char *name; };
extern const char __ksyms_start[], __ksyms_end[], __text_end[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset) {
    *offset = 0;
    if (__ksyms_end - __ksyms_start < 8) return NULL;
    uint64_t n = *(const uint64_t *)__ksyms_start;
    const struct ksym *t = (const struct ksym *)(__ksyms_start + 8);
    if (n == 0 || addr < t[0].addr || addr >= (uint64_t)__text_end) return NULL;
    uint64_t lo = 0, hi = n; /* last entry with t.addr <= addr */
    while (hi - lo > 1) {
        uint64_t mid = (lo + hi) / 2;
        if (t[mid].addr <= addr) lo = mid;
        else hi = mid;
    }
    *offset = addr - t[lo].addr;
    return t[lo].name;
}

/* A frame pointer we may follow: inside RAM, aligned, not in the unmapped page 0. */
static int sane_frame(uint64_t fp) {
    if (fp < 4096 || (fp & 7) || in_guard_page(this_cpu()->current, fp) || in_guard_page(this_cpu()->current, fp + 8)) return 0;
    for (int i = 0; i < nram_ranges; i++)
        if (fp >= ram_ranges[i].base && fp + 16 <= ram_ranges[i].base + ram_ranges[i].size) return 1;
    return 0;
}

/* Print rip, then the return address of every frame on the rbp chain (-fno-omit-frame-pointer). */
static int frame_line(int depth, uint64_t rip) {
    uint64_t off;
    const char *name = ksym_lookup(rip, &off);
    kprintf("  #%-2d 0x%016lx  %s+0x%lx\n", depth, rip, name ? name : "?", off);
    return name != NULL;
}

/* Print rip, then the return address of every frame on the rbp chain (-fno-omit-frame-pointer). */
static void walk(int depth, uint64_t rbp) {
    for (; depth < KITE_BACKTRACE_MAX && sane_frame(rbp); depth++) {
        const uint64_t *frame = (const uint64_t *)rbp;
        if (frame[1] == 0) break;
        frame_line(depth, frame[1]);
        if (frame[0] <= rbp) break; /* stacks grow down: callers' frames are higher; 0 ends the chain */
        rbp = frame[0];
    }
}

void backtrace(uint64_t rip, uint64_t rbp) {
    frame_line(0, rip);
    walk(1, rbp);
}

/*
 * From a trap: gcc gives small leaf functions no frame even with
 * -fno-omit-frame-pointer, so when the faulting function does not start with
 * push %rbp (0x55), or has not run it yet, or rip is in no function at all
 * (a call through a bad pointer), the return address is at [rsp].
 */
void backtrace_trap(uint64_t rip, uint64_t rsp, uint64_t rbp) {
    uint64_t off;
    int depth = 1;
    frame_line(0, rip);
    const char *name = ksym_lookup(rip, &off);
    /* Not in any function (a call through a bad pointer), at the entry, or in a frameless leaf. */
    int leaf = !name || off == 0 || *(const uint8_t *)(rip - off) != 0x55;
    if (leaf && sane_frame(rsp)) {
        uint64_t ret = *(const uint64_t *)rsp, o;
        if (ksym_lookup(ret, &o)) frame_line(depth++, ret);
    }
    walk(depth, rbp);
}
