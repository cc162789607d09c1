/*
 * switch.S - the context switch. ctx_switch(&old->sp, new->sp) saves ra and
 * the callee-saved registers s0-s11 (all a C caller expects to survive a
 * call) on the old thread's stack, stores its sp, loads the new thread's,
 * restores its registers and returns into wherever that thread called
 * ctx_switch. kite is soft-float on riscv64: there is no FPU state.
 */
        .text
        .globl ctx_switch
ctx_switch:
        addi sp, sp, -112
        sd ra, 0(sp)
        sd s0, 8(sp)
        sd s1, 16(sp)
        sd s2, 24(sp)
        sd s3, 32(sp)
        sd s4, 40(sp)
        sd s5, 48(sp)
        sd s6, 56(sp)
        sd s7, 64(sp)
        sd s8, 72(sp)
        sd s9, 80(sp)
        sd s10, 88(sp)
        sd s11, 96(sp)
        sd sp, 0(a0)
        mv sp, a1
        ld ra, 0(sp)
        ld s0, 8(sp)
        ld s1, 16(sp)
        ld s2, 24(sp)
        ld s3, 32(sp)
        ld s4, 40(sp)
        ld s5, 48(sp)
        ld s6, 56(sp)
        ld s7, 64(sp)
        ld s8, 72(sp)
        ld s9, 80(sp)
        ld s10, 88(sp)
        ld s11, 96(sp)
        addi sp, sp, 112
        ret

/* A new thread's first ctx_switch "returns" here (setup.c arch_thread_sp);
 * s0 = 0 ends its backtraces, and thread_entry never returns. */
        .globl thread_start
thread_start:
        li s0, 0
        call thread_entry
        unimp
