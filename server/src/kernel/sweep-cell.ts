// A cell with %sweep (or %plot): plan the grid, run it through the results store
// (an interrupted attempt at the same cell resumes), show progress and partial
// results while it runs, then the summary table (naming the sweep id) and the
// chart with its static renderings. Failed points are shown and counted; the
// cell then ends with an error that says how many runs failed.
import { isBootbookError } from '../engine/errors.js';
import type { RunRecord } from '../engine/record.js';
import { planSweep, type SweepPlan } from '../engine/sweep/plan.js';
import { summarizePoint, type SweepSummary } from '../engine/sweep/summary.js';
import type { Target } from '../engine/target.js';
import { chartBundle } from '../plots/bundle.js';
import { PlotError, sweepChart } from '../plots/spec.js';
import { runStoredSweep } from '../results/sweep.js';
import { formatSweep, sweepHeader } from '../cli/sweep-format.js';
import type { ParsedCell } from './directives.js';
import type { CellContext, CellOutcome } from './execute.js';
import { escapeHtml, interruptedError, simpleError } from './render.js';
import { cellRunSettings } from './run-settings.js';
import { followRunner } from './progress.js';
import { whereRan } from '../engine/runners/slurm/where.js';
import { SweepProgressDisplay } from './sweep-progress.js';

export const SWEEP_MIME = 'application/vnd.bootbook.sweep+json';

/** Where results are kept: the context's root, else $BOOTBOOK_RESULTS_ROOT (set by `bootbook lab`), else the working folder. */
export function resultsRoot(ctx: CellContext): string {
  return ctx.resultsRoot ?? process.env.BOOTBOOK_RESULTS_ROOT ?? process.cwd();
}

export function planCell(cell: ParsedCell, target: Target, ctx: CellContext): SweepPlan {
  const d = cell.directives;
  const overrides = ctx.paramOverrides ?? {};
  // `execute --param n=...` pins a swept parameter: CI runs a notebook small by collapsing its axes.
  const axes = (d.sweep?.axes ?? []).filter((a) => !(a.name in overrides));
  const base = d.target ? { pack: d.target.pack, arch: d.target.arch, options: d.target.options } : { pack: target.pack.manifest.name, arch: target.arch };
  return planSweep(ctx.packs, { base, params: { ...d.params, ...overrides }, axes, skipMissing: d.sweep?.skipMissing, repeat: d.repeat ?? 1 });
}

function summaryHtml(s: SweepSummary, text: string): string {
  return `<div class="bootbook-sweep"><p>${escapeHtml(sweepHeader(s)).replace('\n', '<br>')}</p><pre>${escapeHtml(text.split('\n').slice(2).join('\n'))}</pre></div>`;
}

/** Records as the notebook keeps them: without console text (the store has it all). */
function lean(r: RunRecord): RunRecord {
  return { ...r, console: '', consoleTruncated: r.consoleTruncated || r.console.length > 0 };
}

export async function runSweepCell(cell: ParsedCell, target: Target, ctx: CellContext, label: string): Promise<CellOutcome> {
  const d = cell.directives;
  const line = d.sweep?.line ?? d.plot?.line;
  let plan: SweepPlan;
  try {
    plan = planCell(cell, target, ctx);
  } catch (e) {
    if (isBootbookError(e)) return { status: 'error', error: simpleError('SweepError', `line ${line}: ${e.message}`) };
    throw e;
  }
  const repeat = d.repeat ?? 1;
  const progress = new SweepProgressDisplay(ctx.publish, `sweep ${label}`);
  const byPoint = new Map<number, RunRecord[]>();
  const settings = cellRunSettings(d, ctx);
  followRunner(settings.runner, progress);
  progress.start(plan.points.length * repeat);
  let out;
  try {
    out = await runStoredSweep(ctx.packs, {
      source: { text: cell.source, displayName: 'cell' },
      plan,
      repeat,
      ...settings,
      root: resultsRoot(ctx),
      label,
      onProgress: (p) => progress.update(p),
      onRun: (run) => {
        byPoint.set(run.point.index, [...(byPoint.get(run.point.index) ?? []), run.record]);
        progress.partial(() => partialText(plan, byPoint));
      },
    });
  } catch (e) {
    progress.finish();
    if (isBootbookError(e)) return { status: 'error', error: simpleError('SweepError', e.message, e.hint ? [e.hint] : []) };
    throw e;
  }
  progress.finish();
  const { summary, result } = out;
  // A sweep on a cluster says where it ran (nodes, reservation, array); a local sweep's text is unchanged.
  const where = whereRan(result.runs.map((r) => r.record));
  const text = formatSweep(summary) + (where ? `\n${where}` : '');
  const extra = out.resumed ? `\nresumed: ${out.resumed} runs came from an earlier, interrupted attempt` : '';
  const stored = out.storePath ? `\nkept in .bootbook/results.sqlite (bootbook results show ${out.id})` : '';
  ctx.publish('execute_result', {
    execution_count: ctx.executionCount,
    data: { 'text/plain': text + extra + stored, 'text/html': summaryHtml(summary, text), [SWEEP_MIME]: { id: out.id, summary, records: result.runs.map((r) => lean(r.record)) } },
    metadata: {},
  });
  if (summary.points.some((p) => p.metrics.length)) {
    try {
      const spec = sweepChart(summary, d.plot);
      ctx.publish('display_data', await chartBundle(spec, `chart: ${summary.points.length} points · sweep ${out.id ?? ''}`.trim()));
    } catch (e) {
      if (e instanceof PlotError) return { status: 'error', error: simpleError('PlotError', `line ${d.plot?.line ?? line}: ${e.message}`) };
      throw e;
    }
  }
  if (result.cancelled) return { status: 'error', error: interruptedError(true) };
  // Not interrupted, yet some runs cancelled: their jobs were cancelled outside bootbook (the Cluster panel, scancel).
  const cancelledRuns = result.runs.filter((r) => r.record.status === 'cancelled').length;
  if (cancelledRuns) {
    const evalue = `${cancelledRuns} of ${summary.total} runs were cancelled outside bootbook (first: ${result.runs.find((r) => r.record.status === 'cancelled')!.record.reason ?? 'scancel'})${summary.failed ? ` and ${summary.failed} did not end ok` : ''}; the results above count the rest (sweep ${out.id ?? 'not stored'})`;
    return { status: 'error', error: simpleError('Cancelled', evalue) };
  }
  if (summary.failed) {
    const kinds = [...new Set(result.runs.filter((r) => r.record.status !== 'ok').map((r) => r.record.status))].join(', ');
    const evalue = `${summary.failed} of ${summary.total} runs did not end ok (${kinds}); the results above count them (sweep ${out.id ?? 'not stored'})`;
    return { status: 'error', error: simpleError('SweepFailures', evalue) };
  }
  return { status: 'ok' };
}

function partialText(plan: SweepPlan, byPoint: Map<number, RunRecord[]>): string {
  const points = plan.points.filter((p) => byPoint.has(p.index)).map((p) => summarizePoint(p.index, p.key, p.coords, byPoint.get(p.index)!));
  const s: SweepSummary = { axes: plan.axes.map((a) => ({ name: a.name, kind: a.kind, values: a.values })), repeat: 0, total: 0, done: 0, failed: 0, cancelled: false, skipped: [], clock: { clock: '', accel: '', kind: 'real', note: '' }, points };
  return 'results so far:\n' + formatSweep(s).split('\n').slice(2).join('\n');
}
