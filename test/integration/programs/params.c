#include <bootbook.h>

int main(void) {
    bb_metric("n", (double)bb_param("n", 7), "");
    bb_metric("m", (double)bb_param("m", 99), "");
    return 0;
}
