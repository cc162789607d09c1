/*
 * sched.h - threads and the scheduler (sched/). A thread is a stack and a
 * saved stack pointer; every CPU picks its next thread from one shared list.
 */
#ifndef KITE_SCHED_H
#define KITE_SCHED_H
#include <stdint.h>
#include <kite.h>

enum thread_state { T_RUNNABLE, T_RUNNING, T_SLEEPING, T_BLOCKED, T_ZOMBIE };

struct kite_thread {
    uint64_t sp;                /* saved stack pointer while not running (switch.S) */
    int id;
    enum thread_state state;
    int pin;                    /* CPU it must run on, or KITE_ANY_CPU */
    int on_cpu;                 /* CPU running it, -1 when none */
    uint64_t wake_at;           /* T_SLEEPING: nanos() to wake at */
    kite_fn fn;
    void *arg, *result;
    struct kite_thread *joiner; /* blocked in kite_thread_join on this one */
    void *stack;                /* guard page + stack; NULL for the idle threads */
    struct kite_thread *next;   /* in the list of all threads */
};

/* sched/sched.c. "rq_lock held" also means interrupts off. */
void rq_lock_acquire(void);
void rq_lock_release(void);
void set_state(struct kite_thread *t, enum thread_state s); /* rq_lock held */
void reschedule(void);                     /* rq_lock held: run the next thread; returns when current runs again */
void sched_unlink(struct kite_thread *t);  /* rq_lock held: take a finished thread off the list */
void sched_wake(struct kite_thread *t);    /* rq_lock held: make t runnable, wake idle CPUs */
void sched_init_cpu(void);                 /* the flow running on this CPU becomes its idle thread */
void sched_idle(void) __attribute__((noreturn));
void sched_tick(void);                     /* from the timer interrupt */
struct kite_thread *sched_spawn(int cpu, kite_fn fn, void *arg);
int in_guard_page(struct kite_thread *t, uint64_t addr);

/* switch.S: save callee-saved registers on the old stack, store its sp, load the new one. */
void ctx_switch(uint64_t *save_sp, uint64_t new_sp);
void thread_start(void); /* first return address of a new thread */

/* sync: the kernel's own lock, which also keeps interrupts off while held. */
typedef struct { volatile uint32_t locked; uint64_t flags; } spinlock_t;
#define SPINLOCK_INIT { 0, 0 }
void spin_lock_irq(spinlock_t *l);
void spin_unlock_irq(spinlock_t *l);
#endif
