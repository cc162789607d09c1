// Slurm job states (squeue %T) to what the runner does with them.
export type StateClass =
  | 'waiting' // PENDING, CONFIGURING, ... : not finished
  | 'done' // COMPLETED, FAILED: the run script ran; its files say how QEMU ended
  | 'timeout' // TIMEOUT, DEADLINE: the job hit its time limit
  | 'node-fail' // NODE_FAIL, BOOT_FAIL: lost to a node: retried
  | 'cancelled' // CANCELLED (by us or an administrator)
  | 'error'; // anything else terminal (OUT_OF_MEMORY, PREEMPTED, SPECIAL_EXIT, REVOKED)

const WAITING = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'RESIZING', 'REQUEUED', 'REQUEUE_FED', 'REQUEUE_HOLD', 'SUSPENDED', 'STOPPED', 'SIGNALING', 'STAGE_OUT', 'RESV_DEL_HOLD']);

export function classifyState(state: string): StateClass {
  // scontrol may say "CANCELLED by 0"; squeue abbreviations are not used (%T is the long form).
  const s = state.trim().split(/\s+/)[0]!.toUpperCase();
  if (WAITING.has(s)) return 'waiting';
  if (s === 'COMPLETED' || s === 'FAILED') return 'done';
  if (s === 'TIMEOUT' || s === 'DEADLINE') return 'timeout';
  if (s === 'NODE_FAIL' || s === 'BOOT_FAIL') return 'node-fail';
  if (s === 'CANCELLED') return 'cancelled';
  return 'error';
}

export interface TaskState {
  /** The array job id (the job id for a single job). */
  arrayJobId: string;
  /** The task index, or undefined for a job that is not an array. */
  taskId?: number;
  state: string;
  reason: string;
  node: string;
}

/** Task ids of squeue's %a: "4", or pending tasks not yet split off, "8-11%4", "[1,3-5]"; undefined for "N/A". */
export function taskIds(a: string): number[] | undefined {
  if (/^\d+$/.test(a)) return [Number(a)];
  const m = /^\[?([\d,-]+)(%\d+)?\]?$/.exec(a);
  if (!m) return undefined;
  return m[1]!.split(',').flatMap((r) => {
    const [lo, hi] = r.split('-').map(Number);
    return Array.from({ length: (hi ?? lo!) - lo! + 1 }, (_, i) => lo! + i);
  });
}

/** Parse `squeue -h -r -t all -o '%F|%K|%T|%r|%N'` lines, one state per task. */
export function parseSqueue(text: string): TaskState[] {
  const out: TaskState[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 5 || !/^\d+$/.test(f[0]!)) continue;
    const base = { arrayJobId: f[0]!, state: f[2]!, reason: f[3] === 'None' ? '' : f[3]!, node: f[4] === '(null)' ? '' : f[4]! };
    const ids = taskIds(f[1]!);
    if (!ids) out.push(base);
    else for (const taskId of ids) out.push({ ...base, taskId });
  }
  return out;
}
