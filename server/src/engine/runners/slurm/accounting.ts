// sacct, where the site runs accounting (slurmdbd): the final state of jobs that
// have left the queue (squeue forgets a job MinJobAge seconds after it ends).
// Without slurmdbd sacct answers "Slurm accounting storage is disabled": then
// the runner keeps to squeue and each run's own files, as before.
import { slurmCmd } from './runner.js';
import type { TaskState } from './state.js';

const CHECK_EVERY_MS = 60_000;
let known: { at: number; status: Promise<{ available: boolean; detail: string }> } | undefined;

/** Whether sacct answers here, checked at most once a minute. */
export function accountingStatus(): Promise<{ available: boolean; detail: string }> {
  if (known && Date.now() - known.at < CHECK_EVERY_MS) return known.status;
  const status = slurmCmd('sacct', ['-n', '-X', '-P', '-j', '1', '-o', 'JobID'], 5000).then((r) => {
    if (r.code === 0) return { available: true, detail: 'sacct answers (accounting is on): final states come from it' };
    if (r.code === 127) return { available: false, detail: 'sacct is not installed' };
    const said = (r.stdout + r.stderr).trim().split('\n').at(-1) || `sacct exited ${r.code}`;
    return { available: false, detail: `sacct does not answer (${said}): final states come from squeue and the runs' own files` };
  });
  known = { at: Date.now(), status };
  return status;
}

export const SACCT_FORMAT = 'JobID,State,NodeList,Reason';

/** `sacct -n -X -P -o JobID,State,NodeList,Reason` lines: "123" or "123_4", one per job or array task. */
export function parseSacct(text: string): TaskState[] {
  const out: TaskState[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split('|');
    const m = /^(\d+)(?:_(\d+))?$/.exec(f[0] ?? '');
    if (!m || f.length < 3) continue;
    const none = (s: string | undefined) => (!s || s === 'None' || s === 'None assigned' || s === '(null)' ? '' : s);
    out.push({ arrayJobId: m[1]!, ...(m[2] !== undefined ? { taskId: Number(m[2]) } : {}), state: f[1]!.split(' ')[0]!, reason: none(f[3]), node: none(f[2]) });
  }
  return out;
}

/** Final states of these jobs from sacct; empty when accounting is off or sacct fails. */
export async function accountedStates(jobIds: readonly string[]): Promise<TaskState[]> {
  if (!jobIds.length || !(await accountingStatus()).available) return [];
  const r = await slurmCmd('sacct', ['-n', '-X', '-P', '-j', jobIds.join(','), '-o', SACCT_FORMAT], 10_000);
  return r.code === 0 ? parseSacct(r.stdout) : [];
}
