// What the boot console shows, derived from the kernel's iopub messages alone:
// the cell that runs now (its execute_input), its stage from the progress display
// (preparing and building are "building", then "booting"; the first console text
// after that is "running"), its elapsed time, the guest console (ANSI parsed into
// classed segments) and, when the kernel goes idle, the run records or the error.
// Cells scheduled but not started yet count as queued. DOM-free.
import { parseProgress } from '../api/progress.js';
import { RUN_MIME, type RunRecord } from '../api/types.js';
import { AnsiParser, type Segment } from './ansi.js';

export type Stage = 'idle' | 'queued' | 'building' | 'booting' | 'running' | 'done';
/** The stages a run goes through, as the panel lists them. */
export const STAGES: readonly Stage[] = ['queued', 'building', 'booting', 'running', 'done'];

/** The fields of a Jupyter iopub message this model reads. */
export interface IopubMessage {
  header: { msg_type: string };
  parent_header: { msg_id?: string } | Record<string, never>;
  content: Record<string, unknown>;
}

export interface RunError {
  ename: string;
  evalue: string;
}

export interface BootConsoleOptions {
  /** Lines of console kept (older ones are dropped). */
  maxLines?: number;
  now?: () => number;
}

export class BootConsoleModel {
  stage: Stage = 'idle';
  /** "kite (x86_64)", from the progress display. */
  label = '';
  /** The engine's detail for the stage ("1 run", "preparing pack linux once..."). */
  detail = '';
  code = '';
  executionCount: number | null = null;
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** Cells scheduled and not started yet. */
  queued = 0;
  records: RunRecord[] = [];
  error: RunError | undefined;
  /** The console, one array of segments per line; the last line may be open. */
  lines: Segment[][] = [[]];
  /** Lines dropped from the top to keep within maxLines. */
  dropped = 0;

  private runId: string | undefined;
  private readonly parser = new AnsiParser();
  private readonly listeners = new Set<() => void>();
  maxLines: number;
  private readonly now: () => number;

  constructor(opts: BootConsoleOptions = {}) {
    this.maxLines = opts.maxLines ?? 5000;
    this.now = opts.now ?? (() => Date.now());
  }

  /** Called after every change (the widget re-renders). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Milliseconds since the running cell started (frozen when it ended). */
  elapsedMs(): number {
    if (this.startedAt === undefined) return 0;
    return (this.endedAt ?? this.now()) - this.startedAt;
  }

  /** A cell was scheduled to run (NotebookActions.executionScheduled). */
  scheduled(): void {
    this.queued++;
    if (this.stage === 'idle' || this.stage === 'done') this.stage = 'queued';
    this.changed();
  }

  /** Forget everything (another notebook is followed now, or its kernel restarted). */
  reset(): void {
    this.stage = 'idle';
    this.queued = 0;
    this.startRun(undefined);
    this.changed();
  }

  private startRun(id: string | undefined): void {
    this.runId = id;
    this.label = '';
    this.detail = '';
    this.code = '';
    this.executionCount = null;
    this.startedAt = id === undefined ? undefined : this.now();
    this.endedAt = undefined;
    this.records = [];
    this.error = undefined;
    this.lines = [[]];
    this.dropped = 0;
    this.parser.reset();
  }

  /** The plain console text (for tests and copying). */
  consoleText(): string {
    return this.lines.map(l => l.map(s => s.text).join('')).join('\n');
  }

  private append(text: string): void {
    for (const seg of this.parser.push(text)) {
      const parts = seg.text.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) this.lines.push([]);
        if (part) this.lines[this.lines.length - 1]!.push({ text: part, classes: seg.classes });
      });
    }
    const over = this.lines.length - this.maxLines;
    if (over > 0) {
      this.lines.splice(0, over);
      this.dropped += over;
    }
  }

  handle(msg: IopubMessage): void {
    const parent = (msg.parent_header as { msg_id?: string }).msg_id;
    const c = msg.content;
    const type = msg.header.msg_type;
    if (type === 'execute_input') {
      this.startRun(parent);
      this.code = String(c.code ?? '');
      this.executionCount = typeof c.execution_count === 'number' ? c.execution_count : null;
      this.queued = Math.max(0, this.queued - 1);
      this.stage = 'queued';
      this.changed();
      return;
    }
    if (parent === undefined || parent !== this.runId) return;
    switch (type) {
      case 'display_data':
      case 'update_display_data': {
        const p = parseProgress(c.data as Record<string, unknown> | undefined);
        if (!p) return;
        this.label = p.label;
        this.detail = p.detail ?? '';
        if (p.done) break;
        if (p.stage === 'booting') {
          if (this.stage !== 'running') this.stage = 'booting';
        } else {
          this.stage = 'building';
        }
        break;
      }
      case 'stream':
        if (this.stage === 'booting') this.stage = 'running';
        this.append(String(c.text ?? ''));
        break;
      case 'execute_result': {
        const bundle = (c.data as Record<string, unknown> | undefined)?.[RUN_MIME] as { records?: RunRecord[] } | undefined;
        if (Array.isArray(bundle?.records)) this.records = bundle.records;
        break;
      }
      case 'error':
        this.error = { ename: String(c.ename ?? 'Error'), evalue: String(c.evalue ?? '') };
        break;
      case 'status':
        if (c.execution_state !== 'idle') return;
        this.stage = 'done';
        this.endedAt = this.now();
        break;
      default:
        return;
    }
    this.changed();
  }

  /** One line for the panel's header: "kite (x86_64) · booting (1 run) · 3.2 s". */
  summary(): string {
    const s = (this.elapsedMs() / 1000).toFixed(1);
    const what = this.stage === 'done' ? (this.error ? `done: ${this.error.ename}` : `done: ${this.records.map(r => r.status).join(', ') || 'ok'}`) : this.stage;
    return [this.label, what + (this.detail && this.stage !== 'done' ? ` (${this.detail})` : ''), this.startedAt !== undefined ? `${s} s` : '']
      .filter(Boolean)
      .join(' · ');
  }
}
