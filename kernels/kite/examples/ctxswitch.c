// Context-switch cost: two threads on the same CPU hand the CPU to each other
// with kite_yield() n times each. Run with %target kite sched=coop so only
// the yields switch.
#include <bootbook.h>
#include <kite.h>

static long n;

static void *ping(void *arg) {
    for (long i = 0; i < n; i++) kite_yield();
    return arg;
}

int main(void) {
    n = bb_param("n", 10000);
    kite_pin(0); /* main waits on CPU 0 too, but blocked in join it takes no turns */
    kite_thread_t *a = kite_thread_create_on(0, ping, 0);
    kite_thread_t *b = kite_thread_create_on(0, ping, 0);
    uint64_t c0 = bb_cycles();
    kite_thread_join(a);
    kite_thread_join(b);
    uint64_t c1 = bb_cycles();
    bb_metric("switch", (double)(c1 - c0) / (double)(2 * n), "cycles/switch");
    return 0;
}
