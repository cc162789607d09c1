// Deciding a run's status from what the guest said and how QEMU ended
// (the table in docs/guest-protocol.md).
import type { ExitDevice } from '../packs/types.js';
import type { GuestEvent } from './protocol.js';

export type RunStatus = 'ok' | 'failed' | 'build-error' | 'timeout' | 'crash' | 'cancelled' | 'runner-error';

export interface MachineEnd {
  /** QEMU's exit code, or null when it was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Who cancelled it when it was not the user's interrupt (a job cancelled outside bootbook). */
  cancelReason?: string;
  spawnError?: string;
  /** The runner (not QEMU) failed: a job refused or lost by a batch scheduler. */
  runnerError?: string;
  stderr: string;
}

/** A cancelled run's reason when the user interrupted it (not someone else). */
export const INTERRUPTED_REASON = 'cancelled before the run finished';

export interface Verdict {
  status: RunStatus;
  exitCode: number | null;
  /** One line for humans when the status is not ok/failed. */
  reason?: string;
  /** Something inconsistent worth showing, even when the status is clear. */
  warning?: string;
}

/** The status the exit device reported, from QEMU's exit code; undefined when the code says nothing. */
export function deviceStatus(exit: ExitDevice, code: number | null): number | undefined {
  if (code === null) return undefined;
  switch (exit) {
    case 'isa-debug-exit':
      // QEMU exits with (value << 1) | 1; an even code is QEMU's own (0: reset/power-off with -no-reboot).
      return code % 2 === 1 ? code >> 1 : undefined;
    case 'sifive-test':
    case 'semihosting':
      // 0 is also what QEMU returns after a reset with -no-reboot: only a marker can say "ok".
      return code === 0 ? undefined : code;
    case 'none':
      return undefined;
  }
}

function qemuError(stderr: string): string | undefined {
  const line = stderr.split('\n').find((l) => /^qemu-system-[^:]+: /.test(l));
  return line?.trim();
}

export function decideStatus(events: readonly GuestEvent[], end: MachineEnd, exit: ExitDevice): Verdict {
  const exitEvent = events.find((e): e is Extract<GuestEvent, { k: 'exit' }> => e.k === 'exit');
  const crash = events.find((e): e is Extract<GuestEvent, { k: 'crash' }> => e.k === 'crash');
  const hello = events.some((e) => e.k === 'hello');
  if (end.cancelled) return { status: 'cancelled', exitCode: null, reason: end.cancelReason ?? INTERRUPTED_REASON };
  if (end.runnerError) return { status: 'runner-error', exitCode: null, reason: end.runnerError };
  if (end.spawnError) return { status: 'runner-error', exitCode: null, reason: `QEMU could not start: ${end.spawnError}` };
  // A guest that reported its end and then hung (or was stopped by the runner) still ended that way.
  if (crash) return { status: 'crash', exitCode: null, reason: crash.reason };
  if (exitEvent) {
    const device = deviceStatus(exit, end.code);
    const warning =
      device !== undefined && device !== (exitEvent.status & (exit === 'isa-debug-exit' ? 0x7f : 0xff))
        ? `the exit device reported status ${device} but the program reported ${exitEvent.status}`
        : undefined;
    const verdict: Verdict =
      exitEvent.status === 0
        ? { status: 'ok', exitCode: 0 }
        : { status: 'failed', exitCode: exitEvent.status, reason: `the program exited with status ${exitEvent.status}` };
    return warning ? { ...verdict, warning } : verdict;
  }
  if (end.timedOut) return { status: 'timeout', exitCode: null, reason: 'the run did not finish within its time limit' };
  const err = qemuError(end.stderr);
  if (err && !hello) return { status: 'runner-error', exitCode: null, reason: err };
  const device = deviceStatus(exit, end.code);
  if (device !== undefined && !(exit === 'isa-debug-exit' && end.code === 1 && err)) {
    return device === 0
      ? { status: 'ok', exitCode: 0 }
      : { status: 'failed', exitCode: device, reason: `the program exited with status ${device}` };
  }
  if (end.signal) return { status: 'runner-error', exitCode: null, reason: `QEMU was killed by ${end.signal}` };
  return {
    status: 'crash',
    exitCode: null,
    reason: hello
      ? 'the machine reset or powered off without reporting an exit status (kernel panic, triple fault or the program died)'
      : 'the machine reset or stopped before the program started',
  };
}
