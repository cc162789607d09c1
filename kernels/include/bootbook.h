/*
 * bootbook.h - the portable interface every kernel pack implements.
 *
 * A program written against this header runs unchanged on every target
 * (the Linux baseline, kite, other architectures). The pack provides the
 * implementation; the host reads what the program reports through the
 * guest protocol (docs/guest-protocol.md) on the serial console.
 *
 *   int main(void)            the entry; its return value is the run's exit status
 *   bb_metric(name, v, unit)  report one measurement (shown in the results table)
 *   bb_cycles()               the CPU's cycle/timestamp counter (TSC, rdcycle, cntvct)
 *   bb_nanos()                monotonic nanoseconds
 *   bb_param(name, dflt)      a cell or sweep parameter (%param n=4096), or dflt
 *   printf and the usual string/memory functions work on every pack.
 */
#ifndef BOOTBOOK_H
#define BOOTBOOK_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define BOOTBOOK_INTERFACE_VERSION 1

#ifdef __cplusplus
extern "C" {
#endif

/* Report a measurement. name: [A-Za-z0-9_.-]+ is safest; unit may be "" or NULL. */
void bb_metric(const char *name, double value, const char *unit);

/* The CPU's cycle or timestamp counter. Under %clock icount it counts guest
 * instructions exactly (one tick per instruction), so results repeat. */
uint64_t bb_cycles(void);

/* Monotonic time in nanoseconds since an arbitrary start. */
uint64_t bb_nanos(void);

/* The value of parameter `name` given to this run, or `dflt` when it has none.
 * Every parameter that a program reads is echoed to the host, so the run
 * record says which parameters the program actually used. */
long bb_param(const char *name, long dflt);

#ifdef __cplusplus
}
#endif

#endif /* BOOTBOOK_H */
