/* A metric comes back, and printf output reaches the console. */
#include <bootbook.h>

int main(void) {
    printf("linux pack test: metric\n");
    bb_metric("answer", 42, "");
    return 0;
}
