/* Parameters arrive from the host (bb.NAME=VALUE at boot); a parameter the run
 * does not have falls back to the program's default. Echoed as metrics. */
#include <bootbook.h>

int main(void) {
    bb_metric("n", (double)bb_param("n", 1), "");
    bb_metric("negative", (double)bb_param("negative", 1), "");
    bb_metric("big", (double)bb_param("big", 1), "");
    bb_metric("n_prefix", (double)bb_param("n_", 11), "");
    bb_metric("missing", (double)bb_param("missing", -5), "");
    return 0;
}
