// A sweep with its results kept: plan -> store (resume an interrupted attempt
// with the same key) -> run -> summary. Used by the notebook kernel and by
// `bootbook run --sweep`, so both keep and resume results the same way.
import type { Pack } from '../engine/packs/types.js';
import { sweepKey } from '../engine/sweep/plan.js';
import { runKey, runSweep, type SweepRequest, type SweepResult } from '../engine/sweep/runner.js';
import { summarizeSweep, type SweepSummary } from '../engine/sweep/summary.js';
import type { RunRecord } from '../engine/record.js';
import { ResultsStore } from './store.js';

export interface StoredSweepRequest extends Omit<SweepRequest, 'finished'> {
  /** Folder whose .bootbook/results.sqlite keeps the results; undefined: keep nothing. */
  root?: string;
  label: string;
}

export interface StoredSweepResult {
  id?: string;
  /** Runs taken from an earlier attempt at the same sweep. */
  resumed: number;
  result: SweepResult;
  summary: SweepSummary;
  storePath?: string;
}

export async function runStoredSweep(packs: ReadonlyMap<string, Pack>, req: StoredSweepRequest): Promise<StoredSweepResult> {
  const store = req.root ? ResultsStore.open(req.root) : undefined;
  try {
    const clock = req.clock ?? 'real';
    const key = sweepKey(req.source.text, req.plan, { repeat: req.repeat, clock, timeoutS: req.timeoutS ?? 30 });
    let sweepId: string | undefined;
    const finished = new Map<string, RunRecord>();
    if (store) {
      const old = store.resumable(key);
      if (old) {
        sweepId = old.id;
        store.reopen(old.id);
        for (const r of store.runs(old.id)) finished.set(runKey(r.pointKey, r.repeat), r.record);
      } else {
        const spec = { axes: req.plan.axes, repeat: req.repeat, clock, skipped: req.plan.skipped, source: req.source.text, points: req.plan.points.map((p) => ({ key: p.key, coords: p.coords })) };
        sweepId = store.createSweep(key, req.label, req.plan.points.length * req.repeat, spec).id;
      }
    }
    const result = await runSweep(packs, {
      ...req,
      finished,
      onRun: (run) => {
        store?.addRun(sweepId!, { pointKey: run.point.key, pointIndex: run.point.index, repeat: run.record.repeat, coords: run.point.coords, record: run.record });
        req.onRun?.(run);
      },
    });
    if (store) store.finishSweep(sweepId!, result.cancelled ? 'cancelled' : 'done');
    return { id: sweepId, resumed: finished.size, result, summary: summarizeSweep(result, req.repeat, sweepId), storePath: store?.path };
  } finally {
    store?.close();
  }
}
