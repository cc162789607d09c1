/*
 * machine.c - bare on x86_64 (QEMU microvm, PVH boot): COM1 for the console,
 * rdtsc for the clock (its rate comes from the host as bare.tsc_khz), the
 * isa-debug-exit device to end the run, and an IDT so that a CPU exception
 * is a crash report instead of a silent triple fault.
 */
#include <stdint.h>
#include "../bare.h"

#define COM1 0x3f8
#define EXIT_PORT 0xf4
#define PVH_MAGIC 0x336ec578

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }

void arch_putc(char c) {
    while (!(inb(COM1 + 5) & 0x20)) {} /* transmit register empty: at once under QEMU */
    outb(COM1, (uint8_t)c);
}

uint64_t arch_cycles(void) {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

uint64_t arch_nanos(void) { return counter_nanos(arch_cycles()); } /* at the host's bare.tsc_khz */

void arch_exit(int status) {
    __asm__ volatile("outl %0, %1" ::"a"((uint32_t)status & 0xff), "Nd"((uint16_t)EXIT_PORT));
    /* No exit device: an empty IDT and a breakpoint make a triple fault, which ends QEMU (-no-reboot). */
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none = { 0, 0 };
    __asm__ volatile("lidt %0; int3" ::"m"(none));
    for (;;) __asm__ volatile("hlt");
}

static const char *const names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
    "#UD invalid opcode", "#NM no FPU", "#DF double fault", "coprocessor overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault", "#GP general protection", "#PF page fault", "vector 15",
    "#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error", "#VE virtualization",
    "#CP control protection",
};

void x86_fault(const uint64_t *frame) {
    uint64_t vector = frame[0], addr = 0;
    if (vector == 14) __asm__ volatile("mov %%cr2, %0" : "=r"(addr));
    bare_fault(vector < 22 && names[vector] ? names[vector] : "reserved vector", frame[2], addr, frame[1]);
}

struct gate { uint16_t off0, sel; uint8_t ist, type; uint16_t off1; uint32_t off2, zero; };
static struct gate idt[32];
extern char exception_stubs[];

/* start_info: the PVH start_info's address (from %ebx). */
void x86_main(uint32_t start_info) {
    for (int i = 0; i < 32; i++) {
        uint64_t a = (uint64_t)exception_stubs + 16 * (uint64_t)i;
        idt[i] = (struct gate){ (uint16_t)a, 0x08, 0, 0x8e, (uint16_t)(a >> 16), (uint32_t)(a >> 32), 0 };
    }
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) desc = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" ::"m"(desc));
    outb(COM1 + 1, 0x00); /* no UART interrupts; 8N1; FIFOs on */
    outb(COM1 + 3, 0x03);
    outb(COM1 + 2, 0x07);
    const uint32_t *si = (const uint32_t *)(uintptr_t)start_info;
    const char *cmdline = "";
    if (si && si[0] == PVH_MAGIC && *(const uint64_t *)(si + 6)) cmdline = (const char *)(uintptr_t) * (const uint64_t *)(si + 6);
    bare_start(cmdline, 0);
}
