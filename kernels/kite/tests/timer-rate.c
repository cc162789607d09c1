// Timer ticks at the configured rate: busy-wait a stated time and count the
// ticks this CPU took; also the interrupt latency the kernel measured.
#include <bootbook.h>
#include <kite.h>

int main(void) {
    uint64_t ms = (uint64_t)bb_param("ms", 100);
    struct kite_timer_stats s0, s1;
    kite_timer_stats(&s0);
    uint64_t t0 = bb_nanos();
    while (bb_nanos() - t0 < ms * 1000000) {}
    kite_timer_stats(&s1);
    uint64_t ticks = s1.ticks - s0.ticks;
    printf("hz=%u: %lu ticks in %lu ms; latency last %lu ns, max %lu ns\n", kite_hz(), ticks, ms, s1.last_ns, s1.max_ns);
    bb_metric("ticks", (double)ticks, "");
    bb_metric("expected", (double)(kite_hz() * ms / 1000), "");
    bb_metric("latency_mean", s1.ticks ? (double)s1.total_ns / (double)s1.ticks : 0, "ns");
    bb_metric("latency_max", (double)s1.max_ns, "ns");
    return 0;
}
