// Reproducibility of a notebook: the lock (metadata.bootbook.lock: the version
// and content hash of every pack its results came from, written by `bootbook
// execute`, compared on the next run) and `execute --check`: the results saved
// in a notebook against a fresh run. icount metrics must match exactly (they
// are instruction counts); real-time metrics agree when the 95% intervals of
// the medians overlap; real-time metrics with fewer than 3 runs cannot be
// judged and are reported as such, not as agreements.
import type { Pack } from '../engine/packs/types.js';
import type { RunRecord } from '../engine/record.js';
import { clockOf, summarizeRuns, type MetricSummary } from '../engine/stats.js';
import type { SweepSummary } from '../engine/sweep/summary.js';
import type { Notebook } from '../kernel/headless.js';

export const RUN_MIME = 'application/vnd.bootbook.run+json';
export const SWEEP_MIME = 'application/vnd.bootbook.sweep+json';

export interface Lock {
  packs: Record<string, { version: string; hash: string }>;
}

type Outputs = { output_type: string; data?: Record<string, unknown> }[];

/** The records and sweep summaries saved in a notebook's outputs, by cell. */
type Saved = { cell: string; records?: RunRecord[]; sweep?: SweepSummary };
function savedResults(nb: Notebook): Saved[] {
  return nb.cells.flatMap((c, i) =>
    ((c.outputs ?? []) as Outputs).flatMap((o): Saved[] => {
      const cell = c.id ?? `#${i + 1}`;
      const run = o.data?.[RUN_MIME] as { records?: RunRecord[] } | undefined;
      const sweep = o.data?.[SWEEP_MIME] as { summary?: SweepSummary; records?: RunRecord[] } | undefined;
      if (run?.records) return [{ cell, records: run.records }];
      if (sweep?.summary) return [{ cell, sweep: sweep.summary, records: sweep.records }];
      return [];
    }),
  );
}

export function packsUsed(nb: Notebook): string[] {
  return [...new Set(savedResults(nb).flatMap((r) => [...(r.records ?? []).map((x) => x.target.pack), ...(r.sweep?.points ?? []).map((p) => p.pack)]))].sort();
}

export function makeLock(nb: Notebook, packs: ReadonlyMap<string, Pack>): Lock {
  const used = packsUsed(nb);
  const names = used.length ? used : [...packs.keys()].sort();
  return { packs: Object.fromEntries(names.flatMap((n) => { const p = packs.get(n); return p ? [[n, { version: p.manifest.version, hash: p.hash }]] : []; })) };
}

/** What changed since the lock, one line each; empty when nothing did. */
export function lockChanges(lock: Lock | undefined, packs: ReadonlyMap<string, Pack>): string[] {
  if (!lock?.packs) return [];
  return Object.entries(lock.packs).flatMap(([name, was]) => {
    const p = packs.get(name);
    if (!p) return [`pack ${name} is locked at ${was.version} but is not installed`];
    const out: string[] = [];
    if (p.manifest.version !== was.version) out.push(`pack ${name}: version ${was.version} -> ${p.manifest.version}`);
    if (p.hash !== was.hash) out.push(`pack ${name}: content ${was.hash.slice(0, 12)} -> ${p.hash.slice(0, 12)}`);
    return out;
  });
}

export interface Comparison {
  cell: string;
  point: string;
  metric: string;
  clock: string;
  saved: string;
  now: string;
  verdict: 'agree' | 'DISAGREE' | 'too few runs' | 'missing';
}

interface Item { point: string; clock: string; metric: MetricSummary }

function items(r: ReturnType<typeof savedResults>[number]): Item[] {
  if (r.sweep) {
    const clock = r.sweep.clock.kind;
    return r.sweep.points.flatMap((p) => {
      const label = [p.pack, ...Object.entries(p.coords).filter(([k, v]) => k !== 'target' && v !== null).map(([k, v]) => `${k}=${v}`)].join(' ');
      return p.metrics.map((m) => ({ point: label, clock, metric: m }));
    });
  }
  const recs = r.records ?? [];
  const clock = clockOf(recs).kind;
  const label = recs[0] ? `${recs[0].target.pack} ${Object.entries(recs[0].params).map(([k, v]) => `${k}=${v}`).join(' ')}`.trim() : 'run';
  return summarizeRuns(recs).map((m) => ({ point: label, clock, metric: m }));
}

const fmt = (m: MetricSummary) => (m.ciLow === m.ciHigh ? `${m.median}` : `${m.median} [${m.ciLow}, ${m.ciHigh}]`);

export function compareNotebooks(saved: Notebook, fresh: Notebook): Comparison[] {
  const now = new Map<string, Item>();
  for (const r of savedResults(fresh)) for (const it of items(r)) now.set(`${r.cell}|${it.point}|${it.metric.name}`, it);
  const out: Comparison[] = [];
  for (const r of savedResults(saved))
    for (const it of items(r)) {
      const n = now.get(`${r.cell}|${it.point}|${it.metric.name}`);
      const base = { cell: r.cell, point: it.point, metric: it.metric.name, clock: it.clock, saved: fmt(it.metric) };
      if (!n) {
        out.push({ ...base, now: '–', verdict: 'missing' });
        continue;
      }
      let verdict: Comparison['verdict'];
      if (it.clock === 'icount') verdict = n.metric.min === it.metric.min && n.metric.max === it.metric.max ? 'agree' : 'DISAGREE';
      else if (it.metric.n < 3 || n.metric.n < 3) verdict = 'too few runs';
      else verdict = n.metric.ciLow <= it.metric.ciHigh && it.metric.ciLow <= n.metric.ciHigh ? 'agree' : 'DISAGREE';
      out.push({ ...base, now: fmt(n.metric), verdict });
    }
  return out;
}
