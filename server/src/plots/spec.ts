// Vega-Lite v5 specs for sweeps, with the data inline (a saved notebook is
// self-contained). The automatic chart: the median of each metric against the
// first swept axis that is not `target`, one colour per target (and per value
// of any other swept axis), error bars from the 95% interval of the median; a
// line over a numeric parameter, grouped bars over a categorical axis (target,
// an option). `%plot` overrides any of x, y, colour, facet, scales and mark.
import type { SweepSummary } from '../engine/sweep/summary.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export interface PlotChoice {
  x?: string;
  /** Metric names to show; default: every metric (one facet row each). */
  y?: string[];
  color?: string;
  facet?: string;
  logx?: boolean;
  logy?: boolean;
  mark?: 'line' | 'point' | 'bar';
}

/** Statistics fields carry a space, which no parameter name can have: a swept `n` never collides with the run count. */
export const STAT = { median: 'stat median', ciLow: 'stat ci low', ciHigh: 'stat ci high', mean: 'stat mean', sd: 'stat sd', n: 'stat n', cv: 'stat cv', noisy: 'stat noisy' } as const;

export type Row = Record<string, string | number | boolean | null>;
export type VlSpec = Record<string, unknown>;

const isNumeric = (values: readonly (string | null)[]) => values.every((v) => v === null || /^-?\d+(\.\d+)?$/.test(v));

/** One row per point and metric: the axes' values, the series label and the statistics. */
export function chartRows(s: SweepSummary, seriesAxes: readonly string[]): Row[] {
  return s.points.flatMap((p) =>
    p.metrics.map((m) => {
      const row: Row = { target: p.pack };
      for (const a of s.axes) {
        const v = a.name === 'target' ? p.pack : p.coords[a.name] ?? null;
        // A target without the axis (skip-missing) gets a category of its own rather than "null".
        row[a.name] = v === null ? 'n/a' : a.kind === 'param' ? Number(v) : v;
      }
      const extra = seriesAxes.filter((a) => a !== 'target' && p.coords[a] != null).map((a) => `${a}=${p.coords[a]}`);
      row.series = [p.pack, ...extra].join(' ');
      row.metric = m.name;
      row.unit = m.unit;
      for (const [k, v] of Object.entries({ median: m.median, ciLow: m.ciLow, ciHigh: m.ciHigh, mean: m.mean, sd: m.sd, n: m.n, cv: m.cv, noisy: m.noisy })) row[STAT[k as keyof typeof STAT]] = v;
      return row;
    }),
  );
}

function fail(message: string): never {
  throw new PlotError(message);
}

export class PlotError extends Error {
  override name = 'PlotError';
}

export function sweepChart(s: SweepSummary, choice: PlotChoice = {}): VlSpec {
  const swept = s.axes.filter((a) => a.values.length > 1).map((a) => a.name);
  const known = [...s.axes.map((a) => a.name), 'target', 'metric'];
  for (const [k, v] of Object.entries({ x: choice.x, color: choice.color, facet: choice.facet }))
    if (v !== undefined && !known.includes(v)) fail(`%plot ${k}=${v}: no such axis; use one of ${[...new Set(known)].join(', ')}`);
  const metrics = [...new Set(s.points.flatMap((p) => p.metrics.map((m) => m.name)))];
  for (const y of choice.y ?? []) if (!metrics.includes(y)) fail(`%plot y=${y}: no such metric; the runs reported ${metrics.join(', ') || 'no metrics'}`);
  const shown = choice.y ?? metrics;

  const x = choice.x ?? swept.find((a) => a !== 'target') ?? 'target';
  const facet = choice.facet ?? (shown.length > 1 ? 'metric' : undefined);
  // Colour: one per series = target plus every other swept axis not on x or a facet.
  const seriesAxes = swept.filter((a) => a !== x && a !== facet);
  const color = choice.color ?? 'series';
  const axis = s.axes.find((a) => a.name === x);
  const quantitative = !!axis && axis.kind === 'param' && isNumeric(axis.values);
  const mark = choice.mark ?? (quantitative ? 'line' : 'bar');
  const rows = chartRows(s, seriesAxes.length ? seriesAxes : ['target']).filter((r) => shown.includes(String(r.metric)));
  const units = [...new Set(rows.filter((r) => r.metric === shown[0]).map((r) => String(r.unit)))].join(', ');
  const yTitle = shown.length === 1 ? `${shown[0]}${units ? ` (${units})` : ''} · median, 95% CI` : 'median, 95% CI';

  const xEnc: Record<string, unknown> = quantitative
    ? { field: x, type: 'quantitative', title: x, ...(choice.logx ? { scale: { type: 'log' } } : {}) }
    : { field: x, type: 'nominal', title: x, sort: axis?.values ?? null };
  const yScale = choice.logy ? { scale: { type: 'log' } } : { scale: { zero: mark === 'bar' } };
  const colorEnc = { field: color, type: 'nominal', title: color === 'series' ? 'target' : color };
  const grouped = !quantitative && color !== x ? { xOffset: { field: color, type: 'nominal' } } : {};
  const tooltip = [
    ...[x, color, 'metric'].filter((f, i, a) => a.indexOf(f) === i).map((field) => ({ field })),
    ...(['median', 'ciLow', 'ciHigh', 'mean', 'sd', 'n', 'noisy'] as const).map((k) => ({ field: STAT[k], title: k })),
  ];
  const layer = [
    { mark: mark === 'line' ? { type: 'line', point: true } : { type: mark }, encoding: { x: xEnc, y: { field: STAT.median, type: 'quantitative', title: yTitle, ...yScale }, color: colorEnc, ...grouped, tooltip } },
    { mark: { type: 'errorbar', ticks: true }, encoding: { x: xEnc, y: { field: STAT.ciLow, type: 'quantitative', title: yTitle, ...(choice.logy ? { scale: { type: 'log' } } : {}) }, y2: { field: STAT.ciHigh }, color: colorEnc, ...grouped } },
  ];
  const title = { text: shown.length === 1 ? `${shown[0]} vs ${x}` : `metrics vs ${x}`, subtitle: [s.clock.note, ...(s.id ? [`sweep ${s.id}`] : [])] };
  const base = { $schema: VEGA_LITE_SCHEMA, title, data: { values: rows }, config: { font: 'DejaVu Sans' } };
  if (facet) {
    return { ...base, facet: { row: { field: facet, type: 'nominal', title: facet } }, spec: { width: 360, height: 200, layer }, resolve: { scale: { y: 'independent' } } };
  }
  return { ...base, width: 420, height: 240, layer };
}
