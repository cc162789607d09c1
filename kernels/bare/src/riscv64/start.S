/*
 * start.S - riscv64 entry. QEMU's virt machine with -bios none starts every
 * hart here, at 0x80000000, in machine mode, a0 = hart id, a1 = the device
 * tree. Hart 0 points mtvec at the exception entry below, clears .bss and
 * calls riscv_main(device tree); any other hart parks. bare stays in M-mode.
 */
        .section .text.start, "ax"
        .globl _start
_start:
        csrw mie, zero
        bnez a0, park
        la t0, exception_entry
        csrw mtvec, t0
        la sp, stack_top
        la t0, __bss_start
        la t1, __bss_end
1:      bgeu t0, t1, 2f
        sd zero, 0(t0)
        addi t0, t0, 8
        j 1b
2:      mv a0, a1
        call riscv_main                 /* never returns */
park:   wfi
        j park

/* Every exception ends the run: riscv_fault reads mcause, mepc and mtval. */
        .balign 4
exception_entry:
        la sp, stack_top                /* the faulting stack may be what broke */
        call riscv_fault

        .bss
        .balign 16
        .skip 65536
stack_top:
