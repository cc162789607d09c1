/* Under icount the cycle counter counts instructions: a loop of 1M iterations
   costs a few instructions per iteration, never less than one. */
#include <bootbook.h>

int main(void) {
    uint64_t c0 = bb_cycles();
    volatile long sum = 0;
    for (long i = 0; i < 1000000; i++) sum += i;
    bb_metric("loop", (double)(bb_cycles() - c0), "instructions");
    return 0;
}
