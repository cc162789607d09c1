// What a cell shows while its sweep runs: one progress display updated in place
// (text "12/40 runs, 1 failed, ~20 s left" plus a machine-readable
// application/vnd.bootbook.progress+json the front end can draw as a bar), and
// a second display with the partial results table, refreshed as runs finish.
// Both are cleared at the end: the final result and chart follow, and a saved
// notebook should not keep a stale "12/40" line.
import { randomUUID } from 'node:crypto';
import type { SlurmJobsUpdate } from '../engine/runners/slurm/runner.js';
import type { SweepProgress } from '../engine/sweep/runner.js';
import { slurmText, type Publish, type RunnerProgress, type ShowsRunner } from './progress.js';

export const PROGRESS_MIME = 'application/vnd.bootbook.progress+json';
/** At most this often the partial table is re-sent: a fast sweep must not flood the socket. */
export const PARTIAL_EVERY_MS = 1000;
const TICK_MS = 1000;

export function progressText(p: SweepProgress, label: string): string {
  const parts = [`${p.done}/${p.total} runs`];
  if (p.failed) parts.push(`${p.failed} failed`);
  if (p.resumed) parts.push(`${p.resumed} resumed`);
  if (p.stage === 'building') parts.push('building');
  else if (p.etaS !== null && p.done < p.total) parts.push(p.etaS < 1 ? 'finishing' : `~${formatDuration(p.etaS)} left`);
  return `${label} · ${parts.join(', ')}`;
}

export function formatDuration(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export class SweepProgressDisplay implements ShowsRunner {
  private readonly id = randomUUID();
  private runner: SlurmJobsUpdate | undefined;
  private readonly partialId = randomUUID();
  private last: SweepProgress | undefined;
  private readonly started = performance.now();
  private shown = false;
  private partialShown = false;
  private partialAt = 0;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly publish: Publish,
    private readonly label: string,
  ) {}

  start(total: number): void {
    this.update({ done: 0, total, failed: 0, etaS: null, stage: 'building', resumed: 0 });
    // The estimate keeps moving between runs, so the user can tell the sweep is alive.
    this.timer = setInterval(() => this.last && this.show(), TICK_MS);
    this.timer.unref();
  }

  update(p: SweepProgress): void {
    if (this.closed) return;
    this.last = p;
    this.show();
  }

  private show(): void {
    const p = this.last!;
    // The same shape as a single run's progress (progress.ts), plus the run counts.
    const json = {
      label: this.label,
      stage: p.stage === 'building' ? 'building' : 'booting',
      elapsedS: Math.round((performance.now() - this.started) / 100) / 10,
      done: false,
      runs: { done: p.done, total: p.total, failed: p.failed, etaS: p.etaS },
      // Slurm only: the array's states ride along as the detail the front end shows, and as data.
      ...(this.runner ? { detail: slurmText(this.runner), runner: { kind: 'slurm', ...this.runner } satisfies RunnerProgress } : {}),
    };
    const text = progressText(p, this.label) + (this.runner ? ` · ${slurmText(this.runner)}` : '');
    const content = { data: { 'text/plain': text, [PROGRESS_MIME]: json }, metadata: {}, transient: { display_id: this.id } };
    this.publish(this.shown ? 'update_display_data' : 'display_data', content);
    this.shown = true;
  }

  setRunner(u: SlurmJobsUpdate): void {
    if (this.closed) return;
    this.runner = u;
    if (this.last) this.show();
  }

  /** The results so far (text), throttled. */
  partial(text: () => string, force = false): void {
    if (this.closed) return;
    const now = performance.now();
    if (!force && now - this.partialAt < PARTIAL_EVERY_MS) return;
    this.partialAt = now;
    this.publish(this.partialShown ? 'update_display_data' : 'display_data', { data: { 'text/plain': text() }, metadata: {}, transient: { display_id: this.partialId } });
    this.partialShown = true;
  }

  finish(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const clear = (id: string) => this.publish('update_display_data', { data: { 'text/plain': '' }, metadata: {}, transient: { display_id: id } });
    if (this.shown) clear(this.id);
    if (this.partialShown) clear(this.partialId);
  }
}
