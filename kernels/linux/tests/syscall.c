/* POSIX works: the program is init (pid 1), and its parent is the kernel (0). */
#include <bootbook.h>
#include <unistd.h>

int main(void) {
    bb_metric("pid", (double)getpid(), "");
    bb_metric("ppid", (double)getppid(), "");
    return 0;
}
