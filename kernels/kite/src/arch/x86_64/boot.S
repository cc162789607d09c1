/*
 * boot.S - the first instructions. QEMU loads this ELF at 1 MiB and, through
 * the PVH note below, enters pvh_entry in 32-bit protected mode with paging
 * off and %ebx pointing at the PVH start_info (command line, memory map).
 * We clear .bss, identity-map the first 4 GiB with 2 MiB pages (enough for the
 * image, the early allocator and the local APIC), turn on long mode and SSE,
 * and call kmain(start_info) on the boot stack. arch/x86_64/paging.c builds
 * the real page tables later, in C.
 */
#include <kite/tunables.h>

#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_NE (1 << 5)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define EFER_LME (1 << 8)

/* XEN_ELFNOTE_PHYS32_ENTRY: "enter here, 32-bit, paging off". QEMU reads the
 * entry after the name padded to the note segment's alignment (4). */
        .section .note.Xen, "a", @note
        .balign 4
        .long 4, 8, 18
        .asciz "Xen"
        .quad pvh_entry

        .section .boot.text, "ax"
        .code32
        .globl pvh_entry
pvh_entry:
        cli
        cld
        movl %ebx, pvh_start_info           /* in .data: survives the .bss clear */

        /* Clear .bss (the boot stacks and page tables live there). */
        movl $__bss_start, %edi
        movl $__bss_end, %ecx
        subl %edi, %ecx
        xorl %eax, %eax
        rep stosb
        movl $boot_stack_top, %esp

        /* 4 page directories of 512 x 2 MiB = 4 GiB, identity. */
        movl $boot_pd, %edi
        movl $0x83, %eax                    /* present | writable | 2 MiB page */
        xorl %ecx, %ecx
1:      movl %eax, (%edi, %ecx, 8)
        addl $0x200000, %eax
        incl %ecx
        cmpl $2048, %ecx
        jb 1b
        /* PDPT: four entries, one per page directory. */
        movl $boot_pd + 3, %eax
        movl %eax, boot_pdpt
        addl $4096, %eax
        movl %eax, boot_pdpt + 8
        addl $4096, %eax
        movl %eax, boot_pdpt + 16
        addl $4096, %eax
        movl %eax, boot_pdpt + 24
        movl $boot_pdpt + 3, %eax
        movl %eax, boot_pml4

        movl $boot_pml4, %eax
        movl %eax, %cr3
        movl %cr4, %eax
        orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
        movl %eax, %cr4
        movl $0xC0000080, %ecx
        rdmsr
        orl $EFER_LME, %eax
        wrmsr
        movl %cr0, %eax
        andl $~CR0_EM, %eax
        orl $(CR0_PG | CR0_PE | CR0_MP | CR0_NE), %eax
        movl %eax, %cr0

        lgdt gdt_desc
        ljmp $0x08, $long_mode

        .code64
long_mode:
        movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        xorw %ax, %ax
        movw %ax, %fs
        movw %ax, %gs
        movq $boot_stack_top, %rsp
        xorl %ebp, %ebp                     /* ends every backtrace */
        fninit
        movl pvh_start_info(%rip), %edi
        call kmain
2:      cli
        hlt
        jmp 2b

        .data
        .balign 8
        .globl pvh_start_info
pvh_start_info:
        .long 0
        .balign 16
/* Flat 64-bit code and data segments, then one 16-byte TSS descriptor per CPU
 * (filled by cpu.c: the TSS holds the emergency stack for faults, see idt.c). */
        .globl gdt, gdt_desc
gdt:
        .quad 0
        .quad 0x00af9a000000ffff            /* 0x08: 64-bit code */
        .quad 0x00cf92000000ffff            /* 0x10: data */
        .skip 16 * KITE_MAX_CPUS            /* 0x18 + 16 * cpu: TSS */
gdt_end:
gdt_desc:
        .word gdt_end - gdt - 1
        .quad gdt

        .bss
        .balign 4096
        .globl boot_pml4
boot_pml4:   .skip 4096
boot_pdpt:   .skip 4096
boot_pd:     .skip 4 * 4096
        .balign 16
        .globl boot_stack_top
boot_stack:  .skip KITE_BOOT_STACK
boot_stack_top:
