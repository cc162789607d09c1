/*
 * smp.c - starting the secondary CPUs. The boot CPU copies the trampoline
 * below 1 MiB, then for each CPU gives it a stack and sends INIT, then two
 * startup IPIs (the sequence Intel's MP spec prescribes), and waits until the
 * CPU says it is online. APIC ids are taken to be 0..cpus-1, which is how
 * QEMU numbers them; the cpus count comes from the command line (kite.cpus).
 */
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/sched.h>
#include <kite/x86.h>
#include <stdlib.h>
#include <string.h>

extern char trampoline_start[], trampoline_end[], tramp_cr3[], tramp_stack[];
static volatile int booting_id;

#define AT(sym) ((uint64_t *)(KITE_TRAMPOLINE + ((sym) - trampoline_start)))

void ap_main(void) {
    int id = booting_id;
    cpu_init(id);
    lapic_init();
    sched_init_cpu();
    __atomic_store_n(&cpus[id].online, 1, __ATOMIC_RELEASE);
    sched_idle();
}

void smp_start(void) {
    if (kopt.cpus <= 1) return;
    if (!lapic_present()) panic("cpus=%d needs a local APIC", kopt.cpus);
    memcpy((void *)KITE_TRAMPOLINE, trampoline_start, (size_t)(trampoline_end - trampoline_start));
    *AT(tramp_cr3) = read_cr3();
    for (int id = 1; id < kopt.cpus; id++) {
        char *stack = malloc(KITE_BOOT_STACK);
        if (!stack) panic("no memory for the stack of cpu %d", id);
        *AT(tramp_stack) = (uint64_t)(stack + KITE_BOOT_STACK);
        booting_id = id;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        lapic_send_ipi((uint32_t)id, 0x4500); /* INIT, assert */
        udelay(200);
        for (int sipi = 0; sipi < 2 && !cpus[id].online; sipi++) {
            lapic_send_ipi((uint32_t)id, 0x4600 | (KITE_TRAMPOLINE >> 12)); /* STARTUP */
            uint64_t t0 = nanos();
            while (!__atomic_load_n(&cpus[id].online, __ATOMIC_ACQUIRE) && nanos() - t0 < KITE_AP_TIMEOUT_US * 1000ULL / 2)
                cpu_relax();
        }
        if (!cpus[id].online) panic("cpu %d did not start (INIT/SIPI unanswered)", id);
        ncpus = id + 1;
    }
}
