// What the user sees while a cell runs: a progress line updated in place (a
// display with a display_id, so the front end replaces it instead of appending)
// and the guest console streamed as it arrives, batched so a chatty guest does
// not become thousands of messages.
import { randomUUID } from 'node:crypto';
import type { Stage } from '../engine/run.js';
import type { Runner } from '../engine/runners/types.js';
import { countsText, SlurmRunner, type SlurmJobsUpdate } from '../engine/runners/slurm/runner.js';

/** Sends an iopub message whose parent is the running execute_request. */
export type Publish = (msgType: string, content: Record<string, unknown>) => void;

export const PROGRESS_TICK_MS = 1000;
/** The progress line for front ends that draw it (the bootbook extension's progress bar); text/plain stays for every other one. */
export const PROGRESS_MIME = 'application/vnd.bootbook.progress+json';
export const CONSOLE_FLUSH_MS = 100;
/** Live console beyond this is not streamed (the run record still keeps head and tail). */
export const LIVE_CONSOLE_BYTES = 256 * 1024;

/** The progress JSON's `runner` for a slurm cell: its jobs and how many runs are in each state. */
export interface RunnerProgress {
  kind: 'slurm';
  jobIds: string[];
  counts: Record<string, number>;
  nodes: string[];
  partition?: string;
  reservation?: string;
}

/** "slurm job 12 [reservation=r1]: RUNNING 1 on n3"; "slurm array 12: PENDING 12 · RUNNING 4 on n1, n2". */
export function slurmText(u: SlurmJobsUpdate): string {
  const runs = Object.values(u.counts).reduce((a, b) => a + b, 0);
  const ids = u.jobIds.length ? ` ${u.jobIds.join(', ')}` : '';
  const what = u.jobIds.length > 1 ? 'jobs' : runs > 1 ? 'array' : 'job';
  const where = [u.partition && `partition=${u.partition}`, u.reservation && `reservation=${u.reservation}`].filter(Boolean).join(' ');
  const on = u.nodes.length ? ` on ${u.nodes.join(', ')}` : '';
  return `slurm ${what}${ids}${where ? ` [${where}]` : ''}: ${countsText(u.counts) || 'submitting'}${on}`;
}

/** A display that can show where its runs are. */
export interface ShowsRunner {
  setRunner(u: SlurmJobsUpdate): void;
}

/** Show a slurm runner's job states in the cell's progress while it runs; a local (qemu) cell's line stays as it was. */
export function followRunner(runner: Runner | undefined, display: ShowsRunner): void {
  if (runner instanceof SlurmRunner) runner.watch((u) => display.setRunner(u));
}

export class ProgressDisplay implements ShowsRunner {
  private readonly id = randomUUID();
  private runner: SlurmJobsUpdate | undefined;
  private readonly started = performance.now();
  private stage: Stage | undefined;
  private detail: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private closed = false;

  constructor(
    private readonly publish: Publish,
    private readonly label: string,
  ) {}

  private text(): string {
    const s = ((performance.now() - this.started) / 1000).toFixed(1);
    const stage = this.stage ?? 'starting';
    // The engine's details often restate the stage ("preparing pack linux once..."): show them alone then.
    const detail = this.fullDetail();
    const what = !detail ? stage : detail.startsWith(stage) ? detail : `${stage} (${detail})`;
    return `${this.label} · ${what} · ${s} s`;
  }

  private json(done: boolean): Record<string, unknown> {
    const elapsedS = Math.round((performance.now() - this.started) / 100) / 10;
    const detail = this.fullDetail();
    return { label: this.label, stage: this.stage ?? 'starting', ...(detail ? { detail } : {}), elapsedS, done, ...(this.runner ? { runner: { kind: 'slurm', ...this.runner } satisfies RunnerProgress } : {}) };
  }

  /** The engine's detail, then the slurm jobs' states once they are known. */
  private fullDetail(): string | undefined {
    const s = this.runner && slurmText(this.runner);
    return [this.detail, s].filter(Boolean).join(' · ') || undefined;
  }

  setRunner(u: SlurmJobsUpdate): void {
    if (this.closed) return;
    this.runner = u;
    if (this.shown) this.show();
  }

  private show(): void {
    const content = { data: { 'text/plain': this.text(), [PROGRESS_MIME]: this.json(false) }, metadata: {}, transient: { display_id: this.id } };
    this.publish(this.shown ? 'update_display_data' : 'display_data', content);
    this.shown = true;
  }

  start(): void {
    this.show();
    // Elapsed time keeps moving during a long boot, so the user can tell it is alive.
    this.timer = setInterval(() => this.show(), PROGRESS_TICK_MS);
    this.timer.unref();
  }

  setStage(stage: Stage, detail?: string): void {
    // After an interrupt the engine may still report from the background: the cell has been answered.
    if (stage === 'done' || this.closed) return;
    if (stage === this.stage && detail === undefined) return;
    this.stage = stage;
    this.detail = detail;
    this.show();
  }

  /**
   * Clear the line (empty text): the result or error that follows says what
   * happened, and a saved notebook should not keep a stale "booting..." line.
   */
  finish(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown) this.publish('update_display_data', { data: { 'text/plain': '', [PROGRESS_MIME]: this.json(true) }, metadata: {}, transient: { display_id: this.id } });
  }
}

/** Guest console -> `stream` stdout messages, flushed every CONSOLE_FLUSH_MS. */
export class ConsoleStream {
  private buffer = '';
  private bytes = 0;
  private capped = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  /** Per run: whether its next text starts a line (for `[run k]` prefixes). */
  private readonly atLineStart = new Map<number, boolean>();

  constructor(
    private readonly publish: Publish,
    /** With several runs booting at once, lines are prefixed with their run so they stay readable. */
    private readonly runs: number,
    private readonly maxBytes = LIVE_CONSOLE_BYTES,
  ) {}

  push(run: number, text: string): void {
    if (this.capped || this.closed || !text) return;
    if (this.runs > 1) text = this.prefix(run, text);
    const bytes = Buffer.byteLength(text);
    if (this.bytes + bytes > this.maxBytes) {
      this.capped = true;
      const size = this.maxBytes >= 1024 ? `${Math.round(this.maxBytes / 1024)} KiB` : `${this.maxBytes} bytes`;
      this.buffer += `\n[bootbook: more than ${size} of console output; the rest is not shown live. The run record keeps its first and last parts.]\n`;
      this.flush();
      return;
    }
    this.bytes += bytes;
    this.buffer += text;
    this.timer ??= setTimeout(() => this.flush(), CONSOLE_FLUSH_MS);
  }

  private prefix(run: number, text: string): string {
    const start = this.atLineStart.get(run) ?? true;
    const tag = `[run ${run + 1}] `;
    const out = (start ? tag : '') + text.replace(/\n(?=.)/gs, `\n${tag}`);
    this.atLineStart.set(run, text.endsWith('\n'));
    return out;
  }

  /** Flush and take nothing more: the cell has been answered, late output must not follow its reply. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    this.publish('stream', { name: 'stdout', text });
  }
}
