/*
 * timer.c - the tick: the Sstc extension's stimecmp, compared by the hart
 * against the time CSR (10 MHz on virt). Each tick sets the next deadline one
 * period after the last, so the rate stays exact, and measures its own
 * latency: how long after the deadline the handler started (time CSR
 * resolution, 100 ns on virt), which kite_timer_stats() reports.
 */
#include <kite/arch.h>
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/sched.h>

static uint64_t period, deadline; /* in time-CSR counts */
void (*volatile kite_tick_hook)(void);

static void set_deadline(uint64_t t) { __asm__ volatile("csrw 0x14d, %0" ::"r"(t) : "memory"); }

void timer_init(void) {
    set_deadline(~0UL);
    if (!kopt.hz) return;
    period = riscv_timebase / kopt.hz;
    if (period == 0) period = 1;
    deadline = rdtime() + period;
    set_deadline(deadline);
    csr_set(sie, SIE_STIE);
}

void timer_interrupt(void) {
    struct cpu *c = this_cpu();
    uint64_t now = rdtime();
    uint64_t ns = (now - deadline) * 1000000000ULL / riscv_timebase;
    c->ticks++;
    c->irq_last_ns = ns;
    c->irq_total_ns += ns;
    if (ns > c->irq_max_ns) c->irq_max_ns = ns;
    do deadline += period; while (deadline <= now); /* ticks missed with interrupts off are dropped */
    set_deadline(deadline);                          /* also clears the pending interrupt */
    void (*hook)(void) = kite_tick_hook;
    if (hook) hook();
    sched_tick();
}
