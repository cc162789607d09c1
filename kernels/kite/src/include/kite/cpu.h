/*
 * cpu.h - per-CPU data. Each CPU's GS base (x86_64) or tp register (riscv64)
 * points at its own struct cpu, so this_cpu() is one instruction, no lock.
 */
#ifndef KITE_CPU_H
#define KITE_CPU_H
#include <stdint.h>
#include <kite/tunables.h>

struct kite_thread;

struct cpu {
    struct cpu *self;          /* first field: %gs:0 reads it */
    int id;                    /* 0 .. ncpus-1; 0 boots */
    uint32_t apic_id;
    struct kite_thread *current;    /* running here now */
    struct kite_thread *idle;       /* runs when nothing else can */
    volatile int online;
    volatile int idling;       /* halted in the idle loop: wake it with an IPI */
    uint64_t ticks;            /* timer interrupts taken */
    uint64_t quantum_left;     /* ticks before rr preempts current */
    uint64_t irq_last_ns, irq_max_ns, irq_total_ns;
};

extern struct cpu cpus[KITE_MAX_CPUS];
extern int ncpus;

static inline struct cpu *this_cpu(void) {
    struct cpu *c;
#if defined(__x86_64__)
    __asm__ volatile("movq %%gs:0, %0" : "=r"(c));
#else
    __asm__ volatile("mv %0, tp" : "=r"(c));
#endif
    return c;
}

/* arch/x86_64/cpu.c: what every CPU sets up for itself. */
void cpu_init(int id);
/* arch/x86_64/idt.c */
void idt_init(void);
void idt_load(void);
/* arch/x86_64/lapic.c */
int lapic_present(void);
void lapic_init(void);              /* this CPU's local APIC (and its timer when hz > 0) */
void lapic_calibrate(void);         /* once, on the boot CPU */
void lapic_eoi(void);
uint32_t lapic_id(void);
void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);
void lapic_timer_interrupt(void);
/* arch/<arch>/smp.c: start the other CPUs (riscv64: one CPU only, a stub). */
void smp_start(void);
void ap_main(void) __attribute__((noreturn));
#endif
