// malloc/free/calloc/realloc stress: random sizes, every block filled with a
// pattern and checked before it is freed; at the end the heap is as before.
#include <bootbook.h>
#include <kite.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256

int main(void) {
    struct kite_heap_stats before, after;
    kite_heap_stats(&before);
    static unsigned char *slot[SLOTS];
    static size_t len[SLOTS];
    long rounds = bb_param("rounds", 20000), bad = 0;
    srand(1);
    for (long r = 0; r < rounds; r++) {
        int i = rand() % SLOTS;
        if (slot[i]) {
            for (size_t k = 0; k < len[i]; k++)
                if (slot[i][k] != (unsigned char)(i + k)) { bad++; break; }
            if (rand() % 4 == 0) { /* grow or shrink, keeping the prefix */
                size_t n = (size_t)(rand() % 5000);
                unsigned char *p = realloc(slot[i], n);
                if (!p && n) { bad++; continue; }
                for (size_t k = len[i] < n ? len[i] : n; k < n; k++) p[k] = (unsigned char)(i + k);
                slot[i] = p;
                len[i] = n;
                if (n == 0) slot[i] = NULL;
                continue;
            }
            free(slot[i]);
            slot[i] = NULL;
        } else {
            size_t n = (size_t)(rand() % 3 == 0 ? rand() % 70000 : rand() % 200);
            unsigned char *p = rand() % 2 ? malloc(n) : calloc(1, n);
            if (!p) { bad++; continue; }
            if (((uintptr_t)p & 15) != 0) bad++;
            for (size_t k = 0; k < n; k++) p[k] = (unsigned char)(i + k);
            slot[i] = p;
            len[i] = n;
        }
    }
    for (int i = 0; i < SLOTS; i++) free(slot[i]);
    void *big = malloc(before.size + 1); /* more than the heap: NULL, not a crash */
    kite_heap_stats(&after);
    printf("heap %lu bytes, peak %lu, %lu allocs, %lu frees\n", after.size, after.peak, after.allocs, after.frees);
    bb_metric("bad", (double)bad, "");
    bb_metric("leaked", (double)(after.used - before.used), "bytes");
    bb_metric("too_big_is_null", big == NULL, "");
    bb_metric("heap_bytes", (double)after.size, "bytes");
    return 0;
}
