// Cancelling one of bootbook's Slurm jobs from the Cluster panel: a job, an
// array task ("123_4") or a whole array ("123"). Only bootbook's own jobs of
// this server's user: every queue line the id names must carry bootbook's job
// name and that user, so the panel can never stop someone else's work. The
// runner that submitted the job sees it end CANCELLED and records its runs as
// cancelled outside bootbook (runner.ts). No HTTP here: the route maps `problem`.
import { userInfo } from 'node:os';
import { JOB_NAME } from './cluster.js';
import { slurmCmd } from './runner.js';
import { classifyState } from './state.js';

/** A job id as the panel sends it: digits, optionally `_` and a task's digits. */
export const JOB_ID = /^\d+(?:_\d+)?$/;

export interface CancelledJob {
  id: string;
  /** Its state when it was cancelled (PENDING, RUNNING...). */
  state: string;
}

export type CancelOutcome =
  | { ok: true; jobId: string; cancelled: CancelledJob[] }
  | { ok: false; problem: 'bad-id' | 'unavailable' | 'not-found' | 'not-bootbook' | 'ended' | 'scancel-failed'; message: string };

/** The queue lines of `squeue -h -t all -j <id> -o '%i|%j|%u|%T'`. */
export function parseOwnedLines(text: string): { id: string; name: string; user: string; state: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim().split('|'))
    .filter((f) => f.length >= 4 && /^\d/.test(f[0]!))
    .map((f) => ({ id: f[0]!, name: f[1]!, user: f[2]!, state: f[3]! }));
}

/**
 * Cancel `jobId` if it is bootbook's and this user's and still waiting or running.
 * `why` says why Slurm is not available when squeue cannot run (the overview's reason).
 */
export async function cancelJob(jobId: string, why: () => Promise<string | undefined>, user = userInfo().username): Promise<CancelOutcome> {
  if (!JOB_ID.test(jobId))
    return { ok: false, problem: 'bad-id', message: `"${jobId}" is not a Slurm job id; valid: a job id (123), an array task (123_4) or a whole array (123)` };
  const q = await slurmCmd('squeue', ['-h', '-t', 'all', '-j', jobId, '-o', '%i|%j|%u|%T'], 10_000);
  if (q.code !== 0) {
    // squeue says "Invalid job id specified" for a job it does not know (or no longer keeps).
    if (/invalid job id/i.test(q.stderr)) return { ok: false, problem: 'not-found', message: `Slurm does not know job ${jobId} (it may have ended more than MinJobAge ago)` };
    const reason = (await why()) ?? `squeue failed: ${q.stderr.trim().split('\n').at(-1) || `exit ${q.code}`}`;
    return { ok: false, problem: 'unavailable', message: `Slurm is not available: ${reason}` };
  }
  const lines = parseOwnedLines(q.stdout);
  if (!lines.length) return { ok: false, problem: 'not-found', message: `Slurm does not know job ${jobId} (it may have ended more than MinJobAge ago)` };
  const foreign = lines.find((l) => l.name !== JOB_NAME || l.user !== user);
  if (foreign)
    return { ok: false, problem: 'not-bootbook', message: `job ${foreign.id} is not one of bootbook's jobs of user ${user} (it is "${foreign.name}" of ${foreign.user}); the Cluster panel cancels only those` };
  const live = lines.filter((l) => classifyState(l.state) === 'waiting');
  if (!live.length) return { ok: false, problem: 'ended', message: `job ${jobId} has already ended (${[...new Set(lines.map((l) => l.state))].join(', ')})` };
  const r = await slurmCmd('scancel', [jobId], 10_000);
  if (r.code !== 0) return { ok: false, problem: 'scancel-failed', message: `scancel ${jobId} failed: ${r.stderr.trim().split('\n').at(-1) || `exit ${r.code}`}` };
  return { ok: true, jobId, cancelled: live.map((l) => ({ id: l.id, state: l.state })) };
}
