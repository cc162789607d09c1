/*
 * fdt.c - the kernel command line from a flattened device tree: the string
 * property /chosen/bootargs, which QEMU fills from -append on the riscv64 and
 * aarch64 virt machines. Nothing else of the tree is read.
 */
#include <string.h>
#include "bare.h"

#define FDT_MAGIC 0xd00dfeed
enum { BEGIN_NODE = 1, END_NODE = 2, PROP = 3, NOP = 4 };

static uint32_t be32(const uint8_t *b) { return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]; }

const char *fdt_bootargs(const void *fdt) {
    const uint8_t *f = fdt;
    if (!f || be32(f) != FDT_MAGIC) return "";
    const uint8_t *p = f + be32(f + 8);
    const char *strings = (const char *)f + be32(f + 12);
    int depth = 0, chosen = 0;
    for (;;) {
        uint32_t tok = be32(p);
        p += 4;
        if (tok == BEGIN_NODE) {
            const char *name = (const char *)p;
            p += (strlen(name) + 4) & ~(size_t)3;
            if (++depth == 2) chosen = strcmp(name, "chosen") == 0;
        } else if (tok == END_NODE) {
            if (depth-- == 2) chosen = 0;
        } else if (tok == PROP) {
            uint32_t len = be32(p);
            const char *name = strings + be32(p + 4);
            if (chosen && depth == 2 && strcmp(name, "bootargs") == 0) return (const char *)p + 8;
            p += 8 + ((len + 3) & ~(uint32_t)3);
        } else if (tok != NOP) {
            return ""; /* the end of the tree, or a token we do not know */
        }
    }
}
