/*
 * main.c - bring-up, in order: console, boot facts (command line, memory
 * map), traps, page tables, heap, clock, local APIC and timer, scheduler,
 * the other CPUs; then the program's main() starts in a thread of its own
 * and this flow of control becomes CPU 0's idle loop.
 */
#include <kite.h>
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/sched.h>
#include <kite/x86.h>
#include <string.h>

int main(void);
void bb_hello(void);

struct kite_options kopt;

static void read_options(void) {
    long v;
    char s[16];
    kopt.cpus = cmdline_long("kite.cpus", &v) && v >= 1 ? (int)(v > KITE_MAX_CPUS ? KITE_MAX_CPUS : v) : 1;
    kopt.hz = cmdline_long("kite.hz", &v) && v >= 0 ? (unsigned)v : KITE_DEFAULT_HZ;
    kopt.rr = !(cmdline_str("kite.sched", s, sizeof s) && strcmp(s, "coop") == 0);
}

static void *main_thread(void *arg) {
    (void)arg;
    bb_hello();
    kite_exit(main());
}

void kmain(uint32_t start_info) {
    serial_init();
    pic_disable();
    idt_init();
    cpu_init(0);
    pvh_init(start_info);
    read_options();
    paging_init();
    heap_init();
    tsc_init();
    if (lapic_present()) {
        lapic_calibrate();
        lapic_init();
    } else if (kopt.hz || kopt.cpus > 1) {
        kprintf("kite: this CPU has no local APIC: no timer, one CPU\n");
        kopt.hz = 0;
        kopt.cpus = 1;
    }
    sched_init_cpu();
    smp_start();
    if (!sched_spawn(KITE_ANY_CPU, main_thread, NULL)) panic("no memory for the main thread");
    sched_idle();
}
