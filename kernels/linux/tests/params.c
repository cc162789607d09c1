/* Parameters arrive from the kernel command line; missing ones take the default. */
#include <bootbook.h>

int main(void) {
    bb_metric("n", (double)bb_param("n", 0), "");
    bb_metric("missing", (double)bb_param("missing", -5), "");
    return 0;
}
