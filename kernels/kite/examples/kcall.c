// The cost of a kernel call on kite: kite_nop() in a loop, timed with the
// cycle counter. On kite a "system call" is a plain function call (no mode
// switch); compare with linux's examples/getpid.c.
#include <bootbook.h>
#include <kite.h>

int main(void) {
    long n = bb_param("n", 100000);
    long sink = 0;
    uint64_t c0 = bb_cycles();
    for (long i = 0; i < n; i++) sink += kite_nop(i);
    uint64_t c1 = bb_cycles();
    bb_metric("kite_nop", (double)(c1 - c0) / (double)n, "cycles/call");
    return sink == n * (n - 1) / 2 ? 0 : 1;
}
