// The Cluster panel's state without a DOM: what GET /bootbook/api/slurm and
// /bootbook/api/slurm/jobs answered (server/src/jupyter/routes/slurm.ts), polled
// only while the panel is visible, backing off while nothing changes; and where a
// notebook's cells run, from their %runner lines or the user's default runner.

/** The wire shapes of server/src/engine/runners/slurm/overview.ts. */
export interface Partition {
  name: string;
  isDefault: boolean;
  availability: string;
  timeLimit: string;
  nodes: string[];
}
export interface ClusterNode {
  name: string;
  partitions: string[];
  state: string;
  cpus: number;
  reason: string;
}
export interface Reservation {
  name: string;
  nodes: string;
  start: string;
  end: string;
  users: string;
  accounts: string;
  partition: string;
  flags: string;
  state: string;
  use: string;
}
export type RunnerSpec = { kind: 'qemu' } | { kind: 'slurm'; options: Record<string, string | number | boolean> };
export interface ClusterOverview {
  available: boolean;
  why?: string;
  partitions: Partition[];
  nodes: ClusterNode[];
  reservations: Reservation[];
  accounting: { available: boolean; detail: string };
  defaultRunner: { spec: RunnerSpec; source: string; error?: string };
  errors: string[];
}
export interface QueuedJob {
  id: string;
  arrayJobId: string;
  state: string;
  reason: string;
  nodes: string;
  partition: string;
  reservation: string;
  user: string;
  elapsed: string;
  timeLimit: string;
}
export interface JobsView {
  available: boolean;
  why?: string;
  jobs: QueuedJob[];
  counts: Record<string, number>;
}

/** What POST /bootbook/api/slurm/jobs/<id>/cancel answered: the queue lines it cancelled. */
export interface CancelAnswer {
  jobId: string;
  cancelled: { id: string; state: string }[];
}

export interface ClusterApi {
  overview(): Promise<ClusterOverview>;
  jobs(): Promise<JobsView>;
  /** Rejects with the server's reason (not bootbook's job, already ended, no Slurm...). */
  cancel(jobId: string): Promise<CancelAnswer>;
}

/** setTimeout by another name, so tests can drive the clock. */
export interface Scheduler {
  after(ms: number, fn: () => void): () => void;
}
const realScheduler: Scheduler = {
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  }
};

export interface PollOptions {
  /** Poll this often while jobs are pending or running, or something just changed. */
  minMs: number;
  /** ... backing off (doubling) to this while nothing changes. */
  maxMs: number;
  /** Partitions, nodes and reservations change rarely: re-read them this often. */
  overviewEveryMs: number;
}
export const DEFAULT_POLL: PollOptions = { minMs: 2000, maxMs: 30_000, overviewEveryMs: 30_000 };

const ACTIVE = /^(PENDING|CONFIGURING|RUNNING|COMPLETING|REQUEUED|SUSPENDED)$/;

export class ClusterModel {
  overview: ClusterOverview | undefined;
  jobs: JobsView | undefined;
  /** The last request that failed (the server could not be reached...), cleared by the next success. */
  error: string | undefined;
  /** The next poll's delay: the back-off, visible for tests and the panel's footer. */
  delayMs: number;
  private visible = false;
  private stopTimer: (() => void) | undefined;
  private overviewAt = -Infinity;
  private elapsedMs = 0;
  private lastJobs = '';
  private readonly listeners = new Set<() => void>();
  private polling: Promise<void> | undefined;

  constructor(
    private readonly api: ClusterApi,
    private readonly poll: PollOptions = DEFAULT_POLL,
    private readonly scheduler: Scheduler = realScheduler
  ) {
    this.delayMs = poll.minMs;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  get isPolling(): boolean {
    return this.visible;
  }

  /** Shown: read now and keep polling; hidden: stop (a closed panel costs the controller nothing). */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.stopTimer?.();
    this.stopTimer = undefined;
    if (visible) {
      this.delayMs = this.poll.minMs;
      void this.tick();
    }
  }

  /** Read everything now (the Refresh button; also once at start for the runner label). */
  async refresh(): Promise<void> {
    this.overviewAt = -Infinity;
    this.delayMs = this.poll.minMs;
    await this.read();
  }

  /**
   * Cancel a job (the panel's Cancel button, after the user confirmed), then read the
   * queue again whether it worked or not, so the rows show what Slurm now says.
   * Rejects with the server's reason.
   */
  async cancel(jobId: string): Promise<CancelAnswer> {
    try {
      return await this.api.cancel(jobId);
    } finally {
      await this.polling; // a poll begun before the cancel would show the old states
      await this.refresh();
    }
  }

  private async tick(): Promise<void> {
    await this.read();
    if (!this.visible) return;
    this.stopTimer?.();
    const delay = this.delayMs;
    this.stopTimer = this.scheduler.after(delay, () => {
      this.elapsedMs += delay;
      void this.tick();
    });
  }

  private read(): Promise<void> {
    // One request at a time: a slow controller must not pile polls up.
    this.polling ??= this.readOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async readOnce(): Promise<void> {
    let changed = false;
    try {
      if (this.elapsedMs - this.overviewAt >= this.poll.overviewEveryMs || !this.overview) {
        const o = await this.api.overview();
        if (JSON.stringify(o) !== JSON.stringify(this.overview)) changed = true;
        this.overview = o;
        this.overviewAt = this.elapsedMs;
      }
      if (this.overview.available) {
        const jobs = await this.api.jobs();
        const key = JSON.stringify(jobs.jobs.map(j => [j.id, j.state, j.nodes]));
        if (key !== this.lastJobs) changed = true;
        this.lastJobs = key;
        this.jobs = jobs;
      } else this.jobs = undefined;
      if (this.error) changed = true;
      this.error = undefined;
    } catch (e) {
      this.error = (e as Error).message || String(e);
      changed = true;
      this.delayMs = Math.min(this.poll.maxMs, this.delayMs * 2);
      this.emit();
      return;
    }
    const busy = this.jobs?.jobs.some(j => ACTIVE.test(j.state)) ?? false;
    this.delayMs = changed || busy ? this.poll.minMs : Math.min(this.poll.maxMs, this.delayMs * 2);
    if (changed) this.emit();
  }

  dispose(): void {
    this.setVisible(false);
    this.listeners.clear();
  }
}

/** Jobs as the panel lists them: waiting and running first, then the newest; at most `maxFinished` finished ones. */
export function jobsToShow(jobs: readonly QueuedJob[], maxFinished = 20): { shown: QueuedJob[]; hiddenFinished: number } {
  const num = (j: QueuedJob) => Number(j.arrayJobId) || 0;
  const task = (j: QueuedJob) => Number(/_\[?(\d+)/.exec(j.id)?.[1] ?? -1); // a pending range sorts by its first task
  const sorted = [...jobs].sort((a, b) => Number(ACTIVE.test(b.state)) - Number(ACTIVE.test(a.state)) || num(b) - num(a) || task(a) - task(b));
  const active = sorted.filter(j => ACTIVE.test(j.state));
  const finished = sorted.filter(j => !ACTIVE.test(j.state));
  return { shown: [...active, ...finished.slice(0, maxFinished)], hiddenFinished: Math.max(0, finished.length - maxFinished) };
}

/**
 * What a row's Cancel button cancels: the job or array task itself, or for a row of an
 * array's pending tasks ("123_[5-39%8]") the whole array; nothing for a job that ended.
 */
export function cancelTarget(job: Pick<QueuedJob, 'id' | 'arrayJobId' | 'state'>): { id: string; what: string } | undefined {
  if (job.state !== 'PENDING' && job.state !== 'RUNNING') return undefined;
  if (/^\d+(_\d+)?$/.test(job.id)) return { id: job.id, what: `Slurm job ${job.id}` };
  if (/^\d+$/.test(job.arrayJobId)) return { id: job.arrayJobId, what: `Slurm job array ${job.arrayJobId} (all its tasks)` };
  return undefined;
}

/** "PENDING 12 · RUNNING 4 · COMPLETED 4", in the order a job moves through them. */
export function countsText(counts: Record<string, number>): string {
  const order = ['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'COMPLETED', 'FAILED', 'TIMEOUT', 'NODE_FAIL', 'CANCELLED'];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.keys(counts)
    .filter(k => counts[k]! > 0)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map(k => `${k} ${counts[k]}`)
    .join(' · ');
}

/** A cell's `%runner ...` words (from the directive lines at its top), or undefined when it has none. */
export function cellRunner(source: string): string[] | undefined {
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (!line.startsWith('%')) return undefined;
    const m = /^%runner(?:\s+(.*))?$/.exec(line);
    if (m) return (m[1] ?? '').split(/\s+/).filter(Boolean);
  }
  return undefined;
}

/** "slurm partition=debug reservation=r1" / "qemu (local)". */
export function runnerText(words: readonly string[]): string {
  if (!words.length || words[0] === 'qemu') return 'qemu (local)';
  return words.join(' ');
}

export function specWords(spec: RunnerSpec | undefined): string[] {
  if (!spec || spec.kind === 'qemu') return ['qemu'];
  const opts = Object.entries(spec.options).flatMap(([k, v]) => (k === 'exclusive' ? (v ? ['exclusive'] : []) : [`${k}=${String(v)}`]));
  return ['slurm', ...opts];
}

/** A cell of `%runner ...` alone (the notebook's default for the cells after it, see the kernel's execute.ts). */
export function isRunnerCell(source: string): boolean {
  const lines = source.split('\n').map(l => l.trim()).filter(Boolean);
  return lines.length === 1 && /^%runner(\s|$)/.test(lines[0]!);
}

/**
 * Where a notebook's code cells run: each cell's %runner, else the notebook's default
 * (the last cell of %runner alone above it), else the user's default (runner.json),
 * else the local pool. One place, or "mixed" with each.
 */
export function notebookRunner(codeCells: readonly string[], userDefault?: RunnerSpec): { text: string; title: string; kind: 'qemu' | 'slurm' | 'mixed' } {
  let fallback = specWords(userDefault);
  const places = new Map<string, number>();
  for (const src of codeCells) {
    if (isRunnerCell(src)) {
      fallback = cellRunner(src)!;
      continue;
    }
    const words = cellRunner(src) ?? fallback;
    const text = runnerText(words);
    places.set(text, (places.get(text) ?? 0) + 1);
  }
  if (!places.size) places.set(runnerText(fallback), 0);
  const defaultText = `default: ${runnerText(fallback)}${userDefault ? ' (runner.json)' : ''}`;
  if (places.size === 1) {
    const text = [...places.keys()][0]!;
    return { text: `runs on ${text}`, title: `Where this notebook's cells run (a cell's %runner line, else the ${defaultText})`, kind: text.startsWith('slurm') ? 'slurm' : 'qemu' };
  }
  const list = [...places].map(([t, n]) => `${t}: ${n} cell${n === 1 ? '' : 's'}`);
  return { text: `runs on ${places.size} places`, title: `${list.join('\n')}\n(${defaultText})`, kind: 'mixed' };
}

/** A run record's runner, as much as this needs of it. */
export interface RunnerFacts {
  runner: { kind: string; [k: string]: unknown };
}

/** "ran on slurm: node n3 (reservation=r1; job 12)"; '' for local runs (their result stays as it was). */
export function whereRan(records: readonly RunnerFacts[]): string {
  const slurm = records.filter(r => r.runner?.kind === 'slurm');
  if (!slurm.length) return '';
  const set = (k: string) => [...new Set(slurm.map(r => r.runner[k]).filter((v): v is string => typeof v === 'string' && v !== ''))];
  const nodes = set('node');
  const opts = [...set('partition').map(p => `partition=${p}`), ...set('reservation').map(r => `reservation=${r}`)];
  const jobs = set('arrayJobId');
  const parts = [opts.join(' '), jobs.length ? `job${jobs.length > 1 ? 's' : ''} ${jobs.join(', ')}` : ''].filter(Boolean).join('; ');
  return `ran on slurm: ${nodes.length ? `node${nodes.length > 1 ? 's' : ''} ${nodes.join(', ')}` : 'no node'}${parts ? ` (${parts})` : ''}`;
}
