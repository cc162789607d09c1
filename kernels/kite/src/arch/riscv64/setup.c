/*
 * setup.c - the riscv64 steps of bring-up that kmain (kernel/main.c) calls,
 * and the scheduler's per-architecture hooks. One CPU (hart 0): tp points
 * at its struct cpu, stvec at trap.S. There are no page tables: memory is
 * used at its physical address, and the guard page under each thread's
 * stack is a PMP entry that boot.S's M-mode code sets on request
 * (paging_guard), so an overflow is an access fault instead of corruption.
 */
#include <kite/arch.h>
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/sched.h>

struct cpu cpus[KITE_MAX_CPUS];
int ncpus = 1;
extern char trap_entry[];

void arch_boot(uint64_t fdt) {
    serial_init();
    csr_write(stvec, (uint64_t)trap_entry);
    cpus[0].self = &cpus[0];
    __asm__ volatile("mv tp, %0" ::"r"(&cpus[0]));
    fdt_init(fdt);
}

void arch_memory(void) {} /* bare physical addresses; PMP set up in boot.S */

void arch_timer(void) { timer_init(); }

void smp_start(void) {
    if (kopt.cpus > 1) kprintf("kite: riscv64 runs on one CPU; cpus=%d ignored\n", kopt.cpus);
    kopt.cpus = 1;
}

void arch_kick(int cpu) { (void)cpu; } /* one CPU: nobody else to wake */

void arch_switch(struct kite_thread *next) { (void)next; } /* guards stay in the PMP */

/*
 * Guard pages are PMP entries 0-13 (boot.S): one NAPOT 4 KiB entry with no
 * access per live thread, set at create and cleared at join through an ecall
 * to boot.S's M-mode code (which also flushes QEMU's TLB, so only create and
 * join pay for it). pmpcfg0/2 are kept here and written whole.
 */
#define GUARD_SLOTS 14
static uint64_t slot_page[GUARD_SLOTS];
static uint64_t pmpcfg0, pmpcfg2 = 0x1f18UL << 48;
static spinlock_t pmp_lock = SPINLOCK_INIT;

static void pmp_set(int slot, uint64_t page) {
    uint64_t *cfg = slot < 8 ? &pmpcfg0 : &pmpcfg2;
    int shift = 8 * (slot % 8);
    *cfg = (*cfg & ~(0xffUL << shift)) | (page ? 0x18UL << shift : 0); /* NAPOT, no access */
    register uint64_t a0 __asm__("a0") = (uint64_t)slot, a1 __asm__("a1") = page ? (page >> 2) | 0x1ff : 0;
    register uint64_t a2 __asm__("a2") = pmpcfg0, a3 __asm__("a3") = pmpcfg2;
    __asm__ volatile("ecall" ::"r"(a0), "r"(a1), "r"(a2), "r"(a3) : "memory");
}

void paging_guard(void *va, int guard) {
    static int warned;
    uint64_t page = (uint64_t)va & ~0xfffUL;
    spin_lock_irq(&pmp_lock);
    int slot = 0;
    while (slot < GUARD_SLOTS && slot_page[slot] != (guard ? 0 : page)) slot++;
    if (slot < GUARD_SLOTS) {
        slot_page[slot] = guard ? page : 0;
        pmp_set(slot, guard ? page : 0);
    }
    spin_unlock_irq(&pmp_lock);
    if (guard && slot == GUARD_SLOTS && !warned++)
        kprintf("kite: more than %d threads: the others run without a guard page\n", GUARD_SLOTS);
}

/* ctx_switch restores ra and s0-s11 from 112 bytes, then returns to thread_start. */
uint64_t arch_thread_sp(char *top) {
    uint64_t *sp = (uint64_t *)(((uint64_t)top & ~15UL) - 112);
    for (int i = 0; i < 14; i++) sp[i] = 0;
    sp[0] = (uint64_t)thread_start;
    return (uint64_t)sp;
}
