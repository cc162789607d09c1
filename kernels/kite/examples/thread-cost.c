// Thread create + join cost: start a thread that returns at once, wait for
// it, n times. Includes the stack allocation and the two context switches.
#include <bootbook.h>
#include <kite.h>

static void *nothing(void *arg) { return arg; }

int main(void) {
    long n = bb_param("n", 1000);
    uint64_t c0 = bb_cycles(), t0 = bb_nanos();
    for (long i = 0; i < n; i++) kite_thread_join(kite_thread_create_on(kite_cpu(), nothing, 0));
    uint64_t c1 = bb_cycles(), t1 = bb_nanos();
    bb_metric("create_join", (double)(c1 - c0) / (double)n, "cycles");
    bb_metric("create_join_time", (double)(t1 - t0) / (double)n, "ns");
    return 0;
}
