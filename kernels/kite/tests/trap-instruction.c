// A trap instruction (__builtin_trap: ud2 on x86_64, ebreak on riscv64) deep
// in a call chain: the crash report names the exception and every caller
// (gcc may move the trap into a trap_here.cold part of the function).
#include <bootbook.h>

__attribute__((noinline)) int trap_here(int x) {
    if (x == 0) __builtin_trap();
    return x + 1;
}
__attribute__((noinline)) int middle(int x) { return trap_here(x) * 2; }

int main(void) {
    printf("executing a trap instruction\n");
    return middle((int)bb_param("x", 0));
}
