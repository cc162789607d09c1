/*
 * trap.c - where every interrupt and exception lands (vectors.S calls trap).
 * Device interrupts are dispatched; a CPU exception is always fatal in kite
 * (there is no user mode to blame), so it prints a report a student can read
 * - which fault, where, the registers, a symbolized backtrace - sends the
 * crash marker, and ends the machine.
 */
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/sched.h>
#include <kite/x86.h>
#include <stdio.h>

static const char *const names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range exceeded",
    "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor segment overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack-segment fault", "#GP general protection fault",
    "#PF page fault", "reserved (15)", "#MF x87 floating-point error", "#AC alignment check", "#MC machine check",
    "#XM SIMD floating-point error", "#VE virtualization exception", "#CP control protection", "reserved (22)",
    "reserved (23)", "reserved (24)", "reserved (25)", "reserved (26)", "reserved (27)", "#HV hypervisor injection",
    "#VC VMM communication", "#SX security exception", "reserved (31)",
};

static void exception(struct trapframe *f) {
    static volatile int reporter; /* id + 1 of the CPU writing a report */
    const char *name = f->vector < 32 ? names[f->vector] : "unexpected interrupt";
    uint64_t cr2 = read_cr2();
    struct cpu *c = this_cpu();
    int none = 0;
    if (!__atomic_compare_exchange_n(&reporter, &none, c->id + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        if (none != c->id + 1) for (;;) halt(); /* another CPU reports; it will end the machine */
        console_break_lock(); /* the report itself faulted: say so and stop */
        kprintf("\n*** kite: %s (rip 0x%lx) while writing a crash report\n", name, f->rip);
        crash_exit("fault while writing a crash report");
    }
    console_break_lock();
    struct kite_thread *t = c->current;
    uint64_t off;
    const char *fn = ksym_lookup(f->rip, &off);
    int overflow = (f->vector == 14 || f->vector == 8) && in_guard_page(t, cr2);
    kprintf("\n*** kite: CPU exception %lu: %s on cpu %d, thread %d\n", f->vector, name, c->id, t ? t->id : 0);
    if (overflow)
        kprintf("    stack overflow: thread %d ran past the bottom of its %d KiB stack into the guard page at 0x%lx\n",
                t->id, KITE_THREAD_STACK / 1024, cr2 & ~0xfffUL);
    if (f->vector == 14) {
        kprintf("    page fault at address 0x%lx: %s, %s%s\n", cr2, (f->error & 1) ? "protection violation" : "page not present",
                (f->error & 2) ? "write" : "read", (f->error & 16) || cr2 == f->rip ? " (instruction fetch)" : "");
    } else if (f->error) {
        kprintf("    error code %#lx\n", f->error);
    }
    kprintf("    rip 0x%016lx  %s+0x%lx\n", f->rip, fn ? fn : "?", off);
    kprintf("    rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
    kprintf("    rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", f->rsi, f->rdi, f->rbp, f->rsp);
    kprintf("    r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", f->r8, f->r9, f->r10, f->r11);
    kprintf("    r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", f->r12, f->r13, f->r14, f->r15);
    kprintf("    rflags %016lx cr2 %016lx cr3 %016lx\n", f->rflags, cr2, read_cr3());
    kprintf("backtrace:\n");
    /* gcc gives small leaf functions no frame even with -fno-omit-frame-pointer, so when
     * the faulting function does not start with push %rbp (0x55), or has not run it yet,
     * or rip is in no function at all (a call through a bad pointer), the return
     * address is at [rsp]. */
    int leaf = !fn || off == 0 || *(const uint8_t *)(f->rip - off) != 0x55;
    backtrace_trap(f->rip, leaf && sane_frame(f->rsp) ? *(const uint64_t *)f->rsp : 0, f->rbp);

    char reason[200];
    if (overflow)
        snprintf(reason, sizeof reason, "stack overflow in thread %d (page fault at 0x%lx, rip 0x%lx in %s)", t->id, cr2, f->rip, fn ? fn : "?");
    else if (f->vector == 14)
        snprintf(reason, sizeof reason, "page fault at 0x%lx (rip 0x%lx in %s)", cr2, f->rip, fn ? fn : "?");
    else
        snprintf(reason, sizeof reason, "%s (rip 0x%lx in %s)", name, f->rip, fn ? fn : "?");
    crash_exit(reason);
}

void trap(struct trapframe *f) {
    switch (f->vector) {
    case VEC_TIMER:
        lapic_timer_interrupt(); /* may switch threads: returns later, maybe much later */
        return;
    case VEC_RESCHED:
        write_cr3(read_cr3()); /* paging_guard() changed a mapping: drop stale translations */
        lapic_eoi();           /* the idle loop looks at the run queue after waking */
        return;
    case VEC_SPURIOUS:
        return; /* no EOI for spurious interrupts */
    case 0x20 ... 0x2f:
        return; /* a spurious IRQ 7/15 from the masked legacy PICs (pic.c) */
    default:
        exception(f);
    }
}
