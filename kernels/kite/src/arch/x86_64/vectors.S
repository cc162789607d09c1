/*
 * vectors.S - interrupt and exception entry. Each of the 256 vectors has a
 * small stub that makes the stack look the same for all of them (an error
 * code, real or 0, then the vector number) and jumps to trap_common, which
 * saves every general register (struct trapframe in kite/x86.h) and the
 * SSE/x87 state, calls trap(frame) in C, and undoes it all. The SSE save is
 * what makes preemption safe: a thread interrupted in the middle of floating
 * point work may be switched away inside trap() and resumed much later.
 */
        .text
.macro stub n
        .balign 16
vector\n:
        .if (\n == 8 || \n == 10 || \n == 11 || \n == 12 || \n == 13 || \n == 14 || \n == 17 || \n == 21 || \n == 29 || \n == 30)
        .else
        pushq $0
        .endif
        pushq $\n
        jmp trap_common
.endm

        .altmacro
.set i, 0
.rept 256
        stub %i
.set i, i + 1
.endr

trap_common:
        pushq %rax
        pushq %rbx
        pushq %rcx
        pushq %rdx
        pushq %rsi
        pushq %rdi
        pushq %rbp
        pushq %r8
        pushq %r9
        pushq %r10
        pushq %r11
        pushq %r12
        pushq %r13
        pushq %r14
        pushq %r15
        movq %rsp, %rdi          /* struct trapframe * */
        movq %rsp, %rbx          /* callee-saved: finds the frame again */
        subq $512, %rsp
        andq $-16, %rsp          /* fxsave wants 16-byte alignment, so does the C ABI */
        fxsave (%rsp)
        /* Make the interrupted code look like a caller, so backtraces cross the trap. */
        movq 0x30(%rbx), %rbp
        call trap
        fxrstor (%rsp)
        movq %rbx, %rsp
        popq %r15
        popq %r14
        popq %r13
        popq %r12
        popq %r11
        popq %r10
        popq %r9
        popq %r8
        popq %rbp
        popq %rdi
        popq %rsi
        popq %rdx
        popq %rcx
        popq %rbx
        popq %rax
        addq $16, %rsp           /* vector and error code */
        iretq

/* Addresses of the stubs, for idt.c. */
        .section .rodata
        .balign 8
        .globl vector_table
vector_table:
.macro entry n
        .quad vector\n
.endm
.set i, 0
.rept 256
        entry %i
.set i, i + 1
.endr
