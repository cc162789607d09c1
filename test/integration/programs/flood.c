#include <bootbook.h>

/* About 3 MB of console output, then a metric: the host must cap the console
   and still receive the metric. */
int main(void) {
    char line[101];
    memset(line, 'x', 99);
    line[99] = '\n';
    line[100] = 0;
    for (int i = 0; i < 30000; i++) fputs(line, stdout);
    bb_metric("after_flood", 1, "");
    return 0;
}
