/* The cycle counter and the nanosecond clock never go backwards and advance
 * across a loop of a million iterations. */
#include <bootbook.h>

int main(void) {
    long backwards = 0, nanos_backwards = 0;
    uint64_t prev = bb_cycles(), prev_ns = bb_nanos();
    uint64_t c0 = prev, t0 = prev_ns;
    for (int i = 0; i < 100000; i++) {
        uint64_t c = bb_cycles(), t = bb_nanos();
        if (c < prev) backwards++;
        if (t < prev_ns) nanos_backwards++;
        prev = c;
        prev_ns = t;
    }
    volatile long sum = 0;
    uint64_t l0 = bb_cycles();
    for (long i = 0; i < 1000000; i++) sum += i;
    uint64_t l1 = bb_cycles();
    bb_metric("backwards", (double)backwards, "");
    bb_metric("nanos_backwards", (double)nanos_backwards, "");
    bb_metric("loop", (double)(l1 - l0), "cycles");
    bb_metric("elapsed_ns", (double)(bb_nanos() - t0), "ns");
    bb_metric("elapsed_cycles", (double)(bb_cycles() - c0), "cycles");
    return 0;
}
