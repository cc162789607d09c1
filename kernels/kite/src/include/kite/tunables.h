/*
 * tunables.h - every fixed number kite is built with, in one commented table.
 * Values that a user picks per run (cpus, hz, sched) come from the command
 * line instead (kernel/cmdline.c); `pages` is chosen per build (kernel/config.c).
 */
#ifndef KITE_TUNABLES_H
#define KITE_TUNABLES_H

#define KITE_LOAD_ADDR        0x100000UL  /* physical = virtual address of the image (1 MiB) */
#define KITE_MAX_CPUS         8           /* per-CPU array size; the cpus option's maximum */
#define KITE_BOOT_STACK       16384       /* bytes of stack for each CPU's boot/idle thread */
#define KITE_THREAD_STACK     65536       /* bytes of stack for each kite thread (main too) */
#define KITE_GUARD_PAGE       1           /* 1: an unmapped page under every thread stack */
#define KITE_FAULT_STACK      8192        /* per-CPU stack for page and double faults (TSS IST1) */
#define KITE_CMDLINE_MAX      2048        /* bytes of kernel command line kept */
#define KITE_RR_QUANTUM       1           /* timer ticks a thread runs before rr preempts it */
#define KITE_DEFAULT_HZ       100         /* timer rate when the command line says nothing */
#define KITE_TRAMPOLINE       0x8000UL    /* where secondary CPUs start (real mode, below 1 MiB) */
#define KITE_AP_TIMEOUT_US    200000      /* how long to wait for a secondary CPU to come up */
#define KITE_LAPIC_CAL_US     500         /* local APIC timer calibration window */
#define KITE_CRASH_STATUS     0x7f        /* exit-device status after a crash report */
#define KITE_BACKTRACE_MAX    24          /* frames printed in a crash report */
#define KITE_HEAP_ALIGN       16          /* malloc alignment (SSE, long double) */

/* Interrupt vectors. 0-31 are CPU exceptions. */
#define VEC_TIMER             0x40
#define VEC_RESCHED           0x41        /* IPI: "look at the run queue" */
#define VEC_SPURIOUS          0xff

#endif
