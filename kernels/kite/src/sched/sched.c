/*
 * sched.c - the scheduler. All threads sit on one list; a CPU that needs work
 * walks the list from the thread after the one it ran last and takes the first
 * thread that is runnable and allowed on it (a thread may be pinned to a CPU).
 * That walk is the whole policy: round robin. With sched=rr the timer tick
 * also takes the CPU away after KITE_RR_QUANTUM ticks; with sched=coop a
 * thread runs until it yields, sleeps, blocks or ends.
 *
 * One lock (rq_lock) guards every thread's state and the list. It is held
 * across ctx_switch and released by the thread switched to, so no other CPU
 * can pick a thread whose registers are still being saved.
 */
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/sched.h>
#include <kite/arch.h>
#include <stdlib.h>

static volatile uint32_t rq_lock;
static struct kite_thread *threads; /* every thread but the idle ones */
static volatile int nready;        /* threads RUNNABLE or SLEEPING: a hint for idle CPUs */
static struct kite_thread idle_threads[KITE_MAX_CPUS];
static int next_id = 1;
static int nthreads;

void rq_lock_acquire(void) {
    while (__atomic_exchange_n(&rq_lock, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&rq_lock, __ATOMIC_RELAXED)) cpu_relax();
}
void rq_lock_release(void) { __atomic_store_n(&rq_lock, 0, __ATOMIC_RELEASE); }

static int ready(enum thread_state s) { return s == T_RUNNABLE || s == T_SLEEPING; }

/* Every state change goes through here, so nready stays exact. */
void set_state(struct kite_thread *t, enum thread_state s) {
    nready += ready(s) - ready(t->state);
    t->state = s;
}

/* Wake idle CPUs that halt (hz > 0) so they look at the list again. */
static void kick_idle(void) {
    if (!kopt.hz) return; /* idle CPUs poll */
    int me = this_cpu()->id;
    for (int i = 0; i < ncpus; i++)
        if (i != me && cpus[i].idling) arch_kick(i);
}

/* Walk once around the list, starting after `after` and ending with it. */
static struct kite_thread *pick(struct cpu *c, struct kite_thread *after) {
    uint64_t now = 0;
    struct kite_thread *t = after && after != c->idle ? after->next : threads;
    for (int i = 0; i < nthreads; i++, t = t->next) {
        if (!t) t = threads;
        if (t->pin != KITE_ANY_CPU && t->pin != c->id) continue;
        if (t->state == T_SLEEPING) {
            if (!now) now = nanos();
            if (now >= t->wake_at) set_state(t, T_RUNNABLE);
        }
        if (t->state == T_RUNNABLE) return t;
    }
    return NULL;
}

/*
 * Give this CPU to the next thread. Called with rq_lock held and interrupts
 * off, after the caller set current's new state (RUNNABLE to stay in line,
 * or SLEEPING/BLOCKED/ZOMBIE). Returns when current runs again, lock held.
 */
void reschedule(void) {
    struct cpu *c = this_cpu();
    struct kite_thread *prev = c->current;
    struct kite_thread *next = pick(c, prev);
    if (!next) next = (prev != c->idle && prev->state == T_RUNNABLE && (prev->pin < 0 || prev->pin == c->id)) ? prev : c->idle;
    if (next != c->idle) set_state(next, T_RUNNING);
    c->quantum_left = KITE_RR_QUANTUM;
    if (next == prev) return;
    prev->on_cpu = -1;
    next->on_cpu = c->id;
    c->current = next;
    arch_switch(next);
    ctx_switch(&prev->sp, next->sp);
}

void sched_tick(void) {
    struct cpu *c = this_cpu();
    if (!kopt.rr || c->current == c->idle) return;
    if (c->quantum_left > 1) { c->quantum_left--; return; }
    rq_lock_acquire();
    set_state(c->current, T_RUNNABLE);
    reschedule();
    rq_lock_release();
}

void sched_wake(struct kite_thread *t) {
    set_state(t, T_RUNNABLE);
    kick_idle();
}

/* The code running on this CPU now (boot or ap_main) becomes its idle thread. */
void sched_init_cpu(void) {
    struct cpu *c = this_cpu();
    struct kite_thread *idle = &idle_threads[c->id];
    idle->id = 0;
    idle->state = T_RUNNING;
    idle->pin = c->id;
    idle->on_cpu = c->id;
    c->idle = c->current = idle;
}

/*
 * The idle loop. `idling` is set before looking at nready and kept set while
 * halted, so a thread made runnable meanwhile either is seen here or makes
 * its waker send this CPU an IPI (kick_idle): no wakeup is lost.
 */
void sched_idle(void) {
    struct cpu *c = this_cpu();
    for (;;) {
        irq_off();
        __atomic_store_n(&c->idling, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(&nready, __ATOMIC_SEQ_CST)) {
            rq_lock_acquire();
            c->idling = 0;
            reschedule(); /* back here when nothing else can run on this CPU */
            c->idling = 1;
            rq_lock_release();
        }
        if (kopt.hz) {
            irq_wait(); /* a tick or an IPI wakes us */
        } else {
            irq_on(); /* tickless: poll */
            for (int i = 0; i < 64 && !nready; i++) cpu_relax();
        }
    }
}

/* C side of a new thread's first run (switch.S thread_start). */
void thread_entry(void) {
    rq_lock_release();
    irq_on();
    struct kite_thread *t = this_cpu()->current;
    kite_thread_exit(t->fn(t->arg));
}

struct kite_thread *sched_spawn(int cpu, kite_fn fn, void *arg) {
    if (cpu != KITE_ANY_CPU && (cpu < 0 || cpu >= ncpus)) return NULL;
    struct kite_thread *t = calloc(1, sizeof *t);
    /* The lowest page of the allocation is the guard: unmapped, so an overflow faults. */
    char *stack = aligned_alloc(4096, KITE_THREAD_STACK + 4096 * KITE_GUARD_PAGE);
    if (!t || !stack) { free(t); free(stack); return NULL; }
    if (KITE_GUARD_PAGE) paging_guard(stack, 1);
    t->sp = arch_thread_sp(stack + 4096 * KITE_GUARD_PAGE + KITE_THREAD_STACK);
    t->stack = stack;
    t->fn = fn;
    t->arg = arg;
    t->pin = cpu;
    t->on_cpu = -1;
    t->state = T_BLOCKED;
    uint64_t f = irq_save();
    rq_lock_acquire();
    t->id = next_id++;
    /* Append, so threads start in creation order. */
    struct kite_thread **p = &threads;
    while (*p) p = &(*p)->next;
    *p = t;
    nthreads++;
    sched_wake(t);
    rq_lock_release();
    irq_restore(f);
    return t;
}

/* Take a finished thread off the list (rq_lock held). */
void sched_unlink(struct kite_thread *t) {
    for (struct kite_thread **p = &threads; *p; p = &(*p)->next)
        if (*p == t) { *p = t->next; nthreads--; return; }
}

/* Is addr in the guard page under t's stack? (For crash reports.) */
int in_guard_page(struct kite_thread *t, uint64_t addr) {
    return KITE_GUARD_PAGE && t && t->stack && addr >= (uint64_t)t->stack && addr < (uint64_t)t->stack + 4096;
}
