// Unbounded recursion in a thread: the guard page under its stack turns the
// overflow into a crash report that says "stack overflow".
#include <bootbook.h>
#include <kite.h>

__attribute__((noinline)) static long deeper(long n) {
    volatile char pad[256];
    pad[0] = (char)n;
    if (n < 0) return 0; /* never: keeps gcc from calling the recursion infinite */
    return deeper(n + 1) + pad[0];
}

static void *runaway(void *arg) { return (void *)deeper((long)arg); }

int main(void) {
    printf("recursing without end\n");
    kite_thread_join(kite_thread_create(runaway, 0));
    return 0;
}
