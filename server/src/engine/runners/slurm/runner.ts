// The Slurm runner: the same boot as the local QEMU runner (argv from
// renderArgv), run by a batch job on a cluster node. A batch of boots (a sweep,
// or a cell's repeats) is ONE job array; its state comes from one squeue query
// per poll, backing off from 0.5 s to 5 s; each run's serial console is read
// from its output file and parsed by the same guest-protocol parser. Interrupt
// cancels the jobs (scancel); TIMEOUT is a timeout; NODE_FAIL is submitted
// again up to `retries` times, then a runner-error; a refused submission fails
// every run at once with Slurm's own message. Staged files are removed after.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync as removeFile, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { removeTempDir, trackTempDir } from '../../cleanup.js';
import { GuestOutputParser } from '../../guest/protocol.js';
import type { MachineEnd } from '../../guest/status.js';
import { renderArgv, shellQuote } from '../qemu/config.js';
import type { BootRequest, BootResult, Runner } from '../types.js';
import { sbatchFlags, stagingRoot, type SlurmOptions } from './config.js';
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

interface Task {
  index: number;
  req: BootRequest;
  argv: string[];
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

function taskScript(argv: string[], timeoutMs: number): string {
  const secs = Math.max(1, Math.ceil(timeoutMs / 1000));
  // timeout -v says on stderr when it stopped QEMU; its exit code is QEMU's otherwise.
  return `#!/bin/sh
cd "$(dirname "$0")"
s=$(date +%s%N)
timeout -v -k 2 ${secs} ${shellQuote(argv)} </dev/null >console 2>stderr
rc=$?
e=$(date +%s%N)
echo "$rc $s $e" > exit.tmp && mv exit.tmp exit
`;
}

export class SlurmRunner implements Runner {
  readonly kind = 'slurm';
  constructor(readonly options: SlurmOptions = {}) {}

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
    const tasks: Task[] = reqs.map((req, index) => {
      const original = renderArgv(req.qemu);
      const argv = [...original];
      // The image's files go with the job: kernel, initrd and any other existing file the argv names.
      for (let k = 1; k < argv.length; k++) if (argv[k]!.startsWith('/') && isFile(argv[k]!)) argv[k] = stage(argv[k]!);
      const dir = join(root, `t${index}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'run.sh'), taskScript(argv, req.timeoutMs), { mode: 0o755 });
      return { index, req, argv: original, dir, attempts: 0, resolve: resolvers[index]!, settled: false, history: [] };
    });
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
        argv: t.argv,
        totalMs: qemuMs ?? performance.now() - started,
        runner: { kind: this.kind, jobId: t.jobId, arrayJobId: t.arrayJobId, arrayTaskId: t.taskId, attempts: t.attempts, ...this.recordOptions(t.req), ...extra, ...(t.history.length ? { history: t.history } : {}) },
      });
    };
    const runnerError = (t: Task, reason: string, extra: Record<string, unknown> = {}) =>
      settle(t, { code: null, signal: null, timedOut: false, cancelled: false, stderr: '', runnerError: reason }, extra, true);
    const cancelled = (t: Task) => settle(t, { code: null, signal: null, timedOut: false, cancelled: true, stderr: '' }, {}, true);

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
      }
      return true;
    };

    try {
      if (aborted()) {
        tasks.forEach(cancelled);
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
        for (const s of parseSqueue(q.stdout)) states.set(s.taskId === undefined ? s.arrayJobId : `${s.arrayJobId}_${s.taskId}`, s);
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
            } else if (q.code === 0 && (t.missing = (t.missing ?? 0) + 1) > 10) runnerError(t, `job ${t.jobId} is no longer known to Slurm and left no result`);
            continue;
          }
          const cls = classifyState(s.state);
          const extra = { state: s.state, node: s.node || readText(join(t.dir, 'node'))?.trim().split(' ')[1] };
          t.missing = 0;
          if (cls === 'waiting') continue;
          changed = true;
          if (cls === 'done') this.finishDone(t, settle, s.state, extra.node ?? '');
          else if (cls === 'timeout')
            settle(t, { code: null, signal: null, timedOut: true, cancelled: false, stderr: readText(join(t.dir, 'stderr')) ?? '' }, { ...extra, reason: `Slurm stopped job ${t.jobId} at its time limit` }, true);
          else if (cls === 'node-fail') {
            t.history.push(`${t.jobId}: ${s.state}${s.node ? ` on ${s.node}` : ''}`);
            if (t.attempts <= (this.options.retries ?? DEFAULT_RETRIES)) retry.push(t);
            else runnerError(t, `job ${t.jobId} was lost to a node failure (${s.state}${s.node ? ` on ${s.node}` : ''}) after ${t.attempts} attempt${t.attempts > 1 ? 's' : ''}`, extra);
          } else if (cls === 'cancelled') runnerError(t, `job ${t.jobId} was cancelled outside bootbook (${s.state}${s.reason ? `, ${s.reason}` : ''})`, extra);
          else runnerError(t, `job ${t.jobId} ended ${s.state}${s.reason ? ` (${s.reason})` : ''}`, extra);
        }
        if (retry.length) await submit(retry);
        delay = changed ? POLL_MIN_MS : Math.min(POLL_MAX_MS, delay * 1.5);
      }
    } catch (e) {
      for (const t of tasks) if (!t.settled) runnerError(t, `the slurm runner failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      for (const s of signals) s.removeEventListener('abort', onAbort);
      untrack();
      removeTempDir(root);
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
