/*
 * paging.c - the kernel's one address space: an identity map (virtual =
 * physical) of every RAM range in the memory map, plus the local APIC. The
 * page size is chosen when the image is built (option pages): 4k maps RAM
 * with 4 KiB pages, 2m with 2 MiB pages wherever a whole 2 MiB chunk is RAM.
 * Either way the page at address 0 stays unmapped, so a NULL dereference is
 * a page fault instead of a silent read. After boot, paging_guard() unmaps
 * single pages (the guard page under each thread stack), splitting a 2 MiB
 * page into 4 KiB ones where needed.
 */
#include <kite/kernel.h>
#include <kite/mm.h>
#include <kite/x86.h>
#include <kite/cpu.h>
#include <kite/sched.h>
#include <stdlib.h>
#include <string.h>

#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PWT 0x8
#define PTE_PCD 0x10
#define PTE_PS 0x80
#define PAGE 4096UL
#define BIG (2UL << 20)
#define LAPIC_BASE 0xfee00000UL

static uint64_t *pml4;

/* The entry for `va` in the table one level down from `table`, creating the table if needed. */
static uint64_t *next_table(uint64_t *table, int index) {
    if (!(table[index] & PTE_P)) table[index] = (uint64_t)early_page() | PTE_P | PTE_W;
    return (uint64_t *)(table[index] & ~0xfffUL);
}

static uint64_t *pd_entry(uint64_t va) {
    uint64_t *pdpt = next_table(pml4, (va >> 39) & 511);
    uint64_t *pd = next_table(pdpt, (va >> 30) & 511);
    return &pd[(va >> 21) & 511];
}

static void map_4k(uint64_t pa, uint64_t flags) {
    uint64_t *pde = pd_entry(pa);
    if (!(*pde & PTE_P)) *pde = (uint64_t)early_page() | PTE_P | PTE_W;
    uint64_t *pt = (uint64_t *)(*pde & ~0xfffUL);
    pt[(pa >> 12) & 511] = pa | flags;
}

static int is_ram(uint64_t base, uint64_t size) {
    for (int i = 0; i < nram_ranges; i++)
        if (base >= ram_ranges[i].base && base + size <= ram_ranges[i].base + ram_ranges[i].size) return 1;
    return 0;
}

void paging_init(void) {
    int big = strcmp(kite_cfg_pages, "2m") == 0;
    pml4 = early_page();
    for (int i = 0; i < nram_ranges; i++) {
        uint64_t start = ALIGN_UP(ram_ranges[i].base, PAGE);
        uint64_t end = (ram_ranges[i].base + ram_ranges[i].size) & ~(PAGE - 1);
        for (uint64_t pa = start; pa < end;) {
            if (big && pa % BIG == 0 && pa != 0 && pa + BIG <= end) {
                *pd_entry(pa) = pa | PTE_P | PTE_W | PTE_PS;
                pa += BIG;
            } else {
                if (pa != 0) map_4k(pa, PTE_P | PTE_W);
                pa += PAGE;
            }
        }
    }
    /* The image itself, even if the memory map forgot it. */
    for (uint64_t pa = (uint64_t)__kernel_start; pa < early_end() + 16 * PAGE; pa += PAGE)
        if (!is_ram(pa, PAGE)) map_4k(pa, PTE_P | PTE_W);
    *pd_entry(LAPIC_BASE) = LAPIC_BASE | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT;
    write_cr3((uint64_t)pml4);
}

static spinlock_t paging_lock = SPINLOCK_INIT;

/* Unmap (guard = 1) or map again (guard = 0) the 4 KiB page at va, which must be RAM. */
void paging_guard(void *va, int guard) {
    uint64_t pa = (uint64_t)va & ~(PAGE - 1);
    uint64_t *split = NULL;
    if (guard) split = aligned_alloc(PAGE, PAGE); /* maybe needed; malloc outside the lock */
    spin_lock_irq(&paging_lock);
    uint64_t *pde = pd_entry(pa);
    if (*pde & PTE_PS) { /* a 2 MiB page: replace it with a table of 512 small ones */
        if (!split) panic("paging_guard: no memory to split a 2 MiB page");
        uint64_t base = *pde & ~(BIG - 1);
        for (int i = 0; i < 512; i++) split[i] = (base + i * PAGE) | PTE_P | PTE_W;
        *pde = (uint64_t)split | PTE_P | PTE_W;
        split = NULL;
    }
    uint64_t *pt = (uint64_t *)(*pde & ~0xfffUL);
    uint64_t *pte = &pt[(pa >> 12) & 511];
    *pte = guard ? (*pte & ~PTE_P) : (*pte | PTE_P);
    __asm__ volatile("invlpg (%0)" ::"r"(pa) : "memory");
    spin_unlock_irq(&paging_lock);
    free(split);
    /* Other CPUs may hold the old translation; they flush their TLB on this IPI (trap.c).
     * Mapping again needs no flush: CPUs do not cache absent pages. */
    if (guard)
        for (int i = 0; i < ncpus; i++)
            if (i != this_cpu()->id && cpus[i].online) lapic_send_ipi(cpus[i].apic_id, VEC_RESCHED);
}
