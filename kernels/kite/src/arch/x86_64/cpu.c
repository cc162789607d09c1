/*
 * cpu.c - the per-CPU part of bring-up that every CPU runs for itself: point
 * GS at its struct cpu, load the full GDT with this CPU's TSS, load the
 * shared IDT, reset the FPU. The TSS matters for one thing only in a kernel
 * without user mode: its IST1 entry, a separate stack on which page faults
 * and double faults run, so a thread that overflowed its stack (into the
 * guard page below it) still gets a readable crash report.
 */
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/x86.h>

struct cpu cpus[KITE_MAX_CPUS];
int ncpus = 1;

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3, iomap;
} __attribute__((packed));

static struct tss tss[KITE_MAX_CPUS];
static char fault_stacks[KITE_MAX_CPUS][KITE_FAULT_STACK] __attribute__((aligned(16)));
extern uint64_t gdt[];
extern struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdt_desc;

static void load_tss(int id) {
    struct tss *t = &tss[id];
    t->ist[0] = (uint64_t)(fault_stacks[id] + KITE_FAULT_STACK);
    t->iomap = sizeof *t;
    uint64_t base = (uint64_t)t, limit = sizeof *t - 1;
    int slot = 3 + 2 * id;
    gdt[slot] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
                (((base >> 24) & 0xff) << 56); /* present, 64-bit TSS (available) */
    gdt[slot + 1] = base >> 32;
    __asm__ volatile("lgdt %0; ltr %w1" ::"m"(gdt_desc), "r"((uint16_t)(slot * 8)));
}

void cpu_init(int id) {
    struct cpu *c = &cpus[id];
    c->self = c;
    c->id = id;
    wrmsr(MSR_GS_BASE, (uint64_t)c);
    load_tss(id);
    idt_load();
    __asm__ volatile("fninit");
}
