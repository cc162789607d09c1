/* A CPU fault (an invalid instruction: ud2, ebreak, brk) ends the run as a
 * crash, and what the program printed before it is kept. */
#include <bootbook.h>

int main(void) {
    printf("about to fault\n");
    __builtin_trap();
}
