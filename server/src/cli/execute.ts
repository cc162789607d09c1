// `bootbook execute NOTEBOOK.ipynb [-o OUT.ipynb] [--param k=v]...`: run every code
// cell in order and save the outputs as a valid nbformat 4.5 notebook. Exits 1
// when a cell fails (unless tagged raises-exception), as CI and papers need.
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import { BootbookError } from '../engine/errors.js';
import { parseAssignments } from '../engine/target.js';
import { parseSpecName } from '../jupyter/kernels/specs.js';
import { executeNotebook, type Notebook } from '../kernel/headless.js';
import { compareNotebooks, lockChanges, makeLock, type Lock } from '../results/check.js';
import { packsOrWarn } from './context.js';
import { compactTable } from './format.js';

function readNotebook(path: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(readFileSync(path, 'utf8')) as Notebook;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new BootbookError('bad-source', `cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  if (!nb || typeof nb !== 'object' || nb.nbformat !== 4 || !Array.isArray(nb.cells) || typeof nb.metadata !== 'object') {
    throw new BootbookError('bad-source', `${path} is not an nbformat 4 notebook (needs nbformat: 4, metadata and cells)`);
  }
  return nb;
}

/** Write next to the target and rename, so a crash never leaves half a notebook. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export async function executeCommand(file: string, flags: { output?: string; param: string[]; check?: boolean }): Promise<void> {
  const nb = readNotebook(file);
  // A notebook's folder may carry its own packs/ (docs/pack-sources.md).
  const packs = packsOrWarn(dirname(resolve(file)));
  const specName = nb.metadata.kernelspec?.name ?? 'linux-x86_64';
  const target = parseSpecName(packs, specName);
  if (!target) throw new BootbookError('unknown-target', `the notebook's kernel "${specName}" is not a bootbook target`);
  const params = parseAssignments(flags.param, 'parameter');
  const meta = (nb.metadata.bootbook ?? {}) as { lock?: Lock };
  for (const change of lockChanges(meta.lock, packs)) process.stderr.write(`bootbook execute: warning: ${change} since the notebook's lock (metadata.bootbook.lock); its saved results may differ\n`);
  const saved = flags.check ? (JSON.parse(JSON.stringify(nb)) as Notebook) : undefined;
  const result = await executeNotebook(packs, nb, target, {
    params,
    // Results go next to the notebook being written (-o), so a run from a read-only checkout works.
    resultsRoot: dirname(resolve(flags.output ?? file)),
    onCell: (i, n) => process.stderr.write(`bootbook execute: cell ${i}/${n}\n`),
  });
  // nbformat 4.5: every cell has an id.
  nb.nbformat_minor = Math.max(nb.nbformat_minor ?? 0, 5);
  for (const cell of nb.cells) cell.id ??= randomUUID().slice(0, 8);
  nb.metadata.bootbook = { ...meta, lock: makeLock(nb, packs) };
  if (saved) return checkReport(saved, nb, result, flags.output);
  const out = flags.output ?? file;
  writeAtomically(out, JSON.stringify(nb, null, 1) + '\n');
  if (result.error) {
    process.stderr.write(`bootbook execute: cell ${result.failedCell! + 1} failed: ${result.error.ename}: ${result.error.evalue}\n`);
    process.stderr.write(`bootbook execute: outputs so far written to ${out}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`bootbook execute: ${result.executed} cells ran; written to ${out}\n`);
    process.exitCode = 0;
  }
}

/** `execute --check`: the table of agreements; the notebook is written only with -o. */
function checkReport(saved: Notebook, fresh: Notebook, result: Awaited<ReturnType<typeof executeNotebook>>, output?: string): void {
  if (output) writeAtomically(output, JSON.stringify(fresh, null, 1) + '\n');
  const rows = compareNotebooks(saved, fresh);
  const table = compactTable(['cell', 'point', 'metric', 'clock', 'saved', 'now', 'verdict']);
  for (const r of rows) table.push([r.cell, r.point, r.metric, r.clock, r.saved, r.now, r.verdict]);
  process.stdout.write((rows.length ? table.toString() : 'no saved results to compare (run bootbook execute first)') + '\n');
  const bad = rows.filter((r) => r.verdict === 'DISAGREE' || r.verdict === 'missing').length;
  if (result.error) process.stderr.write(`bootbook execute: cell ${result.failedCell! + 1} failed: ${result.error.ename}: ${result.error.evalue}\n`);
  process.stdout.write(`${rows.filter((r) => r.verdict === 'agree').length} agree, ${bad} disagree, ${rows.filter((r) => r.verdict === 'too few runs').length} not comparable\n`);
  process.exitCode = bad || result.error || !rows.length ? 1 : 0;
}
