// Typed QEMU configuration, rendered to argv in this one place (unit-tested as
// pure data). Everything a boot needs is here; nothing else builds QEMU argv.
import type { ExitDevice } from '../../packs/types.js';

export type Accel = 'tcg' | 'kvm';
export type Clock = 'real' | 'icount';

export interface QemuConfig {
  binary: string;
  machine: string;
  accel: Accel;
  /** CPU model; under KVM the probe may choose one (see accel.ts). */
  cpu?: string;
  /** Guest memory as QEMU reads it ("256M"). */
  memory?: string;
  smp?: number;
  clock: Clock;
  kernel: string;
  initrd?: string;
  cmdline?: string;
  exit: ExitDevice;
  extraArgs?: readonly string[];
}

/** icount with shift 0: one virtual nanosecond per guest instruction, and no sleeping when idle, so counts repeat exactly. */
export const ICOUNT_ARGS = ['-icount', 'shift=0,sleep=off'] as const;

export function exitDeviceArgs(exit: ExitDevice): string[] {
  switch (exit) {
    case 'isa-debug-exit':
      return ['-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'];
    case 'semihosting':
      return ['-semihosting-config', 'enable=on,target=native'];
    case 'sifive-test': // part of the riscv virt machine
    case 'none':
      return [];
  }
}

export function renderArgv(c: QemuConfig): string[] {
  if (c.clock === 'icount' && c.accel !== 'tcg') {
    throw new Error('icount needs the tcg accelerator (QEMU cannot count instructions under KVM)');
  }
  const argv = [c.binary, '-M', c.machine, '-accel', c.accel];
  if (c.cpu) argv.push('-cpu', c.cpu);
  if (c.memory) argv.push('-m', c.memory);
  if (c.smp && c.smp > 1) argv.push('-smp', String(c.smp));
  if (c.clock === 'icount') argv.push(...ICOUNT_ARGS);
  // No default devices, no monitor, the serial console on stdio, and a reset ends QEMU
  // (so a triple fault or a kernel panic with panic=-1 is seen as the end of the run).
  argv.push('-nodefaults', '-nographic', '-monitor', 'none', '-serial', 'stdio', '-no-reboot');
  argv.push(...exitDeviceArgs(c.exit));
  argv.push('-kernel', c.kernel);
  if (c.initrd) argv.push('-initrd', c.initrd);
  if (c.cmdline !== undefined && c.cmdline !== '') argv.push('-append', c.cmdline);
  argv.push(...(c.extraArgs ?? []));
  return argv;
}

/** The shell form of argv, for records and for users who want to re-run a boot by hand. */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./=,:+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
