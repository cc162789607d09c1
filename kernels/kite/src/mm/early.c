/*
 * early.c - the first allocator: whole pages taken one after another from the
 * RAM just past the kernel image, for the page tables. The heap starts where
 * this one stopped, so nothing it hands out is ever freed or reused.
 */
#include <kite/kernel.h>
#include <kite/mm.h>
#include <string.h>

static uint64_t next_free;

void *early_page(void) {
    if (!next_free) next_free = ALIGN_UP((uint64_t)__kernel_end, 4096);
    void *p = (void *)next_free;
    next_free += 4096;
    memset(p, 0, 4096);
    return p;
}

uint64_t early_end(void) { return next_free ? next_free : ALIGN_UP((uint64_t)__kernel_end, 4096); }
