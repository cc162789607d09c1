/*
 * serial.c - the console: the NS16550 UART of QEMU's virt machine, memory-
 * mapped at 0x10000000 with byte-wide registers. Polled, no interrupts:
 * under QEMU the transmit register is always empty at once.
 */
#include <kite/arch.h>
#include <kite/kernel.h>

#define UART ((volatile uint8_t *)0x10000000UL)
#define LSR_THR_EMPTY 0x20

void serial_init(void) {
    UART[1] = 0x00; /* no UART interrupts */
    UART[3] = 0x80; /* divisor latch on: 115200 baud */
    UART[0] = 0x01;
    UART[1] = 0x00;
    UART[3] = 0x03; /* 8 data bits, no parity, one stop bit */
    UART[2] = 0x07; /* FIFOs on and cleared */
}

static void serial_putc(char c) {
    while (!(UART[5] & LSR_THR_EMPTY)) cpu_relax();
    UART[0] = (uint8_t)c;
}

void serial_write(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) serial_putc(s[i]);
}
