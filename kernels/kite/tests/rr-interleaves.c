// Two busy threads on one CPU that never yield: under sched=rr the timer
// makes them take turns many times; under sched=coop the first runs to the end.
#include <bootbook.h>
#include <kite.h>

static volatile int last = -1;
static volatile long switches;
static volatile int done;

static void *spin(void *arg) {
    int me = (int)(long)arg;
    uint64_t end = bb_nanos() + (uint64_t)bb_param("ms", 60) * 1000000;
    while (bb_nanos() < end) {
        if (last != me) { last = me; switches++; }
    }
    done++;
    return 0;
}

int main(void) {
    kite_thread_t *a = kite_thread_create_on(0, spin, (void *)0);
    kite_thread_t *b = kite_thread_create_on(0, spin, (void *)1);
    kite_thread_join(a);
    kite_thread_join(b);
    printf("sched=%s hz=%u: %ld switches between the two threads\n", kite_sched(), kite_hz(), switches);
    bb_metric("switches", (double)switches, "");
    return 0;
}
