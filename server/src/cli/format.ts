// Human output for run records: one status line per run, then a compact metrics
// table (one column per run, or median/min/max when there are many).
import Table from 'cli-table3';
import { formatDiagnostic } from '../engine/build/diagnostics.js';
import { metricSeries, type RunRecord } from '../engine/record.js';
import { median } from 'simple-statistics';

/** A table without lines between rows: compact enough for a terminal. */
export function compactTable(head: string[], colAligns?: ('left' | 'right')[]): InstanceType<typeof Table> {
  return new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    ...(colAligns ? { colAligns } : {}),
  });
}

const STATUS_MARK: Record<string, string> = { ok: 'ok', failed: 'FAILED', 'build-error': 'BUILD ERROR', timeout: 'TIMEOUT', crash: 'CRASH', cancelled: 'CANCELLED', 'runner-error': 'RUNNER ERROR' };

export function formatNumber(v: number | null): string {
  if (v === null) return 'n/a';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 1 }) : v.toPrecision(4);
}

function ms(v: number | null): string {
  return v === null ? '-' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

export function statusLine(r: RunRecord, label: string): string {
  const parts = [
    label,
    STATUS_MARK[r.status] ?? r.status,
    r.exitCode !== null ? `exit ${r.exitCode}` : undefined,
    `build ${ms(r.timings.buildMs)}${r.timings.buildCached ? ' (cached)' : ''}`,
    r.timings.bootMs !== null ? `boot ${ms(r.timings.bootMs)}` : undefined,
    `total ${ms(r.timings.totalMs)}`,
    `${r.runner.accel}/${r.runner.clock}`,
  ].filter(Boolean);
  return parts.join(' · ') + (r.reason && r.status !== 'failed' ? `\n  ${r.reason}` : '');
}

/**
 * The metrics of some runs as table cells, shared by the text table and the
 * notebook's HTML table: one column per run, or median/min/max/runs when there
 * are many. Empty when no run reported a metric.
 */
export function metricColumns(records: readonly RunRecord[]): { columns: string[]; rows: { name: string; cells: string[]; unit: string }[] } {
  const many = records.length > 4;
  const columns = many ? ['median', 'min', 'max', 'runs'] : records.length > 1 ? records.map((r) => `run ${r.repeat + 1}`) : ['value'];
  const rows = metricSeries(records).map(({ name, unit, values }) => {
    const xs = values.filter((v): v is number => v !== null);
    const pick = (f: (xs: number[]) => number) => formatNumber(xs.length ? f(xs) : null);
    const cells = many ? [pick(median), pick((x) => Math.min(...x)), pick((x) => Math.max(...x)), String(xs.length)] : values.map(formatNumber);
    return { name, cells, unit };
  });
  return { columns, rows };
}

export function metricsTable(records: readonly RunRecord[]): string {
  const { columns, rows } = metricColumns(records);
  if (!rows.length) return '';
  const table = compactTable(['metric', ...columns, 'unit'], ['left', ...columns.map(() => 'right' as const), 'left']);
  for (const row of rows) table.push([row.name, ...row.cells, row.unit]);
  return table.toString();
}

export function formatRuns(records: readonly RunRecord[], label: string, showConsole: boolean): string {
  const out: string[] = [];
  const first = records[0];
  if (!first) return '';
  if (first.status === 'build-error') {
    out.push(statusLine(first, label));
    for (const d of first.diagnostics) out.push(`  ${formatDiagnostic(d)}`);
    return out.join('\n');
  }
  for (const r of records) {
    if (showConsole && r.console.trim()) out.push(r.console.replace(/\n$/, ''));
    out.push(statusLine(r, records.length > 1 ? `${label} run ${r.repeat + 1}` : label));
    if (r.consoleTruncated) out.push('  (console output was truncated: the first and last parts are kept)');
    for (const w of r.warnings) out.push(`  warning: ${w}`);
  }
  const table = metricsTable(records);
  if (table) out.push(table);
  return out.join('\n');
}
