/*
 * machine.c - bare on riscv64 (QEMU virt, -bios none, machine mode): the
 * NS16550 UART at 0x10000000, rdcycle for the clock (under TCG it reads the
 * host's TSC, so its rate is the host's bare.tsc_khz; under icount one tick
 * is one instruction), the SiFive test device at 0x100000 to end the run,
 * and the command line from the device tree's /chosen/bootargs.
 */
#include <stdint.h>
#include "../bare.h"

#define UART ((volatile uint8_t *)0x10000000UL)
#define SIFIVE_TEST ((volatile uint32_t *)0x100000UL)
#define RAM_BASE 0x80000000UL

void arch_putc(char c) {
    while (!(UART[5] & 0x20)) {} /* transmit register empty */
    UART[0] = (uint8_t)c;
}

uint64_t arch_cycles(void) {
    uint64_t v;
    __asm__ volatile("rdcycle %0" : "=r"(v));
    return v;
}

uint64_t arch_nanos(void) { return counter_nanos(arch_cycles()); } /* at the host's bare.tsc_khz */

void arch_exit(int status) {
    uint32_t code = (uint32_t)status & 0xff; /* as x86_64's isa-debug-exit keeps it */
    *SIFIVE_TEST = code ? code << 16 | 0x3333 : 0x5555;
    for (;;) __asm__ volatile("wfi");
}

static const char *const names[16] = {
    "instruction address misaligned", "instruction access fault", "illegal instruction", "breakpoint",
    "load address misaligned", "load access fault", "store address misaligned", "store access fault",
    "ecall from U-mode", "ecall from S-mode", "exception 10", "ecall from M-mode",
    "instruction page fault", "load page fault", "exception 14", "store page fault",
};

void riscv_fault(void) {
    uint64_t cause, pc, tval;
    __asm__ volatile("csrr %0, mcause; csrr %1, mepc; csrr %2, mtval" : "=r"(cause), "=r"(pc), "=r"(tval));
    bare_fault(cause < 16 ? names[cause] : "unknown exception", pc, tval, cause);
}

void riscv_main(const void *fdt) {
    UART[1] = 0x00; /* no UART interrupts; 8N1; FIFOs on */
    UART[3] = 0x03;
    UART[2] = 0x07;
    bare_start(fdt_bootargs(fdt), RAM_BASE);
}
