// Timer interrupt latency: how long after the local APIC timer fired did the
// kernel's handler start. The kernel measures every tick; run a while, then
// read the statistics. Try hz=100 and hz=1000, and %clock icount.
#include <bootbook.h>
#include <kite.h>

int main(void) {
    long ms = bb_param("ms", 200);
    if (kite_hz() == 0) { printf("this needs the timer: %%target kite hz=1000\n"); return 1; }
    uint64_t t0 = bb_nanos();
    while (bb_nanos() - t0 < (uint64_t)ms * 1000000) {}
    struct kite_timer_stats s;
    kite_timer_stats(&s);
    printf("%lu ticks at %u Hz\n", s.ticks, kite_hz());
    bb_metric("ticks", (double)s.ticks, "");
    bb_metric("latency_mean", (double)s.total_ns / (double)(s.ticks ? s.ticks : 1), "ns");
    bb_metric("latency_max", (double)s.max_ns, "ns");
    return 0;
}
