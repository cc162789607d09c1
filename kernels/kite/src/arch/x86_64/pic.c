/*
 * pic.c - silencing the legacy 8259 interrupt controllers. kite uses only the
 * local APIC, but on pc/q35 the BIOS leaves the PICs delivering the PIT's
 * IRQ 0 on vector 8, where it would look like a double fault. We move them
 * to vectors 0x20-0x2f (trap.c ignores those) and mask every line. On
 * microvm (pic=off) these port writes go nowhere.
 */
#include <kite/kernel.h>
#include <kite/x86.h>

void pic_disable(void) {
    outb(0x20, 0x11); outb(0xa0, 0x11); /* ICW1: initialize, ICW4 follows */
    outb(0x21, 0x20); outb(0xa1, 0x28); /* ICW2: vector bases */
    outb(0x21, 0x04); outb(0xa1, 0x02); /* ICW3: slave on IRQ 2 */
    outb(0x21, 0x01); outb(0xa1, 0x01); /* ICW4: 8086 mode */
    outb(0x21, 0xff); outb(0xa1, 0xff); /* mask all */
}
