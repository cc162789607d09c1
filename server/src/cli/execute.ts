// `bootbook execute NOTEBOOK.ipynb [-o OUT.ipynb] [--param k=v]...`: run every code
// cell in order and save the outputs as a valid nbformat 4.5 notebook. Exits 1
// when a cell fails (unless tagged raises-exception), as CI and papers need.
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { BootbookError } from '../engine/errors.js';
import { parseAssignments } from '../engine/target.js';
import { parseSpecName } from '../jupyter/kernels/specs.js';
import { executeNotebook, type Notebook } from '../kernel/headless.js';
import { packsOrWarn } from './context.js';

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

export async function executeCommand(file: string, flags: { output?: string; param: string[] }): Promise<void> {
  const nb = readNotebook(file);
  const packs = packsOrWarn();
  const specName = nb.metadata.kernelspec?.name ?? 'linux-x86_64';
  const target = parseSpecName(packs, specName);
  if (!target) throw new BootbookError('unknown-target', `the notebook's kernel "${specName}" is not a bootbook target`);
  const params = parseAssignments(flags.param, 'parameter');
  const result = await executeNotebook(packs, nb, target, {
    params,
    onCell: (i, n) => process.stderr.write(`bootbook execute: cell ${i}/${n}\n`),
  });
  // nbformat 4.5: every cell has an id.
  nb.nbformat_minor = Math.max(nb.nbformat_minor ?? 0, 5);
  for (const cell of nb.cells) cell.id ??= randomUUID().slice(0, 8);
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
