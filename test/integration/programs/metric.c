#include <bootbook.h>

int main(void) {
    printf("hello from the guest\n");
    uint64_t c0 = bb_cycles();
    volatile long sum = 0;
    for (long i = 0; i < 100000; i++) sum += i;
    bb_metric("loop", (double)(bb_cycles() - c0), "cycles");
    bb_metric("answer", 42, "");
    return 0;
}
