// The Slurm runner: the same boot as the local QEMU runner (argv from
// renderArgv), run by a batch job on a cluster node. A batch of boots (a sweep,
// or a cell's repeats) is ONE job array; its state comes from one squeue query
// per poll, backing off from 0.5 s to 5 s; each run's serial console is read
// from its output file and parsed by the same guest-protocol parser. Interrupt
// cancels the jobs (scancel), and a job cancelled by someone else (the Cluster
// panel, scancel) is a `cancelled` run that says so; TIMEOUT is a timeout; NODE_FAIL is submitted
// again up to `retries` times, then a runner-error; a refused submission fails
// every run at once with Slurm's own message. Staged files are removed after.
// Watchers (the notebook's progress line) get the jobs' states as they change;
// with `auto` acceleration the node chooses kvm or tcg (node-accel.ts).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, rmSync as removeFile, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { trackTempDir } from '../../cleanup.js';
import { GuestOutputParser } from '../../guest/protocol.js';
import type { MachineEnd } from '../../guest/status.js';
import { buildProbe } from '../qemu/accel.js';
import { renderArgv, shellQuote } from '../qemu/config.js';
import type { BootRequest, BootResult, Runner } from '../types.js';
import { accountedStates } from './accounting.js';
import { sbatchFlags, stagingRoot, type SlurmOptions } from './config.js';
import { ACCEL_MARK, askNode, markAccel, nodeAccelScript, parseNodeAccel, unmarkAccel } from './node-accel.js';
import { classifyState, parseSqueue, type TaskState } from './state.js';

export const POLL_MIN_MS = 500;
export const POLL_MAX_MS = 5000;
const CMD_TIMEOUT_MS = 30_000;
const DEFAULT_LIMIT = 16;
const DEFAULT_RETRIES = 1;

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a Slurm client command; never throws (a missing command is code 127). */
export function slurmCmd(cmd: string, args: readonly string[], timeoutMs = CMD_TIMEOUT_MS): Promise<CmdResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      const code = !e ? 0 : typeof e.code === 'number' ? e.code : e.code === 'ENOENT' ? 127 : 1;
      resolve({ code, stdout: String(stdout ?? ''), stderr: String(stderr ?? '') || (e && typeof e.code !== 'number' ? e.message : '') });
    });
  });
}

/** Slurm's own message from sbatch's stderr: its last "error:" line, without the prefix noise. */
export function slurmMessage(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const last = [...lines].reverse().find((l) => /error:/.test(l)) ?? lines.at(-1) ?? 'sbatch failed without a message';
  return last.replace(/^sbatch:\s*/, '');
}

/** What a watcher sees: the jobs of this runner's batches and how many runs are in each Slurm state. */
export interface SlurmJobsUpdate {
  /** Job ids as submitted (an array's id; a retry adds another). */
  jobIds: string[];
  /** Runs per state: PENDING, RUNNING, COMPLETED, TIMEOUT... (NOT_SUBMITTED when sbatch refused them). */
  counts: Record<string, number>;
  /** Nodes the runs are on or ran on. */
  nodes: string[];
  partition?: string;
  reservation?: string;
}

/** The states in the order a progress line lists them. */
export const STATE_ORDER = ['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'COMPLETED', 'FAILED', 'TIMEOUT', 'NODE_FAIL', 'BOOT_FAIL', 'CANCELLED'];

/** "PENDING 12 · RUNNING 4 · COMPLETED 4": known states first, in order, then any other. */
export function countsText(counts: Record<string, number>): string {
  const keys = Object.keys(counts).filter((k) => counts[k]! > 0);
  const rank = (k: string) => (STATE_ORDER.includes(k) ? STATE_ORDER.indexOf(k) : STATE_ORDER.length);
  return keys
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((k) => `${k} ${counts[k]}`)
    .join(' · ');
}

interface Task {
  index: number;
  req: BootRequest;
  argv: string[];
  /** The accelerator is chosen on the node (auto, and the pack allows kvm). */
  accelOnNode: boolean;
  /** The last Slurm state seen (or the final one), for watchers. */
  state?: string;
  node?: string;
  dir: string;
  attempts: number;
  /** The job id of the current attempt ("123_4" in an array, "123" alone). */
  jobId?: string;
  arrayJobId?: string;
  taskId?: number;
  resolve: (r: BootResult) => void;
  settled: boolean;
  history: string[];
  /** Polls in a row that did not list this task. */
  missing?: number;
}

// Slurm runs a copy of the batch script from its spool: the staging folder is written in.
const jobScript = (root: string) => `#!/bin/sh
# bootbook slurm job: runs task $SLURM_ARRAY_TASK_ID (0 for a single job) of the staging folder.
i=\${SLURM_ARRAY_TASK_ID:-0}
d=${shellQuote([root])}/t$i
echo "\${SLURM_JOB_ID:-} \${SLURMD_NODENAME:-$(hostname)}" > "$d/node"
exec sh "$d/run.sh"
`;

function taskScript(argv: string[], timeoutMs: number, ask?: string): string {
  const secs = Math.max(1, Math.ceil(timeoutMs / 1000));
  // The node's accelerator words are split on purpose (-accel kvm -cpu host): unquoted.
  const cmd = shellQuote(argv).replace(ACCEL_MARK, '$BB_ACCEL_ARGS');
  // timeout -v says on stderr when it stopped QEMU; its exit code is QEMU's otherwise.
  return `#!/bin/sh
cd "$(dirname "$0")"
${ask ? `${ask}\necho "bootbook: accel $(cut -d'|' -f1,2 accel) on $(cut -d'|' -f3 accel): $(cut -d'|' -f4- accel)"\n` : ''}s=$(date +%s%N)
timeout -v -k 2 ${secs} ${cmd} </dev/null >console 2>stderr
rc=$?
e=$(date +%s%N)
echo "$rc $s $e" > exit.tmp && mv exit.tmp exit
`;
}

export class SlurmRunner implements Runner {
  readonly kind = 'slurm';
  private readonly watchers = new Set<(u: SlurmJobsUpdate) => void>();
  private readonly batches = new Set<Task[]>();
  private lastUpdate = '';
  constructor(readonly options: SlurmOptions = {}) {}

  /** Be told the jobs' states as they change; returns the way to stop. */
  watch(listener: (u: SlurmJobsUpdate) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  private publish(): void {
    if (!this.watchers.size) return;
    const counts: Record<string, number> = {};
    const jobIds = new Set<string>();
    const nodes = new Set<string>();
    for (const b of this.batches)
      for (const t of b) {
        const st = t.state ?? 'NOT_SUBMITTED';
        counts[st] = (counts[st] ?? 0) + 1;
        if (t.arrayJobId) jobIds.add(t.arrayJobId);
        if (t.node) nodes.add(t.node);
      }
    const u: SlurmJobsUpdate = { jobIds: [...jobIds], counts, nodes: [...nodes].sort(), ...(this.options.partition ? { partition: this.options.partition } : {}), ...(this.options.reservation ? { reservation: this.options.reservation } : {}) };
    const key = JSON.stringify(u);
    if (key === this.lastUpdate) return;
    this.lastUpdate = key;
    for (const w of this.watchers) w(u);
  }

  boot(req: BootRequest): Promise<BootResult> {
    return this.bootMany([req])[0]!;
  }

  /** One job array for all the requests; one promise per request, resolved as each run ends. */
  bootMany(reqs: readonly BootRequest[]): Promise<BootResult>[] {
    const resolvers: ((r: BootResult) => void)[] = [];
    const promises = reqs.map((_, i) => new Promise<BootResult>((res) => (resolvers[i] = res)));
    if (reqs.length) void this.runBatch(reqs, resolvers);
    return promises;
  }

  private async runBatch(reqs: readonly BootRequest[], resolvers: ((r: BootResult) => void)[]): Promise<void> {
    const root = join(stagingRoot(this.options), `b-${randomUUID()}`);
    mkdirSync(join(root, 'files'), { recursive: true });
    const untrack = trackTempDir(root);
    const staged = new Map<string, string>();
    const stage = (path: string): string => {
      let to = staged.get(path);
      if (!to) {
        to = join(root, 'files', `${staged.size}-${basename(path)}`);
        copyFileSync(path, to);
        staged.set(path, to);
      }
      return to;
    };
    const onNode = reqs.map(decidesOnNode);
    let probe: string | undefined;
    if (onNode.some(Boolean)) {
      try {
        probe = stage(await buildProbe());
      } catch {
        onNode.fill(false); // no assembler here: the submitting host's choice stands (the record's accelReason says which)
      }
    }
    if (probe) writeFileSync(join(root, 'accel.sh'), nodeAccelScript(), { mode: 0o755 });
    const tasks: Task[] = reqs.map((req, index) => {
      const accelOnNode = onNode[index]!;
      const original = accelOnNode ? markAccel(renderArgv({ ...req.qemu, accel: 'tcg', cpu: undefined })) : renderArgv(req.qemu);
      const argv = [...original];
      // The image's files go with the job: kernel, initrd and any other existing file the argv names.
      for (let k = 1; k < argv.length; k++) if (argv[k]!.startsWith('/') && isFile(argv[k]!)) argv[k] = stage(argv[k]!);
      const dir = join(root, `t${index}`);
      mkdirSync(dir);
      const ask = accelOnNode ? askNode(join(root, 'accel.sh'), argv[0]!, req.accelChoice?.tcgCpu, probe!) : undefined;
      writeFileSync(join(dir, 'run.sh'), taskScript(argv, req.timeoutMs, ask), { mode: 0o755 });
      return { index, req, argv: original, accelOnNode, dir, attempts: 0, resolve: resolvers[index]!, settled: false, history: [] };
    });
    this.batches.add(tasks);
    writeFileSync(join(root, 'job.sh'), jobScript(root), { mode: 0o755 });
    const started = performance.now();
    const signals = [...new Set(reqs.map((r) => r.signal).filter((s): s is AbortSignal => !!s))];
    const aborted = () => signals.some((s) => s.aborted);
    const jobIds = new Set<string>();
    let wake = () => {};
    const onAbort = () => wake();
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });

    const settle = (t: Task, end: MachineEnd, extra: Record<string, unknown>, withOutput: boolean) => {
      if (t.settled) return;
      t.settled = true;
      const parser = new GuestOutputParser(t.req.maxConsoleBytes, t.req.onEvent, t.req.onConsole);
      t.state = typeof extra.state === 'string' ? extra.state.split(' ')[0] : end.cancelled ? 'CANCELLED' : t.jobId ? t.state : 'NOT_SUBMITTED';
      if (typeof extra.node === 'string' && extra.node) t.node = extra.node;
      const chosen = t.accelOnNode ? parseNodeAccel(readText(join(t.dir, 'accel'))) : undefined;
      let qemuMs: number | undefined;
      if (withOutput) {
        try {
          parser.push(readFileSync(join(t.dir, 'console')));
        } catch {
          /* no console: the job never ran QEMU */
        }
        const ex = readText(join(t.dir, 'exit'))?.trim().split(/\s+/).map(Number);
        if (ex && ex.length === 3) qemuMs = (ex[2]! - ex[1]!) / 1e6;
      }
      t.resolve({
        output: parser.finish(),
        end,
        totalMs: qemuMs ?? performance.now() - started,
        argv: chosen ? unmarkAccel(t.argv, chosen) : t.argv,
        runner: {
          kind: this.kind,
          jobId: t.jobId,
          arrayJobId: t.arrayJobId,
          arrayTaskId: t.taskId,
          attempts: t.attempts,
          ...this.recordOptions(t.req),
          ...extra,
          ...(t.history.length ? { history: t.history } : {}),
          // The node chose: the record says what it chose and why, not the submitting host's guess.
          ...(chosen ? { accel: chosen.accel, accelReason: `decided on ${chosen.node}: ${chosen.reason}`, accelDecidedOn: 'node', ...(chosen.cpu ? { cpu: chosen.cpu } : {}) } : t.accelOnNode ? { accelDecidedOn: 'node' } : {}),
        },
      });
      this.publish();
    };
    const runnerError = (t: Task, reason: string, extra: Record<string, unknown> = {}) =>
      settle(t, { code: null, signal: null, timedOut: false, cancelled: false, stderr: '', runnerError: reason }, extra, true);
    // `outside`: someone else cancelled the job (the Cluster panel, scancel): the record says so instead of "interrupted".
    const cancelled = (t: Task, outside?: string, extra: Record<string, unknown> = {}) =>
      settle(t, { code: null, signal: null, timedOut: false, cancelled: true, stderr: '', ...(outside ? { cancelReason: outside } : {}) }, outside ? { ...extra, reason: outside } : extra, true);

    const submit = async (batch: Task[]): Promise<boolean> => {
      for (const t of batch) {
        t.attempts++;
        for (const f of ['exit', 'console', 'stderr', 'node']) rmQuiet(join(t.dir, f));
      }
      const args = [...sbatchFlags(this.options, Math.max(...batch.map((t) => t.req.timeoutMs))), `--chdir=${root}`];
      const single = batch.length === 1 && batch[0]!.index === 0 && reqs.length === 1;
      if (single) args.push(`--output=${join(root, 'slurm-%j.out')}`);
      else {
        const limit = this.options.limit ?? DEFAULT_LIMIT;
        args.push(`--array=${compactRanges(batch.map((t) => t.index))}%${limit}`, `--output=${join(root, 'slurm-%A_%a.out')}`);
      }
      args.push(join(root, 'job.sh'));
      const r = await slurmCmd('sbatch', args);
      const id = r.stdout.trim().split(';')[0] ?? '';
      if (r.code !== 0 || !/^\d+$/.test(id)) {
        const msg = r.code === 127 ? 'sbatch is not installed here (the slurm runner needs the Slurm client commands)' : slurmMessage(r.stderr);
        for (const t of batch) runnerError(t, `Slurm refused the job: ${msg}`, { sbatch: args });
        return false;
      }
      jobIds.add(id);
      for (const t of batch) {
        t.arrayJobId = id;
        t.taskId = single ? undefined : t.index;
        t.jobId = single ? id : `${id}_${t.index}`;
        t.state = 'PENDING';
      }
      this.publish();
      return true;
    };

    try {
      if (aborted()) {
        tasks.forEach((t) => cancelled(t));
        return;
      }
      await submit(tasks);
      let delay = POLL_MIN_MS;
      while (tasks.some((t) => !t.settled)) {
        if (aborted()) {
          if (jobIds.size) await slurmCmd('scancel', [...jobIds]);
          for (const t of tasks) if (!t.settled) cancelled(t);
          break;
        }
        await new Promise<void>((res) => {
          const timer = setTimeout(res, delay);
          wake = () => {
            clearTimeout(timer);
            res();
          };
        });
        if (aborted()) continue;
        const live = [...new Set(tasks.filter((t) => !t.settled && t.arrayJobId).map((t) => t.arrayJobId!))];
        if (!live.length) continue;
        // One query for the whole batch (every array of it, retries included).
        const q = await slurmCmd('squeue', ['-h', '-r', '-t', 'all', '-j', live.join(','), '-o', '%F|%K|%T|%r|%N']);
        const states = new Map<string, TaskState>();
        const listedArrays = new Set<string>();
        for (const s of parseSqueue(q.stdout)) {
          states.set(s.taskId === undefined ? s.arrayJobId : `${s.arrayJobId}_${s.taskId}`, s);
          listedArrays.add(s.arrayJobId);
        }
        // Jobs that left the queue: sacct knows how they ended, where accounting runs.
        const gone = tasks.filter((t) => !t.settled && t.jobId && !states.has(t.jobId) && !existsSync(join(t.dir, 'exit')));
        if (q.code === 0 && gone.length)
          for (const s of await accountedStates([...new Set(gone.map((t) => t.arrayJobId!))])) {
            const key = s.taskId === undefined ? s.arrayJobId : `${s.arrayJobId}_${s.taskId}`;
            if (!states.has(key) && !/^(PENDING|RUNNING|REQUEUED)$/.test(s.state)) states.set(key, s);
          }
        let changed = false;
        const retry: Task[] = [];
        for (const t of tasks) {
          if (t.settled || !t.jobId) continue;
          const s = states.get(t.jobId);
          if (!s) {
            // Gone from squeue (older than MinJobAge, or the query failed): the files decide.
            if (existsSync(join(t.dir, 'exit'))) {
              this.finishDone(t, settle, 'COMPLETED', '');
              changed = true;
            } else if (q.code === 0) {
              t.missing = (t.missing ?? 0) + 1;
              // Slurm drops a pending array task cancelled on its own (scancel 123_4) without a trace, while
              // its siblings stay listed: that, twice in a row, is a cancel from outside, not a lost job.
              if (t.taskId !== undefined && t.state === 'PENDING' && listedArrays.has(t.arrayJobId!) && t.missing >= 2) {
                cancelled(t, `job ${t.jobId} was cancelled outside bootbook (scancel while it was pending: it left Slurm's queue without running)`);
                changed = true;
              } else if (t.missing > 10) runnerError(t, `job ${t.jobId} is no longer known to Slurm and left no result`);
            }
            continue;
          }
          const cls = classifyState(s.state);
          const extra = { state: s.state, node: s.node || readText(join(t.dir, 'node'))?.trim().split(' ')[1] };
          t.missing = 0;
          t.state = s.state.split(' ')[0];
          if (extra.node) t.node = extra.node;
          if (cls === 'waiting') continue;
          changed = true;
          if (cls === 'done') this.finishDone(t, settle, s.state, extra.node ?? '');
          else if (cls === 'timeout')
            settle(t, { code: null, signal: null, timedOut: true, cancelled: false, stderr: readText(join(t.dir, 'stderr')) ?? '' }, { ...extra, reason: `Slurm stopped job ${t.jobId} at its time limit` }, true);
          else if (cls === 'node-fail') {
            t.history.push(`${t.jobId}: ${s.state}${s.node ? ` on ${s.node}` : ''}`);
            if (t.attempts <= (this.options.retries ?? DEFAULT_RETRIES)) retry.push(t);
            else runnerError(t, `job ${t.jobId} was lost to a node failure (${s.state}${s.node ? ` on ${s.node}` : ''}) after ${t.attempts} attempt${t.attempts > 1 ? 's' : ''}`, extra);
          } else if (cls === 'cancelled') cancelled(t, `job ${t.jobId} was cancelled outside bootbook (scancel; Slurm says ${s.state}${s.reason ? `, ${s.reason}` : ''})`, extra);
          else runnerError(t, `job ${t.jobId} ended ${s.state}${s.reason ? ` (${s.reason})` : ''}`, extra);
        }
        if (retry.length) await submit(retry);
        this.publish();
        delay = changed ? POLL_MIN_MS : Math.min(POLL_MAX_MS, delay * 1.5);
      }
    } catch (e) {
      for (const t of tasks) if (!t.settled) runnerError(t, `the slurm runner failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.publish();
      for (const s of signals) s.removeEventListener('abort', onAbort);
      untrack();
      removeStaging(root);
    }
  }

  /** The run script ran: QEMU's exit code, stderr and console decide, as for a local run. */
  private finishDone(t: Task, settle: (t: Task, end: MachineEnd, extra: Record<string, unknown>, withOutput: boolean) => void, state: string, node: string): void {
    const ex = readText(join(t.dir, 'exit'))?.trim().split(/\s+/);
    let stderr = readText(join(t.dir, 'stderr')) ?? '';
    const timedOut = /^timeout: sending signal/m.test(stderr);
    stderr = stderr.replace(/^timeout: sending signal.*\n?/gm, '');
    const extra = { state, node: node || readText(join(t.dir, 'node'))?.trim().split(' ')[1] };
    if (!ex) {
      const log = readText(join(t.dir, '..', t.taskId === undefined ? `slurm-${t.arrayJobId}.out` : `slurm-${t.arrayJobId}_${t.taskId}.out`))?.trim();
      settle(t, { code: null, signal: null, timedOut: false, cancelled: false, stderr, runnerError: `job ${t.jobId} ended ${state} without running QEMU${log ? `: ${log.split('\n').slice(-3).join(' | ')}` : ''}` }, extra, true);
      return;
    }
    const rc = Number(ex[0]);
    // 127/126: the shell could not run QEMU on the node.
    if (rc === 127 || rc === 126) {
      settle(t, { code: null, signal: null, timedOut: false, cancelled: false, stderr, spawnError: `${t.argv[0]} could not be run on ${extra.node ?? 'the node'} (${stderr.trim() || `exit ${rc}`})` }, extra, true);
      return;
    }
    settle(t, { code: timedOut ? null : rc, signal: timedOut ? 'SIGTERM' : null, timedOut, cancelled: false, stderr }, extra, true);
  }

  private recordOptions(req: BootRequest): Record<string, unknown> {
    const o = this.options;
    return Object.fromEntries(
      Object.entries({ partition: o.partition, reservation: o.reservation, account: o.account, qos: o.qos, time: o.time, exclusive: o.exclusive, timeoutMs: req.timeoutMs }).filter(([, v]) => v !== undefined),
    );
  }
}

/**
 * Remove a batch's staging folder. Cancelled jobs may still be writing into it
 * for a moment (Slurm's KillWait): retry instead of failing; never throws.
 */
function removeStaging(root: string): void {
  try {
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch {
    trackTempDir(root); // the process-exit sweep gets another go (cleanup.ts)
  }
}

/** Auto acceleration where the pack allows kvm on x86_64: the node decides (node-accel.ts). */
function decidesOnNode(req: BootRequest): boolean {
  const c = req.accelChoice;
  return !!c && c.requested === 'auto' && c.allowed.includes('kvm') && req.qemu.clock !== 'icount' && /qemu-system-x86_64$/.test(req.qemu.binary);
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function rmQuiet(p: string): void {
  try {
    removeFile(p);
  } catch {
    /* not there */
  }
}

/** 0,1,2,5,7,8 -> "0-2,5,7-8" (sbatch --array syntax). */
export function compactRanges(ns: readonly number[]): string {
  const s = [...ns].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return out.join(',');
}
