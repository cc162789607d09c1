/*
 * ksyms.c - names for code addresses, for crash reports. The build links the
 * image twice (scripts/link.sh): the second time with a table of every
 * function symbol of the first, sorted by address, in section .ksyms. That
 * section comes after all code and data, so adding it moves no function.
 */
#include <kite/arch.h>
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

/* 16 bytes we may read: inside RAM, aligned, not in a guard page. */
int sane_frame(uint64_t a) {
    if (a < 4096 || (a & 7) || in_guard_page(this_cpu()->current, a) || in_guard_page(this_cpu()->current, a + 8)) return 0;
    for (int i = 0; i < nram_ranges; i++)
        if (a >= ram_ranges[i].base && a + 16 <= ram_ranges[i].base + ram_ranges[i].size) return 1;
    return 0;
}

static int frame_line(int depth, uint64_t rip) {
    uint64_t off;
    const char *name = ksym_lookup(rip, &off);
    kprintf("  #%-2d 0x%016lx  %s+0x%lx\n", depth, rip, name ? name : "?", off);
    return name != NULL;
}

/* The return address of every frame on the frame-pointer chain (-fno-omit-frame-pointer);
 * frame_record() says where each frame keeps {caller's frame pointer, return address}. */
static void walk(int depth, uint64_t fp) {
    for (; depth < KITE_BACKTRACE_MAX; depth++) {
        const uint64_t *frame = frame_record(fp);
        if (!sane_frame((uint64_t)frame) || frame[1] == 0) break;
        frame_line(depth, frame[1]);
        if (frame[0] <= fp) break; /* stacks grow down: callers' frames are higher; 0 ends the chain */
        fp = frame[0];
    }
}

void backtrace(uint64_t rip, uint64_t rbp) {
    frame_line(0, rip);
    walk(1, rbp);
}

/*
 * From a trap. The arch's trap code passes leaf_ret, the return address of a
 * faulting function that has no frame record of its own (a small leaf, or a
 * call through a bad pointer), or 0 when the frame chain already has it.
 */
void backtrace_trap(uint64_t pc, uint64_t leaf_ret, uint64_t fp) {
    uint64_t o;
    int depth = 1;
    frame_line(0, pc);
    if (leaf_ret && ksym_lookup(leaf_ret, &o)) frame_line(depth++, leaf_ret);
    walk(depth, fp);
}
