// Spinlock and barrier on one CPU: 8 threads under sched=rr, so a lock holder
// is preempted on the tick while others spin (tests/locks.c runs the same on 2 CPUs).
#include <bootbook.h>
#include <kite.h>

#define ROUNDS 200

static kite_spinlock_t lock = KITE_SPINLOCK_INIT;
static kite_barrier_t barrier;
static volatile long counter;
static volatile int ran_on[8];
static volatile int barrier_ok = 1;
static volatile int phase[64];

static void *worker(void *arg) {
    long id = (long)arg;
    ran_on[kite_cpu()] = 1;
    for (int r = 0; r < ROUNDS; r++) {
        kite_spin_lock(&lock);
        long c = counter;
        for (volatile int spin = 0; spin < 10; spin++) {}
        counter = c + 1;
        kite_spin_unlock(&lock);
        phase[id] = r + 1;
        kite_barrier_wait(&barrier);
        kite_barrier_wait(&barrier);
    }
    return (void *)(id * 10);
}

int main(void) {
    int n = (int)bb_param("threads", 4);
    int cpus = kite_ncpus();
    kite_barrier_init(&barrier, (unsigned)n);
    kite_thread_t *t[64];
    for (long i = 0; i < n; i++) t[i] = kite_thread_create_on((int)(i % cpus), worker, (void *)i);
    long sum = 0;
    for (int i = 0; i < n; i++) sum += (long)kite_thread_join(t[i]);
    int used = 0;
    for (int i = 0; i < 8; i++) used += ran_on[i];
    printf("%d threads on %d cpus: counter %ld, cpus used %d\n", n, cpus, counter, used);
    bb_metric("counter", (double)counter, "");
    bb_metric("expected", (double)(n * ROUNDS), "");
    bb_metric("cpus_used", used, "");
    bb_metric("join_sum", (double)sum, "");
    return counter == n * ROUNDS ? 0 : 1;
}
