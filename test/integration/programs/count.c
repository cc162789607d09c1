#include <bootbook.h>

/* A pure loop timed with the cycle counter: under icount the count is exact. */
int main(void) {
    uint64_t c0 = bb_cycles();
    volatile long sum = 0;
    for (long i = 0; i < 1000000; i++) sum += i;
    uint64_t c1 = bb_cycles();
    bb_metric("loop", (double)(c1 - c0), "cycles");
    return 0;
}
