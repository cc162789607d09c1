/*
 * kernel.h - what every part of the kernel shares: the console, panics, the
 * boot facts (command line, memory map), the clock, and the exit device.
 */
#ifndef KITE_KERNEL_H
#define KITE_KERNEL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <kite/tunables.h>

#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* arch/<arch>/serial.c: the raw console device. */
void serial_init(void);
void serial_write(const char *s, size_t n);

/* kernel/console.c: whole lines to the console, one CPU at a time. */
void console_write(const char *s, size_t n);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
/* The console lock is broken by a crash report so it always gets out. */
void console_break_lock(void);

/* kernel/panic.c */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Emit the crash marker with `reason` and end the machine. */
void crash_exit(const char *reason) __attribute__((noreturn));

/* arch/x86_64/pic.c: mask the legacy 8259 PICs (pc, q35). */
void pic_disable(void);

/* arch/<arch>/machine.c: end the machine through the exit device. */
void machine_exit(int status) __attribute__((noreturn));

/* kernel/cmdline.c */
void cmdline_init(const char *text);
const char *cmdline_text(void);
/* Find NAME=VALUE among the words; 1 and *value when found. */
int cmdline_long(const char *name, long *value);
int cmdline_str(const char *name, char *out, size_t cap);

/* The RAM ranges from the boot protocol (x86_64: pvh.c, riscv64: fdt.c). */
struct memrange { uint64_t base, size; };
#define MAX_MEMRANGES 32
extern struct memrange ram_ranges[MAX_MEMRANGES];
extern int nram_ranges;
void pvh_init(uint32_t start_info);

/* arch/<arch>/tsc.c: the cycle counter (TSC, riscv's cycle CSR) as the clock. */
void tsc_init(void);
uint64_t tsc_khz(void);
uint64_t tsc_to_ns(uint64_t ticks);
uint64_t ns_to_tsc(uint64_t ns);
uint64_t nanos(void);      /* since boot */
void udelay(uint64_t us);

/* kernel/ksyms.c: symbol names for addresses (table built at link time). */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);
void backtrace(uint64_t pc, uint64_t fp);
void backtrace_trap(uint64_t pc, uint64_t leaf_ret, uint64_t fp);
int sane_frame(uint64_t addr); /* 16 readable bytes of RAM, not a guard page */

/* kernel/config.c: options chosen when the image was built. */
extern const char kite_cfg_pages[];

/* Boot options from the command line (kernel/main.c). */
struct kite_options {
    int cpus;
    unsigned hz;
    int rr; /* 1: sched=rr, 0: coop */
};
extern struct kite_options kopt;

/* The image's bounds, from the linker script. */
extern char __kernel_start[], __kernel_end[], __bss_start[], __bss_end[];

#endif
