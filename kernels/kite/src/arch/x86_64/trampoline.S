/*
 * trampoline.S - where a secondary CPU starts. The startup IPI wakes it in
 * 16-bit real mode at KITE_TRAMPOLINE (smp.c copies this code there). It goes
 * straight to long mode - PAE, the kernel's page tables, EFER.LME, then
 * paging and protection in one write to CR0 - loads the kernel's GDT, and
 * jumps to ap_main on the stack smp.c left in tramp_stack.
 */
#include <kite/tunables.h>
#define AT(x) ((x) - trampoline_start + KITE_TRAMPOLINE)

        .section .rodata
        .code16
        .globl trampoline_start, trampoline_end, tramp_cr3, tramp_stack
trampoline_start:
        cli
        cld
        xorw %ax, %ax
        movw %ax, %ds
        lgdtl AT(tramp_gdtr)
        movl %cr4, %eax
        orl $((1 << 5) | (1 << 9) | (1 << 10)), %eax  /* PAE, OSFXSR, OSXMMEXCPT */
        movl %eax, %cr4
        movl AT(tramp_cr3), %eax
        movl %eax, %cr3
        movl $0xC0000080, %ecx
        rdmsr
        orl $(1 << 8), %eax                            /* EFER.LME */
        wrmsr
        movl %cr0, %eax
        andl $~(1 << 2), %eax                          /* no x87 emulation */
        orl $((1 << 31) | (1 << 5) | (1 << 1) | 1), %eax /* PG, NE, MP, PE */
        movl %eax, %cr0
        ljmpl $0x08, $AT(tramp_long)

        .code64
tramp_long:
        movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        xorw %ax, %ax
        movw %ax, %fs
        movw %ax, %gs
        movq AT(tramp_stack), %rsp
        xorl %ebp, %ebp
        movq $ap_main, %rax
        jmp *%rax

        .balign 8
tramp_gdtr:
        .word 23
        .long gdt
        .balign 8
tramp_cr3:
        .quad 0
tramp_stack:
        .quad 0
trampoline_end:
