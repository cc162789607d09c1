// Run records -> Jupyter outputs: the execute_result bundle (text, HTML table,
// machine-readable records) and the Jupyter error for a run that did not end ok.
// JupyterLab shows an error's traceback (not ename/evalue), so every traceback
// carries the message itself.
import { formatDiagnostic } from '../engine/build/diagnostics.js';
import { INTERRUPTED_REASON } from '../engine/guest/status.js';
import type { RunRecord } from '../engine/record.js';
import { formatRuns, metricColumns } from '../cli/format.js';
import { whereRan } from '../engine/runners/slurm/where.js';

export const RUN_MIME = 'application/vnd.bootbook.run+json';

export interface JupyterError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface MimeBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Lines of console kept in crash, timeout and runner-error tracebacks. */
export const CONSOLE_TAIL_LINES = 30;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function ms(v: number | null): string {
  return v === null ? '–' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

/** The metrics as an HTML table, with the same columns as the text table (cli/format.ts). */
function metricsHtml(records: readonly RunRecord[]): string {
  const { columns, rows: table } = metricColumns(records);
  if (!table.length) return '<p>no metrics reported (call <code>bb_metric()</code> to report one)</p>';
  const head = `<tr><th style="text-align:left">metric</th>${columns.map((c) => `<th style="text-align:right">${escapeHtml(c)}</th>`).join('')}<th style="text-align:left">unit</th></tr>`;
  const rows = table.map((row) => {
    const tds = row.cells.map((c) => `<td style="text-align:right">${escapeHtml(c)}</td>`).join('');
    return `<tr><td style="text-align:left">${escapeHtml(row.name)}</td>${tds}<td style="text-align:left">${escapeHtml(row.unit)}</td></tr>`;
  });
  return `<table class="bootbook-metrics"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One row per run: status, exit code and timings. */
function runsHtml(records: readonly RunRecord[], label: string): string {
  const head = ['run', 'status', 'exit', 'build', 'boot', 'total', 'accel / clock'].map((h) => `<th>${h}</th>`).join('');
  const rows = records.map((r) => {
    const cells = [
      String(r.repeat + 1),
      r.status + (r.reason && r.status !== 'ok' && r.status !== 'failed' ? `: ${r.reason}` : ''),
      r.exitCode === null ? '–' : String(r.exitCode),
      ms(r.timings.buildMs) + (r.timings.buildCached ? ' (cached)' : ''),
      ms(r.timings.bootMs),
      ms(r.timings.totalMs),
      `${r.runner.accel} / ${r.runner.clock}`,
    ];
    return `<tr data-status="${escapeHtml(r.status)}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  const notes = records.flatMap((r) => [
    ...r.warnings.map((w) => `warning: ${w}`),
    ...(r.consoleTruncated ? [`run ${r.repeat + 1}: console output was truncated (the first and last parts are kept)`] : []),
  ]);
  const caption = `<caption style="text-align:left">${escapeHtml(label)}</caption>`;
  return `<table class="bootbook-runs">${caption}<thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>${notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('')}`;
}

/** The execute_result: what people read (text, HTML) and what tools read (the records). */
export function resultBundle(records: RunRecord[], runLabel: string): MimeBundle {
  // Runs on a cluster say where (node, partition, reservation, job); local runs keep their label.
  const where = whereRan(records);
  const label = where ? `${runLabel} · ${where}` : runLabel;
  return {
    data: {
      'text/plain': formatRuns(records, label, false),
      'text/html': `<div class="bootbook-result">${runsHtml(records, label)}${metricsHtml(records)}</div>`,
      [RUN_MIME]: { records },
    },
    metadata: {},
  };
}

function consoleTail(r: RunRecord): string[] {
  const lines = r.console.replace(/\n$/, '').split('\n');
  if (!r.console.trim()) return ['(the guest printed nothing)'];
  const tail = lines.slice(-CONSOLE_TAIL_LINES);
  return [`--- last ${tail.length} line${tail.length === 1 ? '' : 's'} of the console ---`, ...tail];
}

/** "line 5: error: ..." in the cell's own lines; other files keep their names. */
export function diagnosticLine(d: RunRecord['diagnostics'][number]): string {
  if (d.inProgram) return `${d.line !== undefined ? `line ${d.line}: ` : ''}${d.severity}: ${d.message}`;
  return formatDiagnostic(d);
}

/** The Jupyter error for the first run that did not end ok, or undefined when all did. */
export function runError(records: readonly RunRecord[]): JupyterError | undefined {
  const r = records.find((x) => x.status !== 'ok');
  if (!r) return undefined;
  const which = records.length > 1 ? ` (run ${r.repeat + 1} of ${records.length})` : '';
  switch (r.status) {
    case 'ok':
      return undefined;
    case 'build-error': {
      const first = r.diagnostics.find((d) => d.severity === 'error') ?? r.diagnostics[0];
      // Like every other error, the first traceback line names it: JupyterLab shows only the traceback.
      return { ename: 'CompileError', evalue: first ? diagnosticLine(first) : 'the program did not compile', traceback: ['CompileError: the program did not compile', ...r.diagnostics.map(diagnosticLine)] };
    }
    case 'failed': {
      const evalue = `the program exited with status ${r.exitCode ?? '?'}${which}`;
      return { ename: 'ExitStatus', evalue, traceback: [`ExitStatus: ${evalue}`] };
    }
    case 'crash': {
      const evalue = `${r.reason ?? 'the guest crashed'}${which}`;
      return { ename: 'GuestCrash', evalue, traceback: [`GuestCrash: ${evalue}`, ...consoleTail(r)] };
    }
    case 'timeout': {
      const evalue = `${r.reason ?? 'the run did not finish in time'}${which}`;
      return { ename: 'Timeout', evalue, traceback: [`Timeout: ${evalue}`, ...consoleTail(r)] };
    }
    case 'cancelled':
      // Cancelled by someone else (a job cancelled outside bootbook): say who, not "interrupted".
      if (r.reason && r.reason !== INTERRUPTED_REASON) return simpleError('Cancelled', `${r.reason}${which}`);
      return interruptedError();
    case 'runner-error': {
      const evalue = `${r.reason ?? 'the runner failed'}${which}`;
      return { ename: 'RunnerError', evalue, traceback: [`RunnerError: ${evalue}`, ...consoleTail(r)] };
    }
  }
}

/** `booted`: QEMU had started (and was stopped); otherwise the cell never reached its boot. */
export function interruptedError(booted = true): JupyterError {
  const evalue = booted ? 'the run was interrupted and its QEMU stopped' : 'the cell was interrupted before it booted';
  return { ename: 'Interrupted', evalue, traceback: [`Interrupted: ${evalue}`] };
}

/** An error with its message as the traceback's first line, plus any extra lines. */
export function simpleError(ename: string, evalue: string, extra: string[] = []): JupyterError {
  return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...extra] };
}
