/*
 * idt.c - the interrupt descriptor table: one interrupt gate per vector, each
 * pointing at its stub in vectors.S. Interrupt gates clear IF on entry, so
 * handlers run with interrupts off until they return (or switch threads).
 * #PF, #SS and #DF use IST1: a separate stack, because the thread's own may be
 * the very thing that overflowed.
 */
#include <kite/cpu.h>
#include <kite/kernel.h>

struct gate {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
} __attribute__((packed));

static struct gate idt[256] __attribute__((aligned(16)));
extern const uint64_t vector_table[256];

void idt_init(void) {
    for (int v = 0; v < 256; v++) {
        uint64_t a = vector_table[v];
        idt[v] = (struct gate){
            .off_lo = (uint16_t)a, .sel = 0x08, .type = 0x8e, /* present, ring 0, interrupt gate */
            /* Faults that a stack overflow causes run on the CPU's fault stack (cpu.c). */
            .ist = (v == 8 || v == 12 || v == 14) ? 1 : 0,
            .off_mid = (uint16_t)(a >> 16), .off_hi = (uint32_t)(a >> 32), .zero = 0,
        };
    }
}

void idt_load(void) {
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) d = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" ::"m"(d));
}
