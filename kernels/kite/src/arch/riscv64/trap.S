/*
 * trap.S - supervisor trap entry (stvec). Interrupts are taken on the
 * running thread's stack, because the timer may switch threads inside
 * trap() and resume this one much later. Exceptions are always fatal in
 * kite, and the thread's stack may be what overflowed (into its guard
 * page), so they move to a separate fault stack first. Either way every
 * register goes into a struct trapframe (kite/riscv.h) and trap(frame)
 * runs in C; on return sepc and sstatus come back from the frame and sret
 * resumes the interrupted code.
 */
#define FRAME (36 * 8)
#define X(n) (n * 8)

        .text
        .balign 4
        .globl trap_entry
trap_entry:
        csrw sscratch, t0
        csrr t0, scause
        bgez t0, 1f
        mv t0, sp                       /* interrupt: stay on this stack */
        j 2f
1:      mv t0, sp                       /* exception: the fault stack */
        la sp, fault_stack_top
2:      addi sp, sp, -FRAME
        sd t0, X(2)(sp)
        csrr t0, sscratch
        sd t0, X(5)(sp)
        sd x1, X(1)(sp)
        sd x3, X(3)(sp)
        sd x4, X(4)(sp)
        sd x6, X(6)(sp)
        sd x7, X(7)(sp)
        sd x8, X(8)(sp)
        sd x9, X(9)(sp)
        sd x10, X(10)(sp)
        sd x11, X(11)(sp)
        sd x12, X(12)(sp)
        sd x13, X(13)(sp)
        sd x14, X(14)(sp)
        sd x15, X(15)(sp)
        sd x16, X(16)(sp)
        sd x17, X(17)(sp)
        sd x18, X(18)(sp)
        sd x19, X(19)(sp)
        sd x20, X(20)(sp)
        sd x21, X(21)(sp)
        sd x22, X(22)(sp)
        sd x23, X(23)(sp)
        sd x24, X(24)(sp)
        sd x25, X(25)(sp)
        sd x26, X(26)(sp)
        sd x27, X(27)(sp)
        sd x28, X(28)(sp)
        sd x29, X(29)(sp)
        sd x30, X(30)(sp)
        sd x31, X(31)(sp)
        csrr t0, sepc
        sd t0, X(32)(sp)
        csrr t0, sstatus
        sd t0, X(33)(sp)
        csrr t0, scause
        sd t0, X(34)(sp)
        csrr t0, stval
        sd t0, X(35)(sp)
        mv a0, sp
        call trap
        ld t0, X(32)(sp)
        csrw sepc, t0
        ld t0, X(33)(sp)
        csrw sstatus, t0
        ld x1, X(1)(sp)
        ld x3, X(3)(sp)
        ld x4, X(4)(sp)
        ld x5, X(5)(sp)
        ld x6, X(6)(sp)
        ld x7, X(7)(sp)
        ld x8, X(8)(sp)
        ld x9, X(9)(sp)
        ld x10, X(10)(sp)
        ld x11, X(11)(sp)
        ld x12, X(12)(sp)
        ld x13, X(13)(sp)
        ld x14, X(14)(sp)
        ld x15, X(15)(sp)
        ld x16, X(16)(sp)
        ld x17, X(17)(sp)
        ld x18, X(18)(sp)
        ld x19, X(19)(sp)
        ld x20, X(20)(sp)
        ld x21, X(21)(sp)
        ld x22, X(22)(sp)
        ld x23, X(23)(sp)
        ld x24, X(24)(sp)
        ld x25, X(25)(sp)
        ld x26, X(26)(sp)
        ld x27, X(27)(sp)
        ld x28, X(28)(sp)
        ld x29, X(29)(sp)
        ld x30, X(30)(sp)
        ld x31, X(31)(sp)
        ld x2, X(2)(sp)
        sret

        .bss
        .balign 16
fault_stack: .skip 8192
fault_stack_top:
