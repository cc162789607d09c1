// What the Slurm cluster looks like to this user, for `bootbook doctor`,
// `bootbook slurm reservations` and the front end's Cluster panel: whether the
// client commands exist and the controller answers, partitions and nodes
// (sinfo), reservations (scontrol show reservation), bootbook's jobs (squeue),
// and whether accounting (sacct) answers. Pure parsers beside the commands that
// feed them, so each parser is tested on captured output.
import { execFile } from 'node:child_process';
import { BootbookError } from '../../errors.js';
import { slurmCmd } from './runner.js';

export const SLURM_COMMANDS = ['sbatch', 'squeue', 'scancel', 'sinfo', 'scontrol'] as const;
/** The job name every bootbook submission carries (sbatchFlags): how its jobs are told from others. */
export const JOB_NAME = 'bootbook';

// Asynchronous: the notebook server answers the Cluster panel with it and must not block.
function which(cmd: string): Promise<string | undefined> {
  return new Promise((resolve) => execFile('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }, (err, out) => resolve(err ? undefined : out.trim() || undefined)));
}

export interface SlurmCheck {
  commands: { command: string; path?: string }[];
  /** Whether `sinfo -h` answered within 5 s, and what it said. */
  cluster: { answers: boolean; detail: string };
}

export async function checkSlurm(): Promise<SlurmCheck> {
  const commands = await Promise.all(SLURM_COMMANDS.map(async (command) => ({ command, path: await which(command) })));
  if (!commands.find((c) => c.command === 'sinfo')?.path) return { commands, cluster: { answers: false, detail: 'sinfo is not installed' } };
  const r = await slurmCmd('sinfo', ['-h', '-o', '%P %a %D %T'], 5000);
  const detail = r.code === 0 ? r.stdout.trim().split('\n').join('; ') || 'no partitions' : (r.stderr.trim().split('\n').at(-1) ?? `sinfo exited ${r.code}`);
  return { commands, cluster: { answers: r.code === 0, detail } };
}

export interface Reservation {
  name: string;
  fields: Record<string, string>;
}

/** `scontrol show reservation` blocks of `Key=Value` words. */
export function parseReservations(text: string): Reservation[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => Object.fromEntries([...block.matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1]!, m[2]!])))
    .filter((f) => f.ReservationName)
    .map((fields) => ({ name: fields.ReservationName!, fields }));
}

export async function listReservations(): Promise<Reservation[]> {
  const r = await slurmCmd('scontrol', ['show', 'reservation'], 10_000);
  if (r.code === 127) throw new BootbookError('missing-tool', 'scontrol is not installed (the Slurm client commands are needed)');
  if (r.code !== 0) throw new BootbookError('bad-usage', `scontrol show reservation failed: ${r.stderr.trim()}`);
  return parseReservations(r.stdout);
}

export interface Partition {
  name: string;
  /** The partition jobs go to when none is named (sinfo marks it with `*`). */
  isDefault: boolean;
  /** up, down, drain, inact. */
  availability: string;
  timeLimit: string;
  nodes: string[];
}

export interface ClusterNode {
  name: string;
  partitions: string[];
  /** idle, allocated, mixed, reserved, down, drained... (sinfo's long form, `*` = not responding). */
  state: string;
  cpus: number;
  /** Why an administrator took it out (sinfo %E), '' when none. */
  reason: string;
}

export const SINFO_PARTITIONS = ['-h', '-o', '%P|%a|%l|%N'];
export const SINFO_NODES = ['-h', '-N', '-o', '%N|%P|%T|%c|%E'];

/** `sinfo -h -o '%P|%a|%l|%N'` (one line per partition and state group): partitions with their nodes merged. */
export function parsePartitions(text: string): Partition[] {
  const out = new Map<string, Partition>();
  for (const line of text.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 4 || !f[0]) continue;
    const isDefault = f[0].endsWith('*');
    const name = isDefault ? f[0].slice(0, -1) : f[0];
    const p = out.get(name) ?? { name, isDefault, availability: f[1]!, timeLimit: f[2]!, nodes: [] };
    for (const n of expandHostlist(f[3]!)) if (!p.nodes.includes(n)) p.nodes.push(n);
    out.set(name, p);
  }
  return [...out.values()];
}

/** `sinfo -h -N -o '%N|%P|%T|%c|%E'` (a line per node and partition): one entry per node. */
export function parseNodes(text: string): ClusterNode[] {
  const out = new Map<string, ClusterNode>();
  for (const line of text.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 5 || !f[0]) continue;
    const partition = f[1]!.replace(/\*$/, '');
    const known = out.get(f[0]);
    if (known) {
      if (!known.partitions.includes(partition)) known.partitions.push(partition);
      continue;
    }
    out.set(f[0], { name: f[0], partitions: [partition], state: f[2]!, cpus: Number(f[3]) || 0, reason: f[4] === 'none' ? '' : f[4]! });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** Slurm's host lists: "n[1-3,5],gpu7" -> n1 n2 n3 n5 gpu7 (one bracket group per name, as sinfo prints them). */
export function expandHostlist(list: string): string[] {
  const out: string[] = [];
  for (const m of list.matchAll(/([^,[\]]+)(?:\[([^\]]+)\])?([^,[\]]*)/g)) {
    const [, prefix, ranges, suffix] = m;
    if (!prefix || prefix === '(null)') continue;
    if (!ranges) {
      out.push(prefix + (suffix ?? ''));
      continue;
    }
    for (const r of ranges.split(',')) {
      const [lo, hi] = r.split('-');
      const width = lo!.length;
      for (let i = Number(lo); i <= Number(hi ?? lo); i++) out.push(`${prefix}${String(i).padStart(width, '0')}${suffix ?? ''}`);
    }
  }
  return out;
}

export interface QueuedJob {
  /** As squeue prints it: "123", "123_4", or pending tasks not yet started "123_[5-39%8]". */
  id: string;
  arrayJobId: string;
  state: string;
  /** Why it waits (Priority, Resources, ReqNodeNotAvail...), '' when it does not. */
  reason: string;
  nodes: string;
  partition: string;
  reservation: string;
  user: string;
  /** Time used so far and the limit, as squeue prints them. */
  elapsed: string;
  timeLimit: string;
}

export const SQUEUE_JOBS = ['-h', '-t', 'all', '-n', JOB_NAME, '-o', '%i|%F|%T|%r|%N|%P|%v|%u|%M|%l'];

/** `squeue -h -t all -n bootbook -o '%i|%F|%T|%r|%N|%P|%v|%u|%M|%l'`. */
export function parseQueuedJobs(text: string): QueuedJob[] {
  const out: QueuedJob[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 10 || !/^\d/.test(f[0]!)) continue;
    const none = (s: string) => (s === 'None' || s === '(null)' ? '' : s);
    out.push({ id: f[0]!, arrayJobId: f[1]!, state: f[2]!, reason: none(f[3]!), nodes: none(f[4]!), partition: f[5]!, reservation: none(f[6]!), user: f[7]!, elapsed: f[8]!, timeLimit: f[9]! });
  }
  return out;
}

/** How many tasks a queue line stands for: "123_[5-39%8]" is 35 pending tasks. */
export function taskCount(id: string): number {
  const m = /_\[([\d,-]+)(%\d+)?\]$/.exec(id);
  if (!m) return 1;
  return m[1]!.split(',').reduce((n, r) => {
    const [lo, hi] = r.split('-').map(Number);
    return n + (hi ?? lo!) - lo! + 1;
  }, 0);
}

/** Jobs per state, counting every task of a pending array range. */
export function stateCounts(jobs: readonly Pick<QueuedJob, 'id' | 'state'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const j of jobs) counts[j.state] = (counts[j.state] ?? 0) + taskCount(j.id);
  return counts;
}

/** What a failed client command said, in one line. */
function failure(cmd: string, r: { code: number; stderr: string }): string {
  if (r.code === 127) return `${cmd} is not installed (the Slurm client commands are needed)`;
  return `${cmd} failed: ${r.stderr.trim().split('\n').at(-1) || `exit ${r.code}`}`;
}

/** bootbook's jobs in the queue (and those that ended less than MinJobAge ago), or why they could not be listed. */
export async function listQueuedJobs(): Promise<{ jobs: QueuedJob[]; error?: string }> {
  const r = await slurmCmd('squeue', SQUEUE_JOBS, 10_000);
  return r.code === 0 ? { jobs: parseQueuedJobs(r.stdout) } : { jobs: [], error: failure('squeue', r) };
}

export async function listPartitions(): Promise<{ partitions: Partition[]; nodes: ClusterNode[]; error?: string }> {
  const [p, n] = await Promise.all([slurmCmd('sinfo', SINFO_PARTITIONS, 10_000), slurmCmd('sinfo', SINFO_NODES, 10_000)]);
  const bad = [p, n].find((r) => r.code !== 0);
  if (bad) return { partitions: [], nodes: [], error: failure('sinfo', bad) };
  return { partitions: parsePartitions(p.stdout), nodes: parseNodes(n.stdout) };
}
