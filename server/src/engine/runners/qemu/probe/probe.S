/*
 * The accelerator probe: a PVH kernel that spends a fixed amount of ring-0 work
 * and exits QEMU through isa-debug-exit. accel.ts boots it under TCG and KVM and
 * keeps the faster one, because a nested KVM can emulate guest ring-0 code and
 * then be slower than TCG (see NOTES.md "QEMU and KVM").
 * PVH enters in 32-bit protected mode with paging off, so only .code32 code here.
 */
/* QEMU finds the entry in a PT_NOTE segment and reads the desc at
   12 + align_up(namesz, p_align): keep the note 4-aligned (p_align 4). A 4-byte
   desc (as Linux uses) and an 8-byte one both boot on QEMU 7.2. */
	.section .note.Xen, "a", @note
	.p2align 2
	.long 4			/* name size: "Xen\0" */
	.long 4			/* desc size: the 32-bit entry address */
	.long 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.long _start
	.p2align 2

	.text
	.code32
	.globl _start
/* 5M iterations cost TCG ~15-20 ms on top of its ~30 ms start, and a real
   (non-nested) KVM a few ms: enough ring-0 work that the faster engine for
   kernel code wins, not the faster-starting one. accel.ts assembles a
   1-iteration variant (--defsym ITERATIONS=1) to test CPU models quickly. */
	.ifndef ITERATIONS
	.set ITERATIONS, 5000000
	.endif

_start:
	cli
	mov $ITERATIONS, %ecx
	xor %eax, %eax
	mov $0x9e3779b9, %edx
1:	add %edx, %eax
	xor %ecx, %eax
	rol $5, %eax
	dec %ecx
	jnz 1b
	/* Writing v to port 0xf4 exits QEMU with status (v << 1) | 1: 0 gives 1. */
	mov $0xf4, %dx
	xor %eax, %eax
	outl %eax, %dx
2:	hlt			/* only reached without isa-debug-exit */
	jmp 2b
