/*
 * boot.S - the first instructions, and kite's only machine-mode code. QEMU
 * (virt, -bios none) starts every hart here in M-mode with a0 = hart id and
 * a1 = the device tree. Hart 0 sets up what the kernel needs from M-mode
 * and drops to S-mode at s_entry; the others park (kite runs on one CPU).
 *  - PMP: entries 0-13 are guard pages under thread stacks (set when a
 *    thread is created and cleared when it is joined, through m_trap),
 *    entry 14 makes the page at 0 inaccessible (NULL), entry 15 allows the
 *    rest. PMP binds S-mode, so these faults reach trap.c.
 *  - every exception and the supervisor interrupts go straight to S-mode;
 *  - S-mode may read cycle/time and owns its timer (Sstc stimecmp).
 * s_entry clears .bss and calls kmain(device tree) on the boot stack.
 */
#include <kite/tunables.h>

#define PMPCFG2_INIT 0x1f18 /* << 48: entry 15 NAPOT rwx, 14 NAPOT no access */
#define CSR_MENVCFG     0x30a

        .section .boot.text, "ax"
        .globl _start
_start:
        csrw mie, zero
        bnez a0, park
        la t0, m_stack_top
        csrw mscratch, t0
        la t0, m_trap
        csrw mtvec, t0
        li t0, 0x1ff                    /* NAPOT 4 KiB at 0: (0 >> 2) | (4096 / 8 - 1) */
        csrw pmpaddr14, t0
        li t0, -1
        srli t0, t0, 10                 /* NAPOT, all of the physical address space */
        csrw pmpaddr15, t0
        li t0, PMPCFG2_INIT
        slli t0, t0, 48
        csrw pmpcfg2, t0
        csrw pmpcfg0, zero
        li t0, 0xb1ff                   /* exceptions 0-8, 12, 13, 15 to S (not ecalls from S/M) */
        csrw medeleg, t0
        li t0, 0x222                    /* supervisor software, timer, external interrupts */
        csrw mideleg, t0
        li t0, 7                        /* S-mode may read cycle, time, instret */
        csrw mcounteren, t0
        li t0, 1
        slli t0, t0, 63                 /* menvcfg.STCE: S-mode owns stimecmp */
        csrw CSR_MENVCFG, t0
        li t0, 3 << 11
        csrc mstatus, t0
        li t0, 1 << 11                  /* mret goes to S-mode */
        csrs mstatus, t0
        la t0, s_entry
        csrw mepc, t0
        mret

park:   wfi
        j park

/* S-mode from here. */
s_entry:
        la sp, boot_stack_top
        la t0, __bss_start
        la t1, __bss_end
1:      bgeu t0, t1, 2f
        sd zero, 0(t0)
        addi t0, t0, 8
        j 1b
2:      li s0, 0                        /* ends every backtrace */
        mv a0, a1
        call kmain
3:      wfi
        j 3b

/*
 * M-mode traps: only "ecall" from S-mode is expected (setup.c pmp_set):
 * a0 = guard slot 0-13, a1 = its pmpaddr, a2/a3 = the new pmpcfg0/pmpcfg2.
 * Anything else ends the machine with status 126 (SiFive test device).
 */
        .balign 4
m_trap:
        csrrw sp, mscratch, sp
        addi sp, sp, -16
        sd t0, 0(sp)
        sd t1, 8(sp)
        csrr t0, mcause
        li t1, 9
        bne t0, t1, m_fatal
        li t1, 14
        bgeu a0, t1, m_fatal
        la t0, 1f                       /* pmpaddr<a0> = a1: CSR numbers are immediates, */
        slli t1, a0, 3                  /* so jump into a table of 8-byte entries */
        add t0, t0, t1
        jr t0
        .option push
        .option norvc
        .balign 8
1:
        .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
        csrw 0x3b0 + \n, a1
        j 2f
        .endr
        .option pop
2:      csrw pmpcfg0, a2
        csrw pmpcfg2, a3
        csrr t0, mepc
        addi t0, t0, 4
        csrw mepc, t0
        ld t0, 0(sp)
        ld t1, 8(sp)
        addi sp, sp, 16
        csrrw sp, mscratch, sp
        mret
m_fatal:
        li t0, 0x100000
        li t1, (126 << 16) | 0x3333
        sw t1, 0(t0)
        j m_fatal

        .bss
        .balign 16
m_stack:     .skip 256
m_stack_top:
        .globl boot_stack_top
boot_stack:  .skip KITE_BOOT_STACK
boot_stack_top:
