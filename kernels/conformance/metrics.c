/* Metrics arrive: integers, fractions, negatives, large and tiny values, and
 * the special values, each with its unit. */
#include <bootbook.h>

int main(void) {
    bb_metric("zero", 0, "");
    bb_metric("integer", 4096, "bytes");
    bb_metric("negative", -17, "cycles");
    bb_metric("half", 0.5, "ratio");
    bb_metric("fraction", 3.25, "ms");
    bb_metric("large", 1e15, "ns");
    bb_metric("tiny", 1.5e-9, "s");
    bb_metric("precise", 0.1, "");
    bb_metric("repeated", 1, "");
    bb_metric("repeated", 2, "");
    return 0;
}
