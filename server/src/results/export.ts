// Reading a stored sweep back: its summary (the same statistics a cell shows)
// and exports: CSV with one row per metric value (tidy data for pandas, R, a
// spreadsheet) and JSON with the sweep and its full run records.
import type { RunRecord } from '../engine/record.js';
import { clockOf } from '../engine/stats.js';
import type { AxisKind } from '../engine/sweep/plan.js';
import { summarizePoint, type SweepSummary } from '../engine/sweep/summary.js';
import type { ResultsStore, StoredRun, SweepRow } from './store.js';

export function storedSummary(store: ResultsStore, sweep: SweepRow): SweepSummary {
  const runs = store.runs(sweep.id);
  const spec = sweep.spec as { axes?: { name: string; kind: AxisKind; values: string[] }[]; repeat?: number; skipped?: string[]; points?: { key: string; coords: Record<string, string | null> }[] };
  const byPoint = new Map<string, StoredRun[]>();
  for (const r of runs) byPoint.set(r.pointKey, [...(byPoint.get(r.pointKey) ?? []), r]);
  const points = (spec.points ?? [...byPoint.keys()].map((key) => ({ key, coords: byPoint.get(key)![0]!.coords })))
    .map((p, index) => ({ p, index, runs: byPoint.get(p.key) ?? [] }))
    .filter((x) => x.runs.length)
    .map(({ p, index, runs: rs }) => summarizePoint(index, p.key, p.coords, rs.map((r) => r.record)));
  const records = runs.map((r) => r.record);
  const failed = records.filter((r) => r.status !== 'ok').length;
  return {
    id: sweep.id,
    axes: spec.axes ?? [],
    repeat: spec.repeat ?? 1,
    total: sweep.total,
    done: records.length,
    failed,
    cancelled: sweep.state !== 'done',
    skipped: spec.skipped ?? [],
    clock: clockOf(records),
    points,
  };
}

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function exportCsv(sweep: SweepRow, runs: readonly StoredRun[]): string {
  const axes = ((sweep.spec.axes as { name: string }[] | undefined) ?? []).map((a) => a.name).filter((a) => a !== 'target');
  const head = ['sweep', 'point', 'repeat', 'target', 'arch', ...axes, 'status', 'metric', 'value', 'unit', 'clock', 'accel', 'run_id'];
  const lines = [head.join(',')];
  const row = (r: StoredRun, metric: RunRecord['metrics'][number] | undefined) =>
    [sweep.id, r.pointIndex, r.repeat, r.record.target.pack, r.record.target.arch, ...axes.map((a) => r.coords[a] ?? ''), r.record.status, metric?.name ?? '', metric?.value ?? '', metric?.unit ?? '', r.record.runner.clock, r.record.runner.accel, r.record.id]
      .map(csvField)
      .join(',');
  for (const r of runs) {
    if (!r.record.metrics.length) lines.push(row(r, undefined));
    for (const m of r.record.metrics) lines.push(row(r, m));
  }
  return lines.join('\n') + '\n';
}

export function exportJson(sweep: SweepRow, runs: readonly StoredRun[]): string {
  return JSON.stringify({ sweep, runs: runs.map((r) => ({ point: r.pointIndex, coords: r.coords, record: r.record })) }, null, 1) + '\n';
}
