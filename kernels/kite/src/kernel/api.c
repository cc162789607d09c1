/*
 * api.c - the small calls of kite.h that only read kernel state: CPUs,
 * the clock, timer statistics, the tick hook.
 */
#include <kite.h>
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/arch.h>

extern void (*volatile kite_tick_hook)(void);

int kite_cpu(void) { return this_cpu()->id; }
int kite_ncpus(void) { return ncpus; }
uint64_t kite_tsc_khz(void) { return tsc_khz(); }
unsigned kite_hz(void) { return kopt.hz; }
const char *kite_sched(void) { return kopt.rr ? "rr" : "coop"; }
uint64_t kite_ticks(void) { return this_cpu()->ticks; }
void kite_timer_hook(void (*fn)(void)) { kite_tick_hook = fn; }

void kite_timer_stats(struct kite_timer_stats *out) {
    uint64_t f = irq_save(); /* a tick must not change them half-read */
    struct cpu *c = this_cpu();
    out->ticks = c->ticks;
    out->last_ns = c->irq_last_ns;
    out->max_ns = c->irq_max_ns;
    out->total_ns = c->irq_total_ns;
    irq_restore(f);
}

/* Not inlined, so a benchmark measures a real call into the kernel. */
__attribute__((noinline)) long kite_nop(long x) {
    __asm__ volatile("" ::: "memory");
    return x;
}
