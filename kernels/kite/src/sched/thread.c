/*
 * thread.c - the thread calls of kite.h on top of the scheduler: create,
 * join, exit, yield, sleep, pin. Each one takes rq_lock, changes the state
 * of the calling thread, and lets reschedule() pick what runs next.
 */
#include <kite.h>
#include <kite/cpu.h>
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/sched.h>
#include <kite/arch.h>
#include <stdlib.h>

kite_thread_t *kite_thread_create(kite_fn fn, void *arg) { return sched_spawn(KITE_ANY_CPU, fn, arg); }
kite_thread_t *kite_thread_create_on(int cpu, kite_fn fn, void *arg) { return sched_spawn(cpu, fn, arg); }

kite_thread_t *kite_self(void) { return this_cpu()->current; }
int kite_thread_id(void) { return this_cpu()->current->id; }

void kite_thread_exit(void *value) {
    irq_off();
    rq_lock_acquire();
    struct kite_thread *t = this_cpu()->current;
    t->result = value;
    set_state(t, T_ZOMBIE);
    if (t->joiner) sched_wake(t->joiner);
    reschedule();
    panic("a finished thread ran again");
}

void *kite_thread_join(kite_thread_t *t) {
    uint64_t f = irq_save();
    rq_lock_acquire();
    struct kite_thread *self = this_cpu()->current;
    if (t == self) panic("thread %d joins itself", self->id);
    while (t->state != T_ZOMBIE) {
        t->joiner = self;
        set_state(self, T_BLOCKED);
        reschedule();
    }
    sched_unlink(t);
    rq_lock_release();
    irq_restore(f);
    void *result = t->result;
    if (KITE_GUARD_PAGE) paging_guard(t->stack, 0); /* the heap must get a usable page back */
    free(t->stack);
    free(t);
    return result;
}

static void give_up_cpu(enum thread_state state) {
    uint64_t f = irq_save();
    rq_lock_acquire();
    set_state(this_cpu()->current, state);
    reschedule();
    rq_lock_release();
    irq_restore(f);
}

void kite_yield(void) {
    if (this_cpu()->current == this_cpu()->idle) return;
    give_up_cpu(T_RUNNABLE);
}

void kite_sleep_ns(uint64_t ns) {
    this_cpu()->current->wake_at = nanos() + ns;
    give_up_cpu(T_SLEEPING);
}

int kite_pin(int cpu) {
    if (cpu != KITE_ANY_CPU && (cpu < 0 || cpu >= ncpus)) return -1;
    struct kite_thread *self = this_cpu()->current;
    self->pin = cpu;
    if (cpu != KITE_ANY_CPU && cpu != this_cpu()->id) {
        uint64_t f = irq_save();
        rq_lock_acquire();
        sched_wake(self); /* RUNNABLE, and wake the target if it halts */
        reschedule();     /* this CPU may not take it: another will */
        rq_lock_release();
        irq_restore(f);
    }
    return 0;
}
