// Per-CPU placement: a thread created on each CPU reports where it ran, then
// main moves itself to the last CPU with kite_pin; also sleeps and yields.
#include <bootbook.h>
#include <kite.h>

static void *where(void *arg) {
    (void)arg;
    kite_yield();
    return (void *)(long)kite_cpu();
}

int main(void) {
    int n = kite_ncpus(), right = 0;
    for (int c = 0; c < n; c++) {
        kite_thread_t *t = kite_thread_create_on(c, where, 0);
        if ((long)kite_thread_join(t) == c) right++;
    }
    int pinned = kite_pin(n - 1) == 0 && kite_cpu() == n - 1;
    uint64_t t0 = bb_nanos();
    kite_sleep_ns(5000000);
    uint64_t slept = bb_nanos() - t0;
    int still = kite_cpu() == n - 1;
    printf("%d cpus, %d threads ran where placed, main pinned to cpu %d: %d, slept %lu ns\n", n, right, n - 1, pinned && still, slept);
    bb_metric("cpus", n, "");
    bb_metric("placed_right", right, "");
    bb_metric("pinned", pinned && still, "");
    bb_metric("slept", (double)slept, "ns");
    bb_metric("bad_pin_refused", kite_pin(n) == -1, "");
    return 0;
}
