/*
 * setup.c - the x86_64 steps of bring-up that kmain (kernel/main.c) calls in
 * order, and the small per-architecture hooks of the scheduler: waking an
 * idle CPU with an IPI, and the first stack frame of a new thread.
 */
#include <kite/arch.h>
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/sched.h>

void arch_boot(uint64_t start_info) {
    serial_init();
    pic_disable();
    idt_init();
    cpu_init(0);
    pvh_init((uint32_t)start_info);
}

void arch_memory(void) { paging_init(); }

void arch_timer(void) {
    if (lapic_present()) {
        lapic_calibrate();
        lapic_init();
    } else if (kopt.hz || kopt.cpus > 1) {
        kprintf("kite: this CPU has no local APIC: no timer, one CPU\n");
        kopt.hz = 0;
        kopt.cpus = 1;
    }
}

void arch_kick(int cpu) { lapic_send_ipi(cpus[cpu].apic_id, VEC_RESCHED); }

void arch_switch(struct kite_thread *next) { (void)next; } /* guard pages are in the page tables */

/* ctx_switch pops six registers, then returns to thread_start with rsp 16-aligned. */
uint64_t arch_thread_sp(char *top) {
    uint64_t *sp = (uint64_t *)((uint64_t)top & ~15UL) - 2;
    *--sp = (uint64_t)thread_start;
    for (int i = 0; i < 6; i++) *--sp = 0;
    return (uint64_t)sp;
}
