/* cpus=2 gives the kernel two online CPUs. */
#include <bootbook.h>
#include <unistd.h>

int main(void) {
    bb_metric("online_cpus", (double)sysconf(_SC_NPROCESSORS_ONLN), "");
    return 0;
}
