// Human output for a sweep: a header line (id, counts, the clock and what it
// means) and one table row per point and metric with its statistics.
import type { PointSummary, SweepSummary } from '../engine/sweep/summary.js';
import { compactTable, formatNumber } from './format.js';

export function sweepHeader(s: SweepSummary): string {
  const points = s.points.length;
  const counts = `${points} point${points === 1 ? '' : 's'} x ${s.repeat} run${s.repeat === 1 ? '' : 's'} = ${s.total} runs`;
  const state = s.cancelled ? `cancelled after ${s.done} of ${s.total} runs` : `${s.done - s.failed} ok, ${s.failed} failed`;
  return [`sweep ${s.id ?? '(not stored)'}`, counts, state].join(' · ') + `\n${s.clock.note}`;
}

function pct(v: number | null): string {
  return v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`;
}

function pointNote(p: PointSummary, noisy: boolean): string {
  const fails = Object.entries(p.failures).map(([k, n]) => `${n} ${k}`);
  // Runs neither ok nor failed were cancelled (an interrupt, or a Slurm job cancelled outside bootbook).
  const cancelled = p.runs - p.ok - Object.values(p.failures).reduce((a, b) => a + b, 0);
  const notes = [...(noisy ? ['noisy'] : []), ...fails, ...(cancelled > 0 ? [`${cancelled} cancelled`] : [])];
  return [...notes, ...(p.ok === 0 && !notes.length ? ['no runs finished'] : [])].join(', ');
}

/** The axes worth a column: every swept axis, and the target always. */
export function tableAxes(s: SweepSummary): string[] {
  const names = s.axes.map((a) => a.name);
  return names.includes('target') ? names : ['target', ...names];
}

export function formatSweep(s: SweepSummary): string {
  const axes = tableAxes(s);
  const head = [...axes, 'metric', 'median', '95% CI of median', 'cv', 'n', 'unit', 'note'];
  const table = compactTable(head, [...axes.map(() => 'left' as const), 'left', 'right', 'right', 'right', 'right', 'left', 'left']);
  for (const p of s.points) {
    const coords = axes.map((a) => (a === 'target' ? p.pack : p.coords[a] ?? '–'));
    if (!p.metrics.length) table.push([...coords, '–', '–', '–', '–', String(p.ok), '', pointNote(p, false)]);
    for (const m of p.metrics) table.push([...coords, m.name, formatNumber(m.median), `${formatNumber(m.ciLow)} – ${formatNumber(m.ciHigh)}`, pct(m.cv), String(m.n), m.unit, pointNote(p, m.noisy)]);
  }
  const out = [sweepHeader(s)];
  for (const k of s.skipped) out.push(`skipped: ${k}`);
  out.push(table.toString());
  if (s.points.some((p) => p.metrics.some((m) => m.noisy))) out.push('noisy: coefficient of variation above 5% (with 3 runs or more)');
  return out.join('\n');
}
