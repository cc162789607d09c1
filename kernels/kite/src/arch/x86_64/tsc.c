/*
 * tsc.c - time from the timestamp counter. Its rate comes from the command
 * line (kite.tsc_khz=..., which the host fills with its own TSC rate under
 * TCG, or 1000000 under icount where one instruction is one virtual ns);
 * without it we calibrate against the PIT when the machine has one (pc, q35).
 * nanos() = ticks * mult >> 32, one multiply, no division.
 */
#include <kite/kernel.h>
#include <kite/x86.h>

static uint64_t khz, mult, tsc_boot;

/* PIT channel 2 counts 1193182 Hz; gate it for 10 ms and see how far the TSC got. */
static uint64_t pit_calibrate(void) {
    const uint16_t count = 11932; /* 10 ms */
    outb(0x61, (inb(0x61) & ~0x02) | 0x01);
    outb(0x43, 0xb0); /* channel 2, lo/hi byte, mode 0 */
    outb(0x42, count & 0xff);
    outb(0x42, count >> 8);
    uint64_t t0 = rdtsc();
    for (long spins = 0; !(inb(0x61) & 0x20); spins++)
        if (spins > 50000000) return 0;
    uint64_t ticks = rdtsc() - t0;
    return ticks < 10000 ? 0 : ticks / 10; /* too fast: no PIT there (the port reads 0xff) */
}

void tsc_init(void) {
    tsc_boot = rdtsc();
    long v;
    if (cmdline_long("kite.tsc_khz", &v) && v > 0) khz = (uint64_t)v;
    else if ((khz = pit_calibrate()) == 0) {
        khz = 1000000;
        kprintf("kite: no TSC rate given and no PIT to measure it; assuming 1 GHz\n");
    }
    mult = (uint64_t)(((unsigned __int128)1000000 << 32) / khz);
}

uint64_t tsc_khz(void) { return khz; }
uint64_t tsc_to_ns(uint64_t ticks) { return (uint64_t)(((unsigned __int128)ticks * mult) >> 32); }
uint64_t ns_to_tsc(uint64_t ns) { return (uint64_t)((unsigned __int128)ns * khz / 1000000); }
uint64_t nanos(void) { return tsc_to_ns(rdtsc() - tsc_boot); }

void udelay(uint64_t us) {
    uint64_t t0 = rdtsc(), span = ns_to_tsc(us * 1000);
    while (rdtsc() - t0 < span) cpu_relax();
}
