/* A CPU exception names itself and where it happened before the crash marker. */
#include <bootbook.h>

int main(void) {
    __builtin_trap();
}
