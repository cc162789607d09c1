/*
 * mm.h - memory: the early page allocator used while building page tables,
 * the page tables themselves, and the kernel heap behind malloc.
 */
#ifndef KITE_MM_H
#define KITE_MM_H
#include <stddef.h>
#include <stdint.h>

/* mm/early.c: whole zeroed pages, carved from the RAM after the image; never freed. */
void *early_page(void);
uint64_t early_end(void); /* first byte after everything early_page handed out */

/* arch/x86_64/paging.c: identity map of RAM (4k or 2m pages) and the local APIC. */
void paging_init(void);
/* Unmap (guard = 1) or map again (guard = 0) one 4 KiB page of RAM. On riscv64
 * there are no page tables: a PMP entry guards the running thread's page (pmp.c). */
void paging_guard(void *va, int guard);

/* mm/heap.c */
void heap_init(void);
#endif
