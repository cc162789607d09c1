/*
 * heap.c - malloc, free, calloc and realloc on the kernel heap: all the RAM
 * from the end of the early allocations to the end of the RAM range holding
 * the kernel. A classic boundary-tag allocator: every block has a header and
 * a footer with its size and a used bit, free blocks sit on one list (first
 * fit), and free() merges a block with free neighbours at once, so the heap
 * never holds two adjacent free blocks. One lock, interrupts off while held.
 */
#include <kite.h>
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/sched.h>
#include <stdlib.h>
#include <string.h>

#define USED 1UL
#define MAGIC 0x6b697465686561UL      /* "kitehea" */
#define MAGIC_ALIGNED 0x6b697465616c6eUL
#define HDR 16                         /* size + magic: keeps payloads 16-aligned */
#define FTR 8
#define MIN_BLOCK 48

struct block {
    uint64_t size; /* whole block, header and footer included; low bit: USED */
    uint64_t magic;
    struct block *next, *prev; /* only while free */
};

static struct block *free_list;
static char *heap_lo, *heap_hi;
static spinlock_t heap_lock = SPINLOCK_INIT;
static struct kite_heap_stats stats;

static inline uint64_t bsize(struct block *b) { return b->size & ~USED; }
static inline uint64_t *footer(struct block *b) { return (uint64_t *)((char *)b + bsize(b) - FTR); }
static inline void set(struct block *b, uint64_t size, uint64_t used) {
    b->size = size | used;
    b->magic = MAGIC;
    *footer(b) = size | used;
}

static void list_add(struct block *b) {
    b->prev = NULL;
    b->next = free_list;
    if (free_list) free_list->prev = b;
    free_list = b;
}

static void list_del(struct block *b) {
    if (b->prev) b->prev->next = b->next;
    else free_list = b->next;
    if (b->next) b->next->prev = b->prev;
}

void heap_init(void) {
    uint64_t lo = ALIGN_UP(early_end(), 16), hi = 0;
    for (int i = 0; i < nram_ranges; i++)
        if (lo >= ram_ranges[i].base && lo < ram_ranges[i].base + ram_ranges[i].size) hi = ram_ranges[i].base + ram_ranges[i].size;
    hi &= ~15UL;
    if (hi < lo + 1024 * 1024) panic("less than 1 MiB of RAM for the heap");
    /* A used footer below the first block and a used header after the last stop merging at the ends. */
    heap_lo = (char *)lo + FTR;
    heap_hi = (char *)hi - HDR;
    *(uint64_t *)lo = USED;
    ((struct block *)heap_hi)->size = USED;
    struct block *b = (struct block *)ALIGN_UP((uint64_t)heap_lo, 16);
    heap_lo = (char *)b;
    set(b, (uint64_t)(heap_hi - heap_lo), 0);
    list_add(b);
    stats.size = bsize(b);
}

static void *alloc_locked(size_t n) {
    if (n > stats.size) return NULL;
    uint64_t need = ALIGN_UP(n + HDR + FTR, 16);
    if (need < MIN_BLOCK) need = MIN_BLOCK;
    for (struct block *b = free_list; b; b = b->next) {
        uint64_t size = bsize(b);
        if (size < need) continue;
        list_del(b);
        if (size - need >= MIN_BLOCK) { /* split: the tail stays free */
            struct block *rest = (struct block *)((char *)b + need);
            set(rest, size - need, 0);
            list_add(rest);
            size = need;
        }
        set(b, size, USED);
        stats.used += size;
        if (stats.used > stats.peak) stats.peak = stats.used;
        stats.allocs++;
        return (char *)b + HDR;
    }
    return NULL;
}

static void free_locked(struct block *b) {
    stats.used -= bsize(b);
    stats.frees++;
    set(b, bsize(b), 0);
    struct block *after = (struct block *)((char *)b + bsize(b));
    if (!(after->size & USED)) {
        list_del(after);
        set(b, bsize(b) + bsize(after), 0);
    }
    uint64_t below = *(uint64_t *)((char *)b - FTR);
    if (!(below & USED)) {
        struct block *before = (struct block *)((char *)b - (below & ~USED));
        list_del(before);
        set(before, bsize(before) + bsize(b), 0);
        b = before;
    }
    list_add(b);
}

static struct block *block_of(void *p) {
    uint64_t *w = p;
    if (w[-1] == MAGIC_ALIGNED) p = (void *)w[-2]; /* from aligned_alloc */
    struct block *b = (struct block *)((char *)p - HDR);
    if ((char *)b < heap_lo || (char *)b >= heap_hi || b->magic != MAGIC || !(b->size & USED))
        panic("free/realloc of %p, which malloc did not return (or was freed already)", p);
    return b;
}

void *malloc(size_t n) {
    spin_lock_irq(&heap_lock);
    void *p = alloc_locked(n);
    spin_unlock_irq(&heap_lock);
    return p;
}

void free(void *p) {
    if (!p) return;
    spin_lock_irq(&heap_lock);
    free_locked(block_of(p));
    spin_unlock_irq(&heap_lock);
}

void *calloc(size_t n, size_t size) {
    if (size && n > (size_t)-1 / size) return NULL;
    void *p = malloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t n) {
    if (!p) return malloc(n);
    if (n == 0) { free(p); return NULL; }
    struct block *b = block_of(p);
    size_t have = bsize(b) - HDR - FTR - (size_t)((char *)p - ((char *)b + HDR));
    if (n <= have) return p;
    void *q = malloc(n);
    if (!q) return NULL;
    memcpy(q, p, have);
    free(p);
    return q;
}

void *aligned_alloc(size_t align, size_t n) {
    if (align <= 16) return malloc(n);
    if (align & (align - 1)) return NULL;
    char *raw = malloc(n + align + 16);
    if (!raw) return NULL;
    uint64_t *p = (uint64_t *)ALIGN_UP((uint64_t)raw + 16, align);
    p[-2] = (uint64_t)raw;
    p[-1] = MAGIC_ALIGNED;
    return p;
}

int posix_memalign(void **out, size_t align, size_t n) {
    *out = aligned_alloc(align, n);
    return *out ? 0 : 12; /* ENOMEM */
}

void kite_heap_stats(struct kite_heap_stats *out) {
    spin_lock_irq(&heap_lock);
    *out = stats;
    spin_unlock_irq(&heap_lock);
}
