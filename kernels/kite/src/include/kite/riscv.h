/*
 * riscv.h - the few riscv64 instructions and CSRs the kernel needs, as
 * inline functions, and the registers a trap saves (the layout trap.S builds
 * on the stack). kite runs in supervisor mode; boot.S is the only M-mode code.
 */
#ifndef KITE_RISCV_H
#define KITE_RISCV_H
#include <stdint.h>

#define csr_read(csr) ({ uint64_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"((uint64_t)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"r"((uint64_t)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"r"((uint64_t)(v)) : "memory")

#define CSR_STIMECMP 0x14d     /* Sstc: the supervisor timer compare register */
#define SSTATUS_SIE (1UL << 1)
#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5

static inline void cpu_relax(void) { __asm__ volatile("nop" ::: "memory"); }
static inline void irq_on(void) { __asm__ volatile("csrsi sstatus, 2" ::: "memory"); }
static inline void irq_off(void) { __asm__ volatile("csrci sstatus, 2" ::: "memory"); }
static inline uint64_t irq_save(void) {
    uint64_t f;
    __asm__ volatile("csrrci %0, sstatus, 2" : "=r"(f)::"memory");
    return f;
}
static inline void irq_restore(uint64_t f) { if (f & SSTATUS_SIE) irq_on(); }
/* Called with interrupts off: wfi wakes on a pending enabled interrupt even
 * then, and irq_on takes it, so no wakeup falls between the check and the wait. */
static inline void irq_wait(void) { __asm__ volatile("wfi" ::: "memory"); irq_on(); }
static inline void __attribute__((noreturn)) halt_forever(void) { for (;;) __asm__ volatile("csrci sstatus, 2; wfi"); }
/* The cycle counter behind bb_cycles (host TSC ticks under TCG, instructions under icount). */
static inline uint64_t cycles(void) { uint64_t v; __asm__ volatile("rdcycle %0" : "=r"(v)); return v; }
/* The platform timer (timebase-frequency in the device tree: 10 MHz on virt). */
static inline uint64_t rdtime(void) { uint64_t v; __asm__ volatile("rdtime %0" : "=r"(v)); return v; }
/* gcc's frame record sits just below the frame pointer: {caller's s0, ra} at s0-16. */
static inline const uint64_t *frame_record(uint64_t fp) { return (const uint64_t *)fp - 2; }

extern uint64_t riscv_timebase; /* Hz of rdtime, from the device tree (fdt.c) */

/* What trap.S saves, lowest address first: x0..x31 (x[2] is the interrupted sp). */
struct trapframe {
    uint64_t x[32];
    uint64_t sepc, sstatus, scause, stval;
};

/* arch/riscv64: the timer (timer.c), the device tree (fdt.c). */
void timer_init(void);
void timer_interrupt(void);
void fdt_init(uint64_t addr);
#endif
