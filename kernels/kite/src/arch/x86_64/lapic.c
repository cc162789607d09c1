/*
 * lapic.c - the local APIC of each CPU: its timer (the tick), end-of-interrupt,
 * and inter-processor interrupts (starting CPUs, waking idle ones). The timer
 * counts at a rate we measure once against the TSC; each tick also measures
 * its own latency (how long after the timer fired the handler started), which
 * is the "interrupt path" a program can read with kite_timer_stats().
 */
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/sched.h>
#include <kite/x86.h>

#define MSR_APIC_BASE 0x1b
#define REG_ID 0x20
#define REG_EOI 0x0b0
#define REG_SVR 0x0f0
#define REG_ICR_LO 0x300
#define REG_ICR_HI 0x310
#define REG_LVT_TIMER 0x320
#define REG_TIMER_INIT 0x380
#define REG_TIMER_CUR 0x390
#define REG_TIMER_DIV 0x3e0
#define LVT_MASKED (1 << 16)
#define LVT_PERIODIC (1 << 17)
#define DIV_BY_1 0xb

static volatile uint32_t *lapic;
static uint64_t lapic_hz;     /* timer counts per second */
static uint32_t timer_count;  /* counts per tick */
void (*volatile kite_tick_hook)(void);

static inline uint32_t rd(uint32_t reg) { return lapic[reg / 4]; }
static inline void wr(uint32_t reg, uint32_t v) { lapic[reg / 4] = v; }

int lapic_present(void) {
    uint32_t a, b, c, d;
    cpuid(1, &a, &b, &c, &d);
    return (d >> 9) & 1;
}

uint32_t lapic_id(void) { return lapic ? rd(REG_ID) >> 24 : 0; }
void lapic_eoi(void) { wr(REG_EOI, 0); }

/* Enable this CPU's APIC in xAPIC mode and find its registers (the same address on every CPU). */
static void lapic_enable(void) {
    uint64_t base = rdmsr(MSR_APIC_BASE);
    wrmsr(MSR_APIC_BASE, base | (1 << 11));
    lapic = (volatile uint32_t *)(base & ~0xfffUL);
}

void lapic_init(void) {
    lapic_enable();
    wr(REG_SVR, 0x100 | VEC_SPURIOUS);      /* software enable */
    this_cpu()->apic_id = lapic_id();
    if (kopt.hz && timer_count) {
        wr(REG_TIMER_DIV, DIV_BY_1);
        wr(REG_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
        wr(REG_TIMER_INIT, timer_count);
    } else {
        wr(REG_LVT_TIMER, LVT_MASKED | VEC_TIMER);
    }
}

/* Count the timer down for KITE_LAPIC_CAL_US against the TSC. QEMU's APIC timer
 * runs at 1 GHz; real bus clocks are round numbers too, so round to 100 kHz. */
void lapic_calibrate(void) {
    if (!kopt.hz) return;
    lapic_enable();
    wr(REG_TIMER_DIV, DIV_BY_1);
    wr(REG_LVT_TIMER, LVT_MASKED | VEC_TIMER);
    wr(REG_TIMER_INIT, 0xffffffff);
    uint64_t t0 = rdtsc(), span = ns_to_tsc(KITE_LAPIC_CAL_US * 1000ULL);
    while (rdtsc() - t0 < span) cpu_relax();
    uint32_t counted = 0xffffffff - rd(REG_TIMER_CUR);
    wr(REG_TIMER_INIT, 0);
    lapic_hz = (uint64_t)counted * 1000000ULL / KITE_LAPIC_CAL_US;
    lapic_hz = (lapic_hz + 50000) / 100000 * 100000;
    if (lapic_hz < kopt.hz) panic("local APIC timer calibration failed (%lu Hz)", lapic_hz);
    timer_count = (uint32_t)(lapic_hz / kopt.hz);
}

void lapic_timer_interrupt(void) {
    struct cpu *c = this_cpu();
    uint32_t late = timer_count - rd(REG_TIMER_CUR); /* counts since the timer fired */
    uint64_t ns = (uint64_t)late * 1000000000ULL / lapic_hz;
    c->ticks++;
    c->irq_last_ns = ns;
    c->irq_total_ns += ns;
    if (ns > c->irq_max_ns) c->irq_max_ns = ns;
    lapic_eoi(); /* before a possible switch: the next tick must not wait for this thread */
    void (*hook)(void) = kite_tick_hook;
    if (hook) hook();
    sched_tick();
}

void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low) {
    wr(REG_ICR_HI, apic_id << 24);
    wr(REG_ICR_LO, icr_low);
    while (rd(REG_ICR_LO) & (1 << 12)) cpu_relax(); /* delivery pending */
}

uint64_t kite_lapic_hz(void) { return lapic_hz; }
