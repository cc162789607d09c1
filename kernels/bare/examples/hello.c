// Hello, metrics: print a line, time a loop and report what it cost.
// The same program runs unchanged on linux and kite: compare the three.
#include <bootbook.h>

int main(void) {
    long n = bb_param("n", 1000000);
    printf("hello from bare, counting to %ld\n", n);
    uint64_t c0 = bb_cycles(), t0 = bb_nanos();
    volatile long sum = 0;
    for (long i = 0; i < n; i++) sum += i;
    uint64_t c1 = bb_cycles(), t1 = bb_nanos();
    bb_metric("loop_cycles", (double)(c1 - c0), "cycles");
    bb_metric("loop_time", (double)(t1 - t0), "ns");
    return 0;
}
