/*
 * trap.c - where every supervisor trap lands (trap.S calls trap). The timer
 * interrupt is dispatched; an exception is always fatal in kite (there is no
 * user mode to blame), so it prints a report a student can read - which
 * fault (scause), the address (stval), where (sepc as function+offset), the
 * registers, a symbolized backtrace - sends the crash marker, and ends the
 * machine. riscv64 has no divide trap: x / 0 gives -1, as the ISA says.
 */
#include <kite/arch.h>
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/sched.h>
#include <stdio.h>

static const char *const names[16] = {
    "instruction address misaligned", "instruction access fault", "illegal instruction", "breakpoint",
    "load address misaligned", "load access fault", "store/AMO address misaligned", "store/AMO access fault",
    "environment call from U-mode", "environment call from S-mode", "reserved (10)", "environment call from M-mode",
    "instruction page fault", "load page fault", "reserved (14)", "store/AMO page fault",
};
static const char *const regs[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static int is_access_fault(uint64_t cause) { return cause == 1 || cause == 5 || cause == 7; }

/*
 * Which return address the frame chain misses. A leaf function saves only s0
 * (at s0-8, where others keep ra), and may restore it before it faults; its
 * caller's return address is then only in ra. The chain starts at the first
 * frame whose record holds a code address.
 */
static uint64_t leaf_return(struct trapframe *f, uint64_t *fp) {
    uint64_t o, ra = f->x[1];
    const char *at = ksym_lookup(f->sepc, &o);
    if (sane_frame((uint64_t)frame_record(*fp)) && !ksym_lookup(frame_record(*fp)[1], &o) && frame_record(*fp)[1] > *fp)
        *fp = frame_record(*fp)[1]; /* a leaf's own frame: step to its caller's */
    const char *caller = ksym_lookup(ra, &o);
    if (!caller || caller == at) return 0; /* ra points into the faulting function: it has called since */
    if (sane_frame((uint64_t)frame_record(*fp)) && frame_record(*fp)[1] == ra) return 0;
    return ra;
}

static void exception(struct trapframe *f) {
    static volatile int reporter;
    uint64_t cause = f->scause, addr = f->stval;
    const char *name = cause < 16 ? names[cause] : "unknown exception";
    struct cpu *c = this_cpu();
    int none = 0;
    if (!__atomic_compare_exchange_n(&reporter, &none, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        console_break_lock(); /* the report itself faulted: say so and stop */
        kprintf("\n*** kite: %s (pc 0x%lx) while writing a crash report\n", name, f->sepc);
        crash_exit("fault while writing a crash report");
    }
    console_break_lock();
    struct kite_thread *t = c->current;
    uint64_t off;
    const char *fn = ksym_lookup(f->sepc, &off);
    int overflow = is_access_fault(cause) && in_guard_page(t, addr);
    kprintf("\n*** kite: CPU exception %lu: %s on cpu %d, thread %d\n", cause, name, c->id, t ? t->id : 0);
    if (overflow)
        kprintf("    stack overflow: thread %d ran past the bottom of its %d KiB stack into the guard page at 0x%lx\n",
                t->id, KITE_THREAD_STACK / 1024, addr & ~0xfffUL);
    if (is_access_fault(cause))
        kprintf("    access fault at address 0x%lx: %s, %s\n", addr,
                overflow ? "guard page (PMP)" : addr < 4096 ? "the page at 0 is never accessible (PMP)" : "no memory or device there",
                cause == 1 ? "instruction fetch" : cause == 5 ? "read" : "write");
    else if (cause == 4 || cause == 6)
        kprintf("    misaligned %s at address 0x%lx\n", cause == 4 ? "read" : "write", addr);
    else if (cause == 2)
        kprintf("    instruction bits 0x%lx\n", addr);
    kprintf("    pc  0x%016lx  %s+0x%lx\n", f->sepc, fn ? fn : "?", off);
    for (int i = 1; i < 32; i++) /* x1..x31, four to a line */
        kprintf("%s%-4s %016lx%s", i % 4 == 1 ? "    " : " ", regs[i], f->x[i], i % 4 == 0 || i == 31 ? "\n" : "");
    kprintf("    sstatus %016lx scause %016lx stval %016lx\n", f->sstatus, f->scause, f->stval);
    kprintf("backtrace:\n");
    uint64_t fp = f->x[8];
    uint64_t leaf = leaf_return(f, &fp);
    backtrace_trap(f->sepc, leaf, fp);

    char reason[200];
    if (overflow)
        snprintf(reason, sizeof reason, "stack overflow in thread %d (%s at 0x%lx, pc 0x%lx in %s)", t->id, name, addr, f->sepc, fn ? fn : "?");
    else if (is_access_fault(cause) || cause == 4 || cause == 6)
        snprintf(reason, sizeof reason, "%s at 0x%lx (pc 0x%lx in %s)", name, addr, f->sepc, fn ? fn : "?");
    else
        snprintf(reason, sizeof reason, "%s (pc 0x%lx in %s)", name, f->sepc, fn ? fn : "?");
    crash_exit(reason);
}

void trap(struct trapframe *f) {
    if ((int64_t)f->scause < 0) {
        switch (f->scause & 0xff) {
        case IRQ_S_TIMER:
            timer_interrupt(); /* may switch threads: returns later, maybe much later */
            return;
        case IRQ_S_SOFT:
            csr_clear(sip, SIE_SSIE);
            return;
        default:
            return;
        }
    }
    exception(f);
}
