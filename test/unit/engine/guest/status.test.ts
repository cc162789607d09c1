// decideStatus: the table at the end of docs/guest-protocol.md, row by row.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideStatus, deviceStatus, type MachineEnd } from '../../../../server/src/engine/guest/status.js';
import type { GuestEvent } from '../../../../server/src/engine/guest/protocol.js';

const hello: GuestEvent = { k: 'hello', proto: 1, pack: 'linux' };
const metric: GuestEvent = { k: 'metric', name: 'loop', value: 42, unit: 'cycles' };
const exitWith = (status: number): GuestEvent => ({ k: 'exit', status });

/** QEMU's exit code when the guest wrote v to isa-debug-exit. */
const isa = (v: number) => (v << 1) | 1;

function end(over: Partial<MachineEnd> = {}): MachineEnd {
  return { code: 0, signal: null, timedOut: false, cancelled: false, stderr: '', ...over };
}

describe('deviceStatus', () => {
  test('isa-debug-exit: odd codes carry (status << 1) | 1, even codes are QEMU its own', () => {
    assert.equal(deviceStatus('isa-debug-exit', 1), 0);
    assert.equal(deviceStatus('isa-debug-exit', 7), 3);
    assert.equal(deviceStatus('isa-debug-exit', isa(255)), 255);
    assert.equal(deviceStatus('isa-debug-exit', 0), undefined);
    assert.equal(deviceStatus('isa-debug-exit', 2), undefined);
    assert.equal(deviceStatus('isa-debug-exit', null), undefined);
  });

  test('sifive-test and semihosting pass the code through; none says nothing', () => {
    assert.equal(deviceStatus('sifive-test', 3), 3);
    assert.equal(deviceStatus('semihosting', 5), 5);
    assert.equal(deviceStatus('semihosting', null), undefined);
    assert.equal(deviceStatus('none', 1), undefined);
    assert.equal(deviceStatus('none', 0), undefined);
  });
});

describe('decideStatus', () => {
  test('exit marker 0 and the device agrees: ok', () => {
    assert.deepEqual(decideStatus([hello, metric, exitWith(0)], end({ code: isa(0) }), 'isa-debug-exit'), { status: 'ok', exitCode: 0 });
  });

  test('exit marker with a non-zero status: failed with that exit code', () => {
    assert.deepEqual(decideStatus([hello, exitWith(3)], end({ code: isa(3) }), 'isa-debug-exit'), {
      status: 'failed',
      exitCode: 3,
      reason: 'the program exited with status 3',
    });
  });

  test('the exit marker wins over the device code', () => {
    const v = decideStatus([hello, exitWith(4)], end({ code: 0 }), 'isa-debug-exit');
    assert.equal(v.status, 'failed');
    assert.equal(v.exitCode, 4);
  });

  test('time limit passed: timeout, even with events already in', () => {
    const v = decideStatus([hello, metric], end({ code: null, signal: 'SIGKILL', timedOut: true }), 'isa-debug-exit');
    assert.equal(v.status, 'timeout');
    assert.equal(v.exitCode, null);
    assert.match(v.reason!, /time limit/);
  });

  test('cancelled beats everything else', () => {
    const v = decideStatus([hello, exitWith(0)], end({ code: null, signal: 'SIGTERM', timedOut: true, cancelled: true }), 'isa-debug-exit');
    assert.deepEqual(v, { status: 'cancelled', exitCode: null, reason: 'cancelled before the run finished' });
  });

  test('crash marker: crash with its reason', () => {
    const v = decideStatus([hello, { k: 'crash', reason: 'page fault at 0x0' }], end({ code: 0 }), 'isa-debug-exit');
    assert.deepEqual(v, { status: 'crash', exitCode: null, reason: 'page fault at 0x0' });
  });

  test('reset or power-off without an exit marker (QEMU code 0): crash', () => {
    const after = decideStatus([hello, metric], end({ code: 0 }), 'isa-debug-exit');
    assert.equal(after.status, 'crash');
    assert.equal(after.exitCode, null);
    assert.match(after.reason!, /without reporting an exit status/);
    const before = decideStatus([], end({ code: 0 }), 'isa-debug-exit');
    assert.equal(before.status, 'crash');
    assert.match(before.reason!, /before the program started/);
  });

  test('isa-debug-exit code 7 with no marker: failed, status 3', () => {
    assert.deepEqual(decideStatus([hello], end({ code: 7 }), 'isa-debug-exit'), {
      status: 'failed',
      exitCode: 3,
      reason: 'the program exited with status 3',
    });
  });

  test('isa-debug-exit code 1 with no marker and no QEMU error: ok from the device', () => {
    assert.deepEqual(decideStatus([hello], end({ code: 1 }), 'isa-debug-exit'), { status: 'ok', exitCode: 0 });
  });

  test('a QEMU error line with exit 1 and no hello: runner-error with the line', () => {
    const stderr = 'some warning\nqemu-system-x86_64: -kernel /nope/vmlinux: could not open: No such file or directory\n';
    assert.deepEqual(decideStatus([], end({ code: 1, stderr }), 'isa-debug-exit'), {
      status: 'runner-error',
      exitCode: null,
      reason: 'qemu-system-x86_64: -kernel /nope/vmlinux: could not open: No such file or directory',
    });
  });

  test('a QEMU error line after hello with exit 1 is not read as the device saying 0', () => {
    const v = decideStatus([hello], end({ code: 1, stderr: 'qemu-system-x86_64: terminating on signal 15\n' }), 'isa-debug-exit');
    assert.notEqual(v.status, 'ok');
    assert.equal(v.status, 'crash');
  });

  test('QEMU could not start: runner-error naming the spawn error', () => {
    const v = decideStatus([], end({ code: null, spawnError: 'spawn qemu-system-x86_64 ENOENT' }), 'isa-debug-exit');
    assert.deepEqual(v, { status: 'runner-error', exitCode: null, reason: 'QEMU could not start: spawn qemu-system-x86_64 ENOENT' });
  });

  test('QEMU killed by a signal (not a timeout): runner-error', () => {
    const v = decideStatus([hello], end({ code: null, signal: 'SIGSEGV' }), 'isa-debug-exit');
    assert.deepEqual(v, { status: 'runner-error', exitCode: null, reason: 'QEMU was killed by SIGSEGV' });
  });

  test('sifive-test failure code without a marker: failed with that code', () => {
    const v = decideStatus([hello], end({ code: 3 }), 'sifive-test');
    assert.equal(v.status, 'failed');
    assert.equal(v.exitCode, 3);
  });

  test('no exit device: only markers count', () => {
    assert.equal(decideStatus([hello], end({ code: 1 }), 'none').status, 'crash');
    assert.deepEqual(decideStatus([hello, exitWith(0)], end({ code: 0 }), 'none'), { status: 'ok', exitCode: 0 });
  });
});
