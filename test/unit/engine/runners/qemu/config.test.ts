// renderArgv is the one place QEMU argv is built: these tests pin it as pure data.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { renderArgv, shellQuote, type QemuConfig } from '../../../../../server/src/engine/runners/qemu/config.js';

const MACHINE = 'microvm,x-option-roms=off,pit=off,pic=off,acpi=off';

/** What the linux pack boots: microvm, an initramfs, a command line, isa-debug-exit. */
function linuxLike(over: Partial<QemuConfig> = {}): QemuConfig {
  return {
    binary: 'qemu-system-x86_64',
    machine: MACHINE,
    accel: 'tcg',
    memory: '256M',
    smp: 2,
    clock: 'real',
    kernel: '/cache/prepared/vmlinux',
    initrd: '/cache/build/initramfs.cpio',
    cmdline: 'console=ttyS0 panic=-1 quiet bb.n=4096',
    exit: 'isa-debug-exit',
    ...over,
  };
}

const COMMON = ['-nodefaults', '-nographic', '-monitor', 'none', '-serial', 'stdio', '-no-reboot'];
const ISA_EXIT = ['-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'];

describe('renderArgv', () => {
  test('a linux-like config renders exactly', () => {
    assert.deepEqual(renderArgv(linuxLike()), [
      'qemu-system-x86_64',
      '-M', MACHINE,
      '-accel', 'tcg',
      '-m', '256M',
      '-smp', '2',
      ...COMMON,
      ...ISA_EXIT,
      '-kernel', '/cache/prepared/vmlinux',
      '-initrd', '/cache/build/initramfs.cpio',
      '-append', 'console=ttyS0 panic=-1 quiet bb.n=4096',
    ]);
  });

  test('one CPU (or none given) adds no -smp', () => {
    for (const smp of [1, undefined]) {
      const argv = renderArgv(linuxLike({ smp }));
      assert.ok(!argv.includes('-smp'), `smp=${smp}: ${argv.join(' ')}`);
      assert.deepEqual(argv.slice(0, 7), ['qemu-system-x86_64', '-M', MACHINE, '-accel', 'tcg', '-m', '256M']);
      assert.equal(argv[7], '-nodefaults');
    }
  });

  test('icount adds -icount shift=0,sleep=off right after the machine shape', () => {
    const argv = renderArgv(linuxLike({ clock: 'icount' }));
    const at = argv.indexOf('-icount');
    assert.ok(at > 0, argv.join(' '));
    assert.equal(argv[at + 1], 'shift=0,sleep=off');
    assert.deepEqual(argv.slice(at - 2, at + 3), ['-smp', '2', '-icount', 'shift=0,sleep=off', '-nodefaults']);
    assert.equal(argv.filter((a) => a === '-icount').length, 1);
  });

  test('real clock has no -icount', () => {
    assert.ok(!renderArgv(linuxLike()).includes('-icount'));
  });

  test('icount under kvm is refused', () => {
    assert.throws(() => renderArgv(linuxLike({ clock: 'icount', accel: 'kvm' })), /icount needs the tcg accelerator/);
  });

  test('kvm with a CPU model renders -accel kvm -cpu MODEL', () => {
    const argv = renderArgv(linuxLike({ accel: 'kvm', cpu: 'host,-arch-capabilities' }));
    assert.deepEqual(argv.slice(3, 7), ['-accel', 'kvm', '-cpu', 'host,-arch-capabilities']);
  });

  test('an empty or missing command line omits -append; no initrd omits -initrd', () => {
    for (const cmdline of ['', undefined]) {
      const argv = renderArgv(linuxLike({ cmdline, initrd: undefined }));
      assert.ok(!argv.includes('-append'), argv.join(' '));
      assert.ok(!argv.includes('-initrd'), argv.join(' '));
      assert.deepEqual(argv.slice(-2), ['-kernel', '/cache/prepared/vmlinux']);
    }
  });

  test('semihosting (aarch64-like) renders its config and extra args go last', () => {
    const argv = renderArgv({
      binary: 'qemu-system-aarch64',
      machine: 'virt',
      accel: 'tcg',
      cpu: 'cortex-a53',
      clock: 'icount',
      kernel: 'kernel.elf',
      exit: 'semihosting',
      extraArgs: ['-d', 'guest_errors'],
    });
    assert.deepEqual(argv, [
      'qemu-system-aarch64',
      '-M', 'virt',
      '-accel', 'tcg',
      '-cpu', 'cortex-a53',
      '-icount', 'shift=0,sleep=off',
      ...COMMON,
      '-semihosting-config', 'enable=on,target=native',
      '-kernel', 'kernel.elf',
      '-d', 'guest_errors',
    ]);
  });

  test('sifive-test and none add no exit device arguments', () => {
    for (const exit of ['sifive-test', 'none'] as const) {
      const argv = renderArgv({ binary: 'qemu-system-riscv64', machine: 'virt', accel: 'tcg', clock: 'real', kernel: 'k', exit });
      assert.deepEqual(argv, ['qemu-system-riscv64', '-M', 'virt', '-accel', 'tcg', ...COMMON, '-kernel', 'k']);
    }
  });
});

describe('shellQuote', () => {
  test('plain words stay bare', () => {
    assert.equal(shellQuote(['qemu-system-x86_64', '-M', 'microvm,pit=off', '-m', '256M', '/a/b.cpio']), 'qemu-system-x86_64 -M microvm,pit=off -m 256M /a/b.cpio');
  });

  test('spaces are single-quoted', () => {
    assert.equal(shellQuote(['-append', 'console=ttyS0 panic=-1']), "-append 'console=ttyS0 panic=-1'");
  });

  test("single quotes are closed, escaped and reopened", () => {
    assert.equal(shellQuote(["it's"]), `'it'\\''s'`);
  });

  test('empty words and shell metacharacters are quoted', () => {
    assert.equal(shellQuote(['', 'a;b', '$HOME', 'x*']), `'' 'a;b' '$HOME' 'x*'`);
  });

  test('a real shell reads the quoted words back unchanged', () => {
    const words = ['qemu', 'console=ttyS0 panic=-1', "it's", '', 'a;b', '$HOME', 'tab\there', 'x*', "''"];
    const r = spawnSync('sh', ['-c', `for a in ${shellQuote(words)}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\0').slice(0, -1), words);
  });
});
