#include <bootbook.h>

int main(void) {
    printf("dereferencing NULL\n");
    fflush(stdout);
    volatile int *p = 0;
    return *p;
}
