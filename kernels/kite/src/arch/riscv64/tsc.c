/*
 * tsc.c - time from the cycle counter (rdcycle), under the same names as
 * x86_64's TSC clock. Under TCG QEMU's cycle CSR reads the host's TSC, so
 * the engine's kite.tsc_khz (the host's TSC rate, or 1000000 under icount,
 * where one instruction is one virtual ns) is its rate here too. Without
 * it we measure the counter against the time CSR (timebase, device tree).
 * nanos() = ticks * mult >> 32, one multiply, no division.
 */
#include <kite/arch.h>
#include <kite/kernel.h>

static uint64_t khz, mult, boot;

/* Count cycles over 10 ms of the platform timer. */
static uint64_t calibrate(void) {
    uint64_t span = riscv_timebase / 100, t0 = rdtime(), c0 = cycles();
    while (rdtime() - t0 < span) cpu_relax();
    return (cycles() - c0) / 10;
}

void tsc_init(void) {
    boot = cycles();
    long v;
    if (cmdline_long("kite.tsc_khz", &v) && v > 0) khz = (uint64_t)v;
    else if ((khz = calibrate()) == 0) khz = 1000000;
    mult = (uint64_t)(((unsigned __int128)1000000 << 32) / khz);
}

uint64_t tsc_khz(void) { return khz; }
uint64_t tsc_to_ns(uint64_t ticks) { return (uint64_t)(((unsigned __int128)ticks * mult) >> 32); }
uint64_t ns_to_tsc(uint64_t ns) { return (uint64_t)((unsigned __int128)ns * khz / 1000000); }
uint64_t nanos(void) { return tsc_to_ns(cycles() - boot); }

void udelay(uint64_t us) {
    uint64_t t0 = cycles(), span = ns_to_tsc(us * 1000);
    while (cycles() - t0 < span) cpu_relax();
}
