// The cost of a system call: getpid() in a loop, timed with the cycle counter.
#include <bootbook.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    long n = bb_param("n", 100000);
    uint64_t c0 = bb_cycles();
    for (long i = 0; i < n; i++) syscall(SYS_getpid);
    uint64_t c1 = bb_cycles();
    bb_metric("getpid", (double)(c1 - c0) / (double)n, "cycles/call");
    return 0;
}
