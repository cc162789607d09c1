// What one code cell does: directives -> checked target -> the engine, with
// progress and the console shown live, then a result bundle or a Jupyter error.
// Nothing here throws: every failure becomes a JupyterError for the reply.
import type { ErrorCode } from '../engine/errors.js';
import { isBootbookError } from '../engine/errors.js';
import type { Pack } from '../engine/packs/types.js';
import type { RunRecord } from '../engine/record.js';
import { runProgram, type AccelChoice, type RunRequest, type Stage } from '../engine/run.js';
import { runnerFor } from '../engine/runners/select.js';
import type { RunnerSpec } from '../engine/runners/slurm/config.js';
import { resolveTarget, type Target } from '../engine/target.js';
import { withOverlays } from '../engine/packs/overlay.js';
import { DirectiveError, parseCell, type ParsedCell } from './directives.js';
import { isFileCell, runFileCell, type SessionOverlays } from './file-cell.js';
import { ConsoleStream, followRunner, ProgressDisplay, type Publish } from './progress.js';
import { diagnosticLine, interruptedError, resultBundle, runError, simpleError, type JupyterError } from './render.js';
import { cellRunSettings } from './run-settings.js';
import { runSweepCell } from './sweep-cell.js';

export interface EngineDefaults {
  accel?: AccelChoice;
  maxConsoleBytes?: number;
}

export interface CellContext {
  packs: ReadonlyMap<string, Pack>;
  defaultTarget: { pack: string; arch?: string };
  engineDefaults?: EngineDefaults;
  /** Parameters that win over the cell's %param (`bootbook execute --param`). */
  paramOverrides?: Record<string, string>;
  /** iopub with the execute_request as parent (a no-op for silent requests). */
  publish: Publish;
  signal: AbortSignal;
  executionCount: number | null;
  /** Folder whose .bootbook/results.sqlite keeps sweep results (see sweep-cell.ts for the default). */
  resultsRoot?: string;
  /** The session's `%%file` overlays: a %%file cell changes them, every other cell builds with them. */
  overlays?: SessionOverlays;
  /** The notebook's own defaults, set by a cell of `%runner` alone; a restart forgets them. */
  session?: SessionDefaults;
}

/** What a cell holding only `%runner ...` sets for the later cells of its notebook. */
export interface SessionDefaults {
  runner?: RunnerSpec;
}

export type CellOutcome = { status: 'ok' } | { status: 'error'; error: JupyterError };

/** After an interrupt during a boot, how long to wait for QEMU to be gone before replying anyway. */
export const INTERRUPT_GRACE_MS = 2000;

/** The display name the compiler sees: diagnostics are then reported as "line N" of the cell. */
export const CELL_NAME = 'cell';

const ENAMES: Partial<Record<ErrorCode | string, string>> = {
  'unknown-target': 'TargetError',
  'unknown-arch': 'TargetError',
  'unknown-option': 'TargetError',
  'bad-option-value': 'TargetError',
  'bad-param': 'ParamError',
  'bad-source': 'SourceError',
  'missing-tool': 'MissingTool',
  'invalid-pack': 'PackError',
  'prepare-failed': 'PrepareError',
  'bad-usage': 'UsageError',
  'cancelled': 'Interrupted',
  'bad-overlay': 'OverlayError',
};

class CellError extends Error {
  constructor(readonly error: JupyterError) {
    super(error.evalue);
  }
}

function fromDirectiveError(e: DirectiveError): JupyterError {
  return simpleError('DirectiveError', e.message, [`  ${String(e.line).padStart(3)} | ${e.lineText}`]);
}

/** An engine error as a Jupyter error; `where` says which line or setting it came from. */
function fromEngineError(e: unknown, where?: string): JupyterError {
  if (isBootbookError(e)) {
    const evalue = where ? `${where}: ${e.message}` : e.message;
    return simpleError(ENAMES[e.code] ?? 'BootbookError', evalue, e.hint ? [e.hint] : []);
  }
  // Not a user error: a bug. Say so plainly; the kernel stays up.
  const err = e instanceof Error ? e : new Error(String(e));
  return simpleError('InternalError', `bootbook failed unexpectedly: ${err.message}`, (err.stack ?? '').split('\n').slice(1, 6));
}

/** Check the target before any work, so an error can name the %target line. */
function checkTarget(cell: ParsedCell, ctx: CellContext): Target {
  const t = cell.directives.target;
  const req = t ? { pack: t.pack, arch: t.arch, options: t.options } : { pack: ctx.defaultTarget.pack, arch: ctx.defaultTarget.arch };
  let target: Target;
  try {
    target = resolveTarget(ctx.packs, req);
  } catch (e) {
    throw new CellError(fromEngineError(e, t ? `line ${t.line}` : "the notebook's default target"));
  }
  const clockLine = cell.directives.lines.clock;
  if (cell.directives.clock === 'icount' && target.pack.manifest.boot[target.arch]?.icount === false) {
    throw new CellError(simpleError('DirectiveError', `line ${clockLine}: ${target.pack.manifest.name} (${target.arch}) does not support the icount clock; use %clock real`));
  }
  return target;
}

/**
 * Wait for the engine; after an interrupt wait at most `graceMs()` more. A boot
 * ends at once when aborted (QEMU is killed), so it is worth waiting for: the
 * reply then means "nothing left running". The engine's prepare and build steps
 * take no signal, so they are not waited for: they finish in the background and
 * the boot that would follow sees the aborted signal and never starts QEMU.
 */
async function settle<T>(work: Promise<T>, signal: AbortSignal, graceMs: () => number): Promise<{ value: T } | { error: unknown } | { abandoned: true }> {
  const settled = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  let onAbort = () => {};
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const first = await Promise.race([settled, aborted]);
  signal.removeEventListener('abort', onAbort);
  if (first !== 'aborted') return first;
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<{ abandoned: true }>((resolve) => {
    timer = setTimeout(() => resolve({ abandoned: true }), graceMs());
  });
  const out = await Promise.race([settled, grace]);
  clearTimeout(timer);
  return out;
}

function label(target: Target): string {
  const files = target.pack.overlay?.files.map((f) => f.path);
  return `${target.pack.manifest.name} (${target.arch})${files ? ` with notebook overlay ${files.join(', ')}` : ''}`;
}


/**
 * A cell of `%runner ...` alone: the notebook's default runner for the cells after it
 * (a cell's own %runner still wins). It lives in the notebook, so whoever runs the
 * notebook gets it; it lasts until the kernel restarts, as the %%file overlays do.
 */
function setNotebookRunner(spec: RunnerSpec, ctx: CellContext): CellOutcome {
  runnerFor(spec); // the user's runner.json is the base of slurm options: report it broken now
  if (ctx.session) ctx.session.runner = spec;
  const where = spec.kind === 'qemu' ? 'the local QEMU pool' : `slurm${Object.keys(spec.options).length ? ` (${describeSlurm(spec.options)})` : ''}`;
  ctx.publish('stream', { name: 'stdout', text: `later cells of this notebook run on ${where}, unless a cell says otherwise with its own %runner\n` });
  return { status: 'ok' };
}

function describeSlurm(options: object): string {
  return Object.entries(options)
    .map(([k, v]) => (v === true ? k : `${k}=${String(v)}`))
    .join(' ');
}

export async function runCell(code: string, cellCtx: CellContext): Promise<CellOutcome> {
  if (isFileCell(code)) {
    const out = runFileCell(code, cellCtx.packs, cellCtx.overlays ?? new Map());
    if ('error' in out) return { status: 'error', error: out.error };
    cellCtx.publish('stream', { name: 'stdout', text: out.text });
    return { status: 'ok' };
  }
  let ctx = cellCtx;
  try {
    // Every pack the session overlays is swapped for its overlaid copy: targets, sweeps and checks all see it.
    if (ctx.overlays?.size) ctx = { ...ctx, packs: withOverlays(ctx.packs, [...ctx.overlays.values()]) };
  } catch (e) {
    return { status: 'error', error: fromEngineError(e) };
  }
  let cell: ParsedCell;
  let target: Target;
  try {
    cell = parseCell(code);
    if (!cell.hasCode) {
      if (!cell.directiveCount) return { status: 'ok' }; // an empty cell does nothing, as in IPython
      if (cell.directiveCount === 1 && cell.directives.runner) return setNotebookRunner(cell.directives.runner, ctx);
      throw new CellError(
        simpleError('SourceError', 'the cell has directives but no C program after them (a cell of %runner alone sets where the later cells of this notebook run; other directives need a program)'),
      );
    }
    target = checkTarget(cell, ctx);
    runnerFor(cell.directives.runner ?? ctx.session?.runner); // a bad ~/.config/bootbook/runner.json is reported here, as input
  } catch (e) {
    if (e instanceof DirectiveError) return { status: 'error', error: fromDirectiveError(e) };
    if (e instanceof CellError) return { status: 'error', error: e.error };
    return { status: 'error', error: fromEngineError(e) };
  }
  if (ctx.signal.aborted) return { status: 'error', error: interruptedError(false) };
  if (cell.directives.sweep || cell.directives.plot) {
    try {
      return await runSweepCell(cell, target, ctx, label(target));
    } catch (e) {
      return { status: 'error', error: fromEngineError(e) };
    }
  }

  const d = cell.directives;
  const progress = new ProgressDisplay(ctx.publish, label(target));
  const repeat = d.repeat ?? 1;
  const consoleOut = new ConsoleStream(ctx.publish, repeat);
  let stage: Stage | undefined;
  const request: RunRequest = {
    source: { text: cell.source, displayName: CELL_NAME },
    target: { pack: target.pack.manifest.name, arch: target.arch, options: d.target?.options },
    params: { ...d.params, ...ctx.paramOverrides },
    repeat,
    ...cellRunSettings(d, ctx),
    onStage: (s, detail) => {
      stage = s;
      progress.setStage(s, detail);
    },
    onConsole: (run, text) => consoleOut.push(run, text),
  };
  followRunner(request.runner, progress);
  progress.start();
  let outcome: Awaited<ReturnType<typeof settle<RunRecord[]>>>;
  try {
    outcome = await settle(runProgram(ctx.packs, request), ctx.signal, () => (stage === 'booting' ? INTERRUPT_GRACE_MS : 0));
  } finally {
    consoleOut.close();
    progress.finish();
  }

  if ('abandoned' in outcome) return { status: 'error', error: interruptedError(stage === 'booting') };
  if ('error' in outcome) {
    if (ctx.signal.aborted) return { status: 'error', error: interruptedError(stage === 'booting') };
    // %param values were checked while parsing: a bad parameter here came from the overrides.
    return { status: 'error', error: fromEngineError(outcome.error) };
  }
  const records = outcome.value;
  const status = records.find((r) => r.status !== 'ok')?.status ?? 'ok';
  // The compiler's warnings go where a compiler writes them: the cell's stderr (every run shares one build).
  const warnings = status === 'build-error' ? [] : (records[0]?.diagnostics ?? []).filter((d) => d.severity === 'warning');
  if (warnings.length) ctx.publish('stream', { name: 'stderr', text: warnings.map((d) => `${diagnosticLine(d)}\n`).join('') });
  // A run that booted has a record worth keeping in the notebook, even when it failed.
  if (status !== 'build-error' && status !== 'cancelled') {
    ctx.publish('execute_result', { execution_count: ctx.executionCount, ...resultBundle(records, label(target)) });
  }
  const error = runError(records);
  return error ? { status: 'error', error } : { status: 'ok' };
}
