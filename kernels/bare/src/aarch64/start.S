/*
 * start.S - aarch64 entry. QEMU's virt machine (cortex-a53, no EL2/EL3)
 * loads this ELF at 0x40100000 and starts it at EL1, MMU off. We set the
 * stack, allow FP/SIMD (doubles), point VBAR_EL1 at the vectors below, clear
 * .bss and call aarch64_main(x0). With the MMU off memory is Device memory:
 * everything is built with -mstrict-align.
 */
        .section .text.start, "ax"
        .globl _start
_start:
        mov x19, x0
        ldr x1, =stack_top
        mov sp, x1
        mov x1, #(3 << 20)              /* CPACR_EL1.FPEN: no FP/SIMD traps */
        msr cpacr_el1, x1
        ldr x1, =vectors
        msr vbar_el1, x1
        isb
        ldr x1, =__bss_start
        ldr x2, =__bss_end
1:      cmp x1, x2
        b.hs 2f
        str xzr, [x1], #8
        b 1b
2:      mov x0, x19
        bl aarch64_main                 /* never returns */
3:      wfi
        b 3b

/* 16 vectors of 0x80 bytes; every exception ends the run (aarch64_fault). */
        .balign 2048
vectors:
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        .balign 128
        mov x0, #\n
        b exception_common
        .endr
exception_common:
        ldr x1, =stack_top              /* the faulting stack may be what broke */
        mov sp, x1
        mrs x1, esr_el1
        mrs x2, elr_el1
        mrs x3, far_el1
        bl aarch64_fault

        .bss
        .balign 16
        .skip 65536
stack_top:
