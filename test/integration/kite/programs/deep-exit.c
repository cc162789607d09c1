// exit() from deep in the program ends the run with that status, other threads notwithstanding.
#include <bootbook.h>
#include <kite.h>
#include <stdlib.h>

static void *forever(void *arg) {
    for (;;) kite_yield();
    return arg;
}
__attribute__((noinline)) static void deep(int n) {
    if (n <= 0) exit(5);
    deep(n - 1);
}

int main(void) {
    kite_thread_create(forever, 0);
    printf("exiting from deep down\n");
    deep(10);
    return 0;
}
