/* A program that never ends is stopped at the run's time limit: status
 * timeout, with the console up to then. */
#include <bootbook.h>

int main(void) {
    printf("hanging now\n");
    for (volatile int spin = 1; spin;) {}
    return 0;
}
