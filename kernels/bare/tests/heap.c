/* The bump heap: 16-byte aligned blocks that never overlap, calloc zeroes,
 * realloc keeps the contents, and a request larger than memory is NULL.
 * Each check that fails is printed; their count is the exit status. */
#include <bootbook.h>
#include <stdint.h>
#include <stdlib.h>

static int failures;
#define CHECK(cond) do { if (!(cond)) { printf("FAILED: %s\n", #cond); failures++; } } while (0)

int main(void) {
    char *a = malloc(10), *b = malloc(1);
    CHECK(a && b && ((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0 && b >= a + 10);
    int *z = calloc(100, sizeof *z);
    int zero = 1;
    for (int i = 0; i < 100; i++) zero &= z[i] == 0;
    CHECK(z && zero);
    strcpy(a, "keep me");
    char *c = realloc(a, 100);
    CHECK(c && strcmp(c, "keep me") == 0);
    long mb = bb_param("mb", 8);
    char *big = malloc((size_t)mb << 20);
    CHECK(big != NULL);
    if (big) memset(big, 1, (size_t)mb << 20); /* the memory is really there */
    CHECK(malloc((size_t)1 << 40) == NULL);
    free(big);
    bb_metric("allocated_mb", (double)mb, "MiB");
    printf("%d failures\n", failures);
    return failures;
}
