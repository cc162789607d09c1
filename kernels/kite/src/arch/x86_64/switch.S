/*
 * switch.S - the context switch. ctx_switch(&old->sp, new->sp) pushes the
 * callee-saved registers (the only ones a C caller expects to survive a call)
 * on the old thread's stack, saves its stack pointer, loads the new thread's,
 * pops its registers and returns into wherever that thread called ctx_switch.
 * SSE state needs no saving here: a call clobbers it anyway, and an interrupt
 * saves it in vectors.S before any C code runs.
 */
        .text
        .globl ctx_switch
ctx_switch:
        pushq %rbp
        pushq %rbx
        pushq %r12
        pushq %r13
        pushq %r14
        pushq %r15
        movq %rsp, (%rdi)
        movq %rsi, %rsp
        popq %r15
        popq %r14
        popq %r13
        popq %r12
        popq %rbx
        popq %rbp
        ret

/* A new thread's stack (sched/thread.c) holds six zero registers and then this
 * address: its first ctx_switch "returns" here, and thread_entry never returns. */
        .globl thread_start
thread_start:
        xorl %ebp, %ebp
        call thread_entry
        ud2
