/*
 * main.c - bring-up, in order: console, traps and boot facts (command line,
 * memory map; arch_boot), address space, heap, clock, timer, scheduler,
 * the other CPUs (arch/<arch>/ does each machine-specific step); then the program's main() starts in a thread of its own
 * and this flow of control becomes CPU 0's idle loop.
 */
#include <kite.h>
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/sched.h>
#include <kite/arch.h>
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

/* boot_info: the PVH start_info address (x86_64), the device tree's (riscv64). */
void kmain(uint64_t boot_info) {
    arch_boot(boot_info);
    read_options();
    arch_memory();
    heap_init();
    tsc_init();
    arch_timer();
    sched_init_cpu();
    smp_start();
    if (!sched_spawn(KITE_ANY_CPU, main_thread, NULL)) panic("no memory for the main thread");
    sched_idle();
}
