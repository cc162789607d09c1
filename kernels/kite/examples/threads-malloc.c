// Threads, malloc and metrics together: each thread sums its own slice of an
// array in the heap; run with %target kite cpus=2.
#include <bootbook.h>
#include <kite.h>
#include <stdlib.h>

struct job { long *a; long from, to, sum; int cpu; };

static void *sum_slice(void *arg) {
    struct job *j = arg;
    for (long i = j->from; i < j->to; i++) j->sum += j->a[i];
    j->cpu = kite_cpu();
    return j;
}

int main(void) {
    long n = bb_param("n", 1000000);
    int nt = kite_ncpus();
    long *a = malloc((size_t)n * sizeof *a);
    struct job *jobs = calloc((size_t)nt, sizeof *jobs);
    kite_thread_t **t = calloc((size_t)nt, sizeof *t);
    if (!a || !jobs || !t) return 2;
    for (long i = 0; i < n; i++) a[i] = i;
    uint64_t t0 = bb_nanos();
    for (int k = 0; k < nt; k++) {
        jobs[k] = (struct job){ a, n * k / nt, n * (k + 1) / nt, 0, -1 };
        t[k] = kite_thread_create_on(k, sum_slice, &jobs[k]);
    }
    long total = 0;
    for (int k = 0; k < nt; k++) {
        struct job *j = kite_thread_join(t[k]);
        printf("thread %d on cpu %d: %ld\n", k, j->cpu, j->sum);
        total += j->sum;
    }
    bb_metric("sum_time", (double)(bb_nanos() - t0), "ns");
    bb_metric("threads", nt, "");
    free(a);
    free(jobs);
    free(t);
    return total == n * (n - 1) / 2 ? 0 : 1;
}
