// `bootbook results list | show ID | export ID [--csv|--json]` over
// <root>/.bootbook/results.sqlite (root: --root, else the working folder).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BootbookError } from '../engine/errors.js';
import { exportCsv, exportJson, storedSummary } from '../results/export.js';
import { ResultsStore, storePath } from '../results/store.js';
import { compactTable } from './format.js';
import { formatSweep } from './sweep-format.js';

function openStore(root?: string): ResultsStore {
  const dir = resolve(root ?? process.cwd());
  if (!existsSync(storePath(dir))) throw new BootbookError('bad-usage', `no results in ${dir}: ${storePath(dir)} does not exist (sweeps keep their results there)`);
  return ResultsStore.open(dir);
}

function findSweep(store: ResultsStore, id: string) {
  const s = store.sweep(id);
  if (!s) throw new BootbookError('bad-usage', `no single sweep with id "${id}" in ${store.path}; see bootbook results list`);
  return s;
}

export function resultsList(flags: { root?: string; json?: boolean }): void {
  const store = openStore(flags.root);
  try {
    const rows = store.sweeps();
    if (flags.json) return void process.stdout.write(JSON.stringify(rows.map(({ spec, ...r }) => ({ ...r, axes: spec.axes }))) + '\n');
    const table = compactTable(['sweep', 'label', 'state', 'runs', 'failed', 'created']);
    for (const r of rows) table.push([r.id, r.label, r.state, `${r.runs}/${r.total}`, String(r.failed), r.createdAt.replace('T', ' ').slice(0, 19)]);
    process.stdout.write((rows.length ? table.toString() : 'no sweeps yet') + '\n');
  } finally {
    store.close();
  }
}

export function resultsShow(id: string, flags: { root?: string; json?: boolean }): void {
  const store = openStore(flags.root);
  try {
    const summary = storedSummary(store, findSweep(store, id));
    process.stdout.write(flags.json ? JSON.stringify(summary) + '\n' : formatSweep(summary) + '\n');
  } finally {
    store.close();
  }
}

export function resultsExport(id: string, flags: { root?: string; csv?: boolean; json?: boolean }): void {
  if (flags.csv && flags.json) throw new BootbookError('bad-usage', 'choose one of --csv and --json');
  const store = openStore(flags.root);
  try {
    const sweep = findSweep(store, id);
    const runs = store.runs(sweep.id);
    process.stdout.write(flags.json ? exportJson(sweep, runs) : exportCsv(sweep, runs));
  } finally {
    store.close();
  }
}
