// The run records as DOM: a compact status line per run, the metrics table, and
// each run's console in a collapsible block. Text is set with textContent only:
// guest output and metric names never become markup.
import type { RunRecord } from '../api/types.js';
import { headline, metricsTable, summarize } from './model.js';
import { whereRan } from '../cluster/model.js';
import { el } from '../dom.js';

function runLine(r: RunRecord, many: boolean): HTMLElement {
  const s = summarize(r);
  const line = el('div', 'bb-Run-line');
  line.dataset.status = s.status;
  if (many) line.appendChild(el('span', 'bb-Run-index', `run ${s.run}`));
  line.appendChild(el('span', `bb-Run-status bb-mod-${s.status}`, s.statusText));
  const facts: [string, string][] = [
    ['exit', s.exit],
    ['build', s.build],
    ['boot', s.boot],
    ['total', s.total],
    ['', s.accel]
  ];
  for (const [k, v] of facts) {
    const f = el('span', 'bb-Run-fact');
    if (k) f.appendChild(el('span', 'bb-Run-key', k));
    f.appendChild(document.createTextNode(v));
    line.appendChild(f);
  }
  return line;
}

export function metricsElement(records: readonly RunRecord[]): HTMLElement {
  const t = metricsTable(records);
  if (!t.rows.length) {
    const p = el('p', 'bb-Run-nometrics', 'no metrics reported (call bb_metric() to report one)');
    return p;
  }
  const table = el('table', 'bb-Metrics');
  const head = el('tr');
  head.appendChild(el('th', 'bb-Metrics-name', 'metric'));
  for (const c of t.columns) head.appendChild(el('th', 'bb-Metrics-value', c));
  head.appendChild(el('th', 'bb-Metrics-unit', 'unit'));
  table.appendChild(el('thead')).appendChild(head);
  const body = table.appendChild(el('tbody'));
  for (const row of t.rows) {
    const tr = body.appendChild(el('tr'));
    tr.appendChild(el('td', 'bb-Metrics-name', row.name));
    for (const c of row.cells) tr.appendChild(el('td', 'bb-Metrics-value', c));
    tr.appendChild(el('td', 'bb-Metrics-unit', row.unit));
  }
  return table;
}

function consoleBlock(r: RunRecord, many: boolean): HTMLElement {
  const s = summarize(r);
  const details = el('details', 'bb-Run-console');
  const lines = s.console ? s.console.replace(/\n$/, '').split('\n').length : 0;
  details.appendChild(el('summary', undefined, `${many ? `run ${s.run} ` : ''}console · ${lines} line${lines === 1 ? '' : 's'}${s.consoleTruncated ? ' (truncated)' : ''}`));
  details.appendChild(el('pre', 'bb-Run-consoleText', s.console || '(the guest printed nothing)'));
  return details;
}

/** The whole result of one cell. */
export function recordsElement(records: readonly RunRecord[]): HTMLElement {
  const root = el('div', 'bb-Run');
  if (!records.length) {
    root.appendChild(el('p', undefined, 'no run records'));
    return root;
  }
  const many = records.length > 1;
  root.appendChild(el('div', 'bb-Run-headline', headline(records)));
  // A build with the notebook's %%file overlays is not the pack as shipped: say so next to the result.
  const overlays = records[0]!.target.overlays;
  if (overlays?.length) root.appendChild(el('div', 'bb-Run-overlays', `built with notebook overlay: ${overlays.map(o => `${o.path} (sha256 ${o.sha256.slice(0, 12)})`).join(', ')}`));
  // Runs on a cluster say where they ran; local runs keep their result as it was.
  const where = whereRan(records);
  if (where) root.appendChild(el('div', 'bb-Run-where', where));
  const runs = root.appendChild(el('div', 'bb-Run-lines'));
  for (const r of records) runs.appendChild(runLine(r, many));
  root.appendChild(metricsElement(records));
  for (const w of records.flatMap(r => r.warnings ?? [])) root.appendChild(el('p', 'bb-Run-warning', `warning: ${w}`));
  const consoles = root.appendChild(el('div', 'bb-Run-consoles'));
  for (const r of records) consoles.appendChild(consoleBlock(r, many));
  return root;
}
