/*
 * serial.c - the console: COM1, a 16550 UART at I/O port 0x3f8. Polled, no
 * interrupts: a byte is written when the transmit register is empty. Under
 * QEMU that is always at once, so printing costs one port write per byte.
 */
#include <kite/kernel.h>
#include <kite/x86.h>

#define COM1 0x3f8
#define LSR_THR_EMPTY 0x20

void serial_init(void) {
    outb(COM1 + 1, 0x00); /* no UART interrupts */
    outb(COM1 + 3, 0x80); /* divisor latch on: 115200 baud */
    outb(COM1 + 0, 0x01);
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03); /* 8 data bits, no parity, one stop bit */
    outb(COM1 + 2, 0x07); /* FIFOs on and cleared */
}

static void serial_putc(char c) {
    while (!(inb(COM1 + 5) & LSR_THR_EMPTY)) cpu_relax();
    outb(COM1, (uint8_t)c);
}

/* The host protocol wants "\n" line ends; carriage returns are dropped there anyway. */
void serial_write(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) serial_putc(s[i]);
}
