/* Under icount the counter counts instructions: the same loop costs exactly
 * the same every run, and about the same on every architecture. */
#include <bootbook.h>

int main(void) {
    volatile long sum = 0;
    uint64_t c0 = bb_cycles();
    for (long i = 0; i < 100000; i++) sum += i;
    bb_metric("loop", (double)(bb_cycles() - c0), "instructions");
    return 0;
}
