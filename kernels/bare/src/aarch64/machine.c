/*
 * machine.c - bare on aarch64 (QEMU virt, cortex-a53, EL1): the PL011 UART at
 * 0x09000000, the PMU cycle counter (pmccntr_el0) for bb_cycles, the generic
 * timer's virtual count (cntvct_el0, at cntfrq_el0) for bb_nanos, semihosting SYS_EXIT to end the run, and the command line
 * from the device tree's /chosen/bootargs.
 *
 * Where the device tree is: QEMU passes its address in x0 only to Linux
 * images. For an ELF that leaves room below it, QEMU writes the tree at the
 * start of RAM (0x40000000); bare.ld links at 0x40100000 to leave 1 MiB for it.
 */
#include <stdint.h>
#include "../bare.h"

#define UART ((volatile uint32_t *)0x09000000UL)
#define UART_FR 6 /* flag register, word 6 (0x18): bit 5 = transmit FIFO full */
#define RAM_BASE 0x40000000UL
#define FDT_MAGIC_LE 0xedfe0dd0 /* 0xd00dfeed, big-endian, read little-endian */

void arch_putc(char c) {
    while (UART[UART_FR] & (1 << 5)) {}
    UART[0] = (uint8_t)c;
}

/* Cycles: under icount one tick per guest instruction, as rdtsc and rdcycle
 * (cntvct would tick once per 16 at virt's 62.5 MHz). */
uint64_t arch_cycles(void) {
    uint64_t v;
    __asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(v));
    return v;
}

/* Time: the generic timer, whose rate the architecture states (cntfrq_el0). */
uint64_t arch_nanos(void) {
    uint64_t v, f;
    __asm__ volatile("isb; mrs %0, cntvct_el0; mrs %1, cntfrq_el0" : "=r"(v), "=r"(f));
    return (uint64_t)((unsigned __int128)v * 1000000000u / f);
}

/* Semihosting SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit: QEMU exits with the status. */
void arch_exit(int status) {
    static volatile int exiting;
    if (!exiting) {
        exiting = 1; /* without -semihosting the hlt faults: do not come back here */
        static uint64_t block[2];
        block[0] = 0x20026;
        block[1] = (uint64_t)status & 0xff;
        register uint64_t x0 __asm__("x0") = 0x18, x1 __asm__("x1") = (uint64_t)block;
        __asm__ volatile("hlt #0xf000" ::"r"(x0), "r"(x1) : "memory");
    }
    for (;;) __asm__ volatile("wfi");
}

static const char *exception_class(uint64_t ec) {
    switch (ec) {
    case 0x00: return "unknown instruction";
    case 0x0e: return "illegal execution state";
    case 0x15: return "svc";
    case 0x20: case 0x21: return "instruction abort";
    case 0x22: return "pc alignment fault";
    case 0x24: case 0x25: return "data abort";
    case 0x26: return "sp alignment fault";
    case 0x3c: return "brk (breakpoint)";
    default: return "exception";
    }
}

void aarch64_fault(uint64_t vector, uint64_t esr, uint64_t elr, uint64_t far) {
    (void)vector;
    bare_fault(exception_class(esr >> 26), elr, far, esr);
}

void aarch64_main(uint64_t x0) {
    __asm__ volatile("msr pmcr_el0, %0; msr pmcntenset_el0, %1; isb" ::"r"(1UL), "r"(1UL << 31)); /* start the cycle counter */
    const uint32_t *fdt = (const uint32_t *)(x0 ? x0 : RAM_BASE);
    if (*fdt != FDT_MAGIC_LE) fdt = (const uint32_t *)RAM_BASE;
    bare_start(fdt_bootargs(fdt), RAM_BASE);
}
