/*
 * arch.h - what the portable kernel (kernel/, sched/, mm/, lib/) needs from
 * the architecture: the inline primitives of x86.h or riscv.h (interrupts
 * on/off, cpu_relax, cycles(), irq_wait(), frame_record()) and the
 * bring-up steps each arch/ folder implements, called in order by kmain.
 */
#ifndef KITE_ARCH_H
#define KITE_ARCH_H
#include <stdint.h>
#if defined(__x86_64__)
#include <kite/x86.h>
#elif defined(__riscv) && __riscv_xlen == 64
#include <kite/riscv.h>
#else
#error "kite builds for x86_64 and riscv64"
#endif

struct kite_thread;

void arch_boot(uint64_t boot_info);   /* console, traps, CPU 0, command line and RAM ranges */
void arch_memory(void);               /* address space (page tables on x86_64) */
void arch_timer(void);                /* the tick, after the clock (tsc_init) */
void arch_kick(int cpu);              /* make an idle CPU look at the run queue */
void arch_switch(struct kite_thread *next); /* just before ctx_switch to next */
/* The initial saved stack pointer of a new thread whose stack ends at top:
 * its first ctx_switch "returns" into thread_start. */
uint64_t arch_thread_sp(char *top);
#endif
