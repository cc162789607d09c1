// A sweep's results per point: run counts by status and the statistics of every
// metric (stats.ts), plus the clock the numbers came from. This is what tables,
// charts, the store's `show` and `execute --check` read.
import type { RunRecord } from '../record.js';
import { clockOf, summarizeRuns, type ClockKind, type MetricSummary } from '../stats.js';
import type { AxisKind } from './plan.js';
import type { SweepResult } from './runner.js';

export interface PointSummary {
  index: number;
  key: string;
  coords: Record<string, string | null>;
  pack: string;
  arch: string;
  params: Record<string, number>;
  runs: number;
  ok: number;
  /** Runs that ended but not ok (build error, crash, timeout...), by status. */
  failures: Record<string, number>;
  metrics: MetricSummary[];
}

export interface SweepSummary {
  id?: string;
  axes: { name: string; kind: AxisKind; values: string[] }[];
  repeat: number;
  total: number;
  done: number;
  failed: number;
  cancelled: boolean;
  skipped: string[];
  clock: { clock: string; accel: string; kind: ClockKind; note: string };
  points: PointSummary[];
}

export function summarizePoint(index: number, key: string, coords: PointSummary['coords'], records: readonly RunRecord[]): PointSummary {
  const r0 = records[0]!;
  const failures: Record<string, number> = {};
  for (const r of records) if (r.status !== 'ok' && r.status !== 'cancelled') failures[r.status] = (failures[r.status] ?? 0) + 1;
  return {
    index,
    key,
    coords,
    pack: r0.target.pack,
    arch: r0.target.arch,
    params: r0.params,
    runs: records.length,
    ok: records.filter((r) => r.status === 'ok').length,
    failures,
    metrics: summarizeRuns(records),
  };
}

export function summarizeSweep(result: SweepResult, repeat: number, id?: string): SweepSummary {
  const byPoint = new Map<number, RunRecord[]>();
  for (const run of result.runs) byPoint.set(run.point.index, [...(byPoint.get(run.point.index) ?? []), run.record]);
  const all = result.runs.map((r) => r.record);
  const finished = all.filter((r) => r.status !== 'cancelled');
  return {
    id,
    axes: result.plan.axes.map((a) => ({ name: a.name, kind: a.kind, values: a.values })),
    repeat,
    total: all.length,
    done: finished.length,
    failed: finished.filter((r) => r.status !== 'ok').length,
    cancelled: result.cancelled,
    skipped: result.plan.skipped,
    clock: clockOf(finished.length ? finished : all),
    points: result.plan.points.map((p) => summarizePoint(p.index, p.key, p.coords, byPoint.get(p.index) ?? [])),
  };
}
