// A divide error deep in a call chain: the crash report must name #DE and the functions.
#include <bootbook.h>

__attribute__((noinline)) int divide(int a, int b) { return a / b; }
__attribute__((noinline)) int middle(int b) { return divide(100, b) + 1; }

int main(void) {
    printf("dividing by zero\n");
    return middle((int)bb_param("zero", 0));
}
