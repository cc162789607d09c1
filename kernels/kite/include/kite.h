/*
 * kite.h - kite's native API: threads, CPUs, locks, barriers, time and the
 * timer. A program that includes it runs on kite only (interface "kite/1");
 * bootbook.h stays the portable part. Every call is a plain function call
 * into the kernel: there is no user mode and no system call.
 * kernels/kite/README.md has an example for each call.
 */
#ifndef KITE_H
#define KITE_H
#include <stdint.h>
#include <stddef.h>

#define KITE_API_VERSION 1

#ifdef __cplusplus
extern "C" {
#endif

/* ---- threads ---- */
typedef struct kite_thread kite_thread_t;
typedef void *(*kite_fn)(void *arg);

#define KITE_ANY_CPU (-1)

/* Start fn(arg) in a new thread that may run on any CPU. NULL when out of memory. */
kite_thread_t *kite_thread_create(kite_fn fn, void *arg);
/* Start fn(arg) in a new thread that runs only on `cpu` (KITE_ANY_CPU: anywhere). */
kite_thread_t *kite_thread_create_on(int cpu, kite_fn fn, void *arg);
/* Wait until t has finished; return what fn returned. Frees t. */
void *kite_thread_join(kite_thread_t *t);
/* End the calling thread with `value` (as if its function returned it). */
void kite_thread_exit(void *value) __attribute__((noreturn));
/* Give the CPU to another runnable thread, if any. */
void kite_yield(void);
/* Sleep at least ns nanoseconds (other threads run meanwhile). */
void kite_sleep_ns(uint64_t ns);
/* The calling thread, and its small integer id (main is 1). */
kite_thread_t *kite_self(void);
int kite_thread_id(void);
/* Move the calling thread to `cpu` now and keep it there (KITE_ANY_CPU: unpin). Returns 0, or -1 if no such CPU. */
int kite_pin(int cpu);

/* ---- CPUs ---- */
/* The CPU the caller runs on (0 is the boot CPU), and how many CPUs run. */
int kite_cpu(void);
int kite_ncpus(void);

/* ---- spinlocks ---- */
typedef struct { volatile uint32_t locked; } kite_spinlock_t;
#define KITE_SPINLOCK_INIT { 0 }
void kite_spin_lock(kite_spinlock_t *l);
int kite_spin_trylock(kite_spinlock_t *l); /* 1 if taken */
void kite_spin_unlock(kite_spinlock_t *l);

/* ---- barriers ---- */
typedef struct {
    kite_spinlock_t lock;
    uint32_t parties;          /* threads that meet at the barrier */
    volatile uint32_t waiting; /* arrived in this round */
    volatile uint32_t round;   /* bumped when everyone arrived */
} kite_barrier_t;
void kite_barrier_init(kite_barrier_t *b, unsigned parties);
/* Wait until `parties` threads have called it; returns 1 in exactly one of them. */
int kite_barrier_wait(kite_barrier_t *b);

/* ---- time and the timer ---- */
uint64_t kite_tsc_khz(void);   /* the timestamp counter's rate */
unsigned kite_hz(void);        /* timer interrupts per second per CPU; 0 = tickless */
const char *kite_sched(void);  /* "coop" or "rr" */
uint64_t kite_ticks(void);     /* timer interrupts taken by this CPU */
struct kite_timer_stats {
    uint64_t ticks;       /* timer interrupts on this CPU */
    uint64_t last_ns;     /* latency of the last one: timer expiry to handler entry */
    uint64_t max_ns;
    uint64_t total_ns;    /* sum over all ticks (mean = total_ns / ticks) */
};
void kite_timer_stats(struct kite_timer_stats *out);
/* Call fn() from the timer interrupt on every tick of every CPU (NULL: stop). Keep it short. */
void kite_timer_hook(void (*fn)(void));

/* ---- memory ---- */
struct kite_heap_stats { uint64_t size, used, peak, allocs, frees; };
void kite_heap_stats(struct kite_heap_stats *out);

/* ---- the machine ---- */
/* End the run now with `status` (what exit() does). */
void kite_exit(int status) __attribute__((noreturn));
/* A cheap kernel call that does nothing: the baseline of a "system call" on kite. */
long kite_nop(long x);

#ifdef __cplusplus
}
#endif
#endif
