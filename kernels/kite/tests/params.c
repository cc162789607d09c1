// Parameters arrive from the kernel command line; unset ones fall back to their default.
#include <bootbook.h>

int main(void) {
    bb_metric("n", (double)bb_param("n", 7), "");
    bb_metric("negative", (double)bb_param("negative", 0), "");
    bb_metric("unset", (double)bb_param("unset", 99), "");
    return 0;
}
