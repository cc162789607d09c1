/*
 * sync.c - spinlocks and barriers. The kernel's spinlock_t also turns
 * interrupts off while held (the heap and the console must not be entered
 * again by an interrupt on the same CPU). kite_spinlock_t, the program's,
 * only spins: a holder may be preempted under sched=rr, which is worth
 * seeing in an experiment. A barrier waiter yields while it waits, so
 * barriers work with more threads than CPUs, even under sched=coop.
 */
#include <kite.h>
#include <kite/sched.h>
#include <kite/arch.h>

static inline void lock_word(volatile uint32_t *w) {
    while (__atomic_exchange_n(w, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(w, __ATOMIC_RELAXED)) cpu_relax();
}

void spin_lock_irq(spinlock_t *l) {
    uint64_t f = irq_save();
    lock_word(&l->locked);
    l->flags = f;
}

void spin_unlock_irq(spinlock_t *l) {
    uint64_t f = l->flags;
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
    irq_restore(f);
}

void kite_spin_lock(kite_spinlock_t *l) { lock_word(&l->locked); }
int kite_spin_trylock(kite_spinlock_t *l) { return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE); }
void kite_spin_unlock(kite_spinlock_t *l) { __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE); }

void kite_barrier_init(kite_barrier_t *b, unsigned parties) {
    b->lock.locked = 0;
    b->parties = parties ? parties : 1;
    b->waiting = 0;
    b->round = 0;
}

int kite_barrier_wait(kite_barrier_t *b) {
    kite_spin_lock(&b->lock);
    uint32_t round = b->round;
    if (++b->waiting == b->parties) {
        b->waiting = 0;
        __atomic_store_n(&b->round, round + 1, __ATOMIC_RELEASE);
        kite_spin_unlock(&b->lock);
        return 1;
    }
    kite_spin_unlock(&b->lock);
    while (__atomic_load_n(&b->round, __ATOMIC_ACQUIRE) == round) kite_yield();
    return 0;
}
