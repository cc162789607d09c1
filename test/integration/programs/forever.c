#include <bootbook.h>

int main(void) {
    printf("before the loop\n");
    fflush(stdout);
    for (;;) { }
}
