// A NULL dereference: the crash report names the page fault, the address and main.
#include <bootbook.h>

__attribute__((noinline)) static int read_at(volatile int *p) { return *p; }

int main(void) {
    printf("reading address 0\n");
    return read_at((volatile int *)bb_param("addr", 0));
}
