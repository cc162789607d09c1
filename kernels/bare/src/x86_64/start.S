/*
 * start.S - x86_64 entry. QEMU loads this ELF at 1 MiB and, through the PVH
 * note, enters start32 in 32-bit protected mode, paging off, %ebx = the PVH
 * start_info (which holds the command line). We identity-map the first GiB
 * with 2 MiB pages, enter long mode, turn on SSE (doubles), load an IDT whose
 * 32 exception stubs all report a crash (machine.c), and call x86_main.
 */
        .section .note.Xen, "a", @note       /* XEN_ELFNOTE_PHYS32_ENTRY (18) */
        .balign 4
        .long 4, 8, 18
        .asciz "Xen"
        .quad start32

        .section .text.start, "ax"
        .code32
        .globl start32
start32:
        cli
        movl %ebx, %esi                     /* keep start_info: .bss is cleared below */
        movl $__bss_start, %edi
        movl $__bss_end, %ecx
        subl %edi, %ecx
        xorl %eax, %eax
        cld
        rep stosb
        movl $stack_top, %esp
        movl $pd, %edi                      /* 512 x 2 MiB = 1 GiB, identity */
        movl $0x83, %eax                    /* present | writable | 2 MiB */
        xorl %ecx, %ecx
1:      movl %eax, (%edi, %ecx, 8)
        addl $0x200000, %eax
        incl %ecx
        cmpl $512, %ecx
        jb 1b
        movl $pd + 3, pdpt
        movl $pdpt + 3, pml4
        movl $pml4, %eax
        movl %eax, %cr3
        movl %cr4, %eax
        orl $(1 << 5 | 1 << 9 | 1 << 10), %eax /* PAE, OSFXSR, OSXMMEXCPT */
        movl %eax, %cr4
        movl $0xc0000080, %ecx              /* EFER.LME */
        rdmsr
        orl $(1 << 8), %eax
        wrmsr
        movl %cr0, %eax
        andl $~(1 << 2), %eax               /* no FPU emulation */
        orl $(1 << 31 | 1 << 5 | 1 << 1 | 1), %eax /* PG, NE, MP, PE */
        movl %eax, %cr0
        lgdt gdt_desc
        ljmp $0x08, $long_mode

        .code64
long_mode:
        movw $0x10, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        movq $stack_top, %rsp
        fninit
        movl %esi, %edi
        call x86_main                       /* never returns */
2:      hlt
        jmp 2b

/* One 16-byte stub per exception vector: push a zero error code where the
 * CPU pushes none, push the vector, and go to x86_fault(frame). */
        .balign 16
        .globl exception_stubs
exception_stubs:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .balign 16
        .if \n == 8 || (\n >= 10 && \n <= 14) || \n == 17 || \n == 21 || \n == 29 || \n == 30
        .else
        pushq $0
        .endif
        pushq $\n
        jmp exception_common
        .endr
exception_common:
        movq %rsp, %rdi                     /* [vector, error code, rip, cs, rflags, rsp, ss] */
        andq $-16, %rsp
        call x86_fault

        .data
        .balign 8
gdt:    .quad 0
        .quad 0x00af9a000000ffff            /* 0x08: 64-bit code */
        .quad 0x00cf92000000ffff            /* 0x10: data */
gdt_desc:
        .word gdt_desc - gdt - 1
        .quad gdt

        .bss
        .balign 4096
pml4:   .skip 4096
pdpt:   .skip 4096
pd:     .skip 4096
        .balign 16
        .skip 65536
stack_top:
