/*
 * bare.h - the seam between the portable runtime (runtime.c, printf.c,
 * string.c, fdt.c) and the few lines each architecture supplies in
 * <arch>/machine.c and <arch>/start.S. That is the whole of bare: no
 * interrupts, no scheduler, no page allocator; a program, a console and a clock.
 */
#ifndef BARE_H
#define BARE_H

#include <stddef.h>
#include <stdint.h>

/* The status a crash ends the machine with (after the crash marker). */
#define BARE_CRASH_STATUS 255

/* Provided by <arch>/machine.c. */
void arch_putc(char c);                              /* one byte to the first serial port */
uint64_t arch_cycles(void);                          /* rdtsc / rdcycle / pmccntr */
uint64_t arch_nanos(void);                           /* a monotonic clock in ns, any start */
void arch_exit(int status) __attribute__((noreturn)); /* through the exit device */

/* Provided by runtime.c. */
void bare_start(const char *cmdline, uintptr_t ram_base) __attribute__((noreturn));
uint64_t counter_nanos(uint64_t ticks);              /* ticks of a counter at bare.tsc_khz, in ns */
void bare_fault(const char *what, uint64_t pc, uint64_t addr, uint64_t code) __attribute__((noreturn));

/* Provided by fdt.c (riscv64, aarch64): /chosen/bootargs of a flattened device tree, or "". */
const char *fdt_bootargs(const void *fdt);

/* Provided by printf.c: the formatter behind printf and snprintf. */
int bare_vformat(void (*emit)(void *ctx, const char *s, size_t n), void *ctx, const char *fmt, __builtin_va_list ap);

#endif
