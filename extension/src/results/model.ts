// What the results renderer shows for `application/vnd.bootbook.run+json`, as plain
// data: a compact status line per run, and the metrics table with the same columns
// as the kernel's text and HTML tables (server/src/kernel/render.ts): one value for
// one run, a column per run up to four, then median/min/max/runs. DOM-free.
import type { RunRecord, RunStatus } from '../api/types.js';

export interface RunSummary {
  /** 1-based. */
  run: number;
  status: RunStatus;
  /** "ok", or "timeout: the run did not finish in 30 s". */
  statusText: string;
  exit: string;
  build: string;
  boot: string;
  total: string;
  accel: string;
  console: string;
  consoleTruncated: boolean;
  warnings: string[];
}

export interface MetricsTable {
  columns: string[];
  rows: { name: string; unit: string; cells: string[] }[];
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 1 }) : v.toPrecision(4);
}

export function formatMs(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function summarize(r: RunRecord): RunSummary {
  const failedWithReason = r.reason && r.status !== 'ok' && r.status !== 'failed';
  return {
    run: r.repeat + 1,
    status: r.status,
    statusText: failedWithReason ? `${r.status}: ${r.reason}` : r.status,
    exit: r.exitCode === null || r.exitCode === undefined ? '–' : String(r.exitCode),
    build: formatMs(r.timings?.buildMs) + (r.timings?.buildCached ? ' (cached)' : ''),
    boot: formatMs(r.timings?.bootMs),
    total: formatMs(r.timings?.totalMs),
    accel: `${r.runner?.accel ?? '?'} / ${r.runner?.clock ?? '?'}`,
    console: r.console ?? '',
    consoleTruncated: !!r.consoleTruncated,
    warnings: r.warnings ?? []
  };
}

export function metricsTable(records: readonly RunRecord[]): MetricsTable {
  const names: string[] = [];
  const units = new Map<string, string>();
  for (const r of records)
    for (const m of r.metrics ?? []) {
      if (!units.has(m.name)) names.push(m.name);
      units.set(m.name, m.unit);
    }
  const many = records.length > 4;
  const columns = many ? ['median', 'min', 'max', 'runs'] : records.length > 1 ? records.map(r => `run ${r.repeat + 1}`) : ['value'];
  const rows = names.map(name => {
    // A name reported twice in one run: its last value counts, as in the kernel's table.
    const values = records.map(r => (r.metrics ?? []).filter(m => m.name === name).at(-1)?.value ?? null);
    let cells: string[];
    if (many) {
      const xs = values.filter((v): v is number => v !== null);
      const pick = (f: (xs: number[]) => number) => formatNumber(xs.length ? f(xs) : null);
      cells = [pick(median), pick(x => Math.min(...x)), pick(x => Math.max(...x)), String(xs.length)];
    } else {
      cells = values.map(formatNumber);
    }
    return { name, unit: units.get(name) ?? '', cells };
  });
  return { columns, rows };
}

/** The headline: "kite (x86_64) · ok", or "linux (x86_64) · 5 runs · 4 ok, 1 timeout". */
export function headline(records: readonly RunRecord[]): string {
  const first = records[0];
  if (!first) return 'no runs';
  const target = `${first.target.pack} (${first.target.arch})`;
  if (records.length === 1) {
    const s = summarize(first);
    return [target, s.statusText, s.exit !== '–' ? `exit ${s.exit}` : ''].filter(Boolean).join(' · ');
  }
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return `${target} · ${records.length} runs · ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}`;
}

/** Read the mime data defensively: a saved notebook may hold anything. */
export function recordsOf(data: unknown): RunRecord[] {
  const records = (data as { records?: unknown } | null)?.records;
  return Array.isArray(records) ? records.filter((r): r is RunRecord => !!r && typeof r === 'object' && 'status' in r) : [];
}
