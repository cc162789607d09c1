/*
 * machine.c - ending the machine. QEMU's isa-debug-exit device at port 0xf4
 * makes QEMU exit with status (value << 1) | 1, which the host decodes. If
 * the device is missing we fall back to a triple fault (with -no-reboot QEMU
 * then stops), so a run always ends.
 */
#include <kite/kernel.h>
#include <kite/x86.h>

#define EXIT_PORT 0xf4

void machine_exit(int status) {
    irq_off();
    outl(EXIT_PORT, (uint32_t)status & 0xff);
    /* Still here: no exit device. Load an empty IDT and fault. */
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) none = { 0, 0 };
    __asm__ volatile("lidt %0; int3" ::"m"(none));
    for (;;) halt();
}
