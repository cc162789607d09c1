/*
 * pvh.c - reading what the PVH boot protocol hands over: the start_info
 * structure (xen/include/public/arch-x86/hvm/start_info.h) with the command
 * line and the E820-style memory map. Only RAM ranges are kept.
 */
#include <kite/kernel.h>
#include <string.h>

#define PVH_MAGIC 0x336ec578
#define E820_RAM 1

struct hvm_start_info {
    uint32_t magic, version, flags, nr_modules;
    uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
    uint64_t memmap_paddr; /* version 1 and later */
    uint32_t memmap_entries, reserved;
};

struct hvm_memmap_entry {
    uint64_t addr, size;
    uint32_t type, reserved;
};

struct memrange ram_ranges[MAX_MEMRANGES];
int nram_ranges;

void pvh_init(uint32_t start_info) {
    const struct hvm_start_info *si = (const struct hvm_start_info *)(uintptr_t)start_info;
    if (!si || si->magic != PVH_MAGIC) panic("no PVH start_info (ebx=%#x): boot kite with QEMU -kernel", start_info);
    cmdline_init(si->cmdline_paddr ? (const char *)(uintptr_t)si->cmdline_paddr : "");
    if (si->version < 1 || !si->memmap_paddr) panic("the PVH start_info has no memory map (version %u)", si->version);
    const struct hvm_memmap_entry *e = (const struct hvm_memmap_entry *)(uintptr_t)si->memmap_paddr;
    for (uint32_t i = 0; i < si->memmap_entries && nram_ranges < MAX_MEMRANGES; i++) {
        if (e[i].type != E820_RAM || e[i].size == 0) continue;
        ram_ranges[nram_ranges].base = e[i].addr;
        ram_ranges[nram_ranges].size = e[i].size;
        nram_ranges++;
    }
    if (nram_ranges == 0) panic("the memory map lists no RAM");
}
