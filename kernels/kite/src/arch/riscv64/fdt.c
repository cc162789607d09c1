/*
 * fdt.c - reading the flattened device tree QEMU hands over in a1: the
 * kernel command line (/chosen/bootargs, from -append), the RAM ranges
 * (/memory@.../reg) and the rate of the time CSR (/cpus/timebase-frequency).
 * The tree sits in the last 2 MiB of RAM; everything is copied out before
 * the heap (which covers it) starts.
 */
#include <kite/arch.h>
#include <kite/kernel.h>
#include <string.h>

#define FDT_MAGIC 0xd00dfeed
enum { BEGIN_NODE = 1, END_NODE = 2, PROP = 3, NOP = 4, END = 9 };

struct memrange ram_ranges[MAX_MEMRANGES];
int nram_ranges;
uint64_t riscv_timebase = 10000000; /* virt's, if the tree does not say */

static uint32_t be32(const void *p) {
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}
static uint64_t cells(const uint8_t *p, uint32_t n) {
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++) v = v << 32 | be32(p + 4 * i);
    return v;
}

void fdt_init(uint64_t addr) {
    const uint8_t *f = (const uint8_t *)addr;
    if (!f || be32(f) != FDT_MAGIC) panic("no device tree at %#lx (a1): boot kite with qemu -M virt -kernel", addr);
    const uint8_t *p = f + be32(f + 8);
    const char *strings = (const char *)f + be32(f + 12);
    uint32_t acells = 2, scells = 1;
    int depth = 0, chosen = 0, memory = 0, cpus = 0;
    for (;;) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == BEGIN_NODE) {
            const char *name = (const char *)p;
            p += ALIGN_UP(strlen(name) + 1, 4);
            if (++depth == 2) {
                chosen = strcmp(name, "chosen") == 0;
                memory = strncmp(name, "memory", 6) == 0;
                cpus = strcmp(name, "cpus") == 0;
            }
        } else if (tok == END_NODE) {
            if (depth-- == 2) chosen = memory = cpus = 0;
        } else if (tok == PROP) {
            uint32_t len = be32(p);
            const char *name = strings + be32(p + 4);
            const uint8_t *v = p + 8;
            p += 8 + ALIGN_UP(len, 4);
            if (depth == 1 && strcmp(name, "#address-cells") == 0) acells = be32(v);
            else if (depth == 1 && strcmp(name, "#size-cells") == 0) scells = be32(v);
            else if (depth == 2 && chosen && strcmp(name, "bootargs") == 0) cmdline_init((const char *)v);
            else if (depth == 2 && cpus && strcmp(name, "timebase-frequency") == 0) riscv_timebase = be32(v);
            else if (depth == 2 && memory && strcmp(name, "reg") == 0) {
                for (uint32_t o = 0; o + 4 * (acells + scells) <= len && nram_ranges < MAX_MEMRANGES; o += 4 * (acells + scells)) {
                    ram_ranges[nram_ranges].base = cells(v + o, acells);
                    ram_ranges[nram_ranges].size = cells(v + o + 4 * acells, scells);
                    nram_ranges++;
                }
            }
        } else if (tok == NOP) {
            continue;
        } else {
            break; /* END, or a token we do not know */
        }
    }
    if (nram_ranges == 0) panic("the device tree lists no RAM");
}
