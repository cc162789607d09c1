// `bootbook execute` on the bundled getting-started notebook, with real QEMU:
// every code cell runs, outputs are saved, and the result is a valid nbformat
// 4.5 notebook by nbformat's own validator (python3-nbformat, installed by .ci/run; Debian's /usr/bin/python3, since a pyenv python may come first on PATH).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cacheDir } from '../helpers.js';
import { repoRoot } from '../../../server/src/engine/paths.js';

function bootbook(...args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, 'bin/bootbook.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, BOOTBOOK_CACHE: cacheDir },
    timeout: 300_000,
  });
}

describe('bootbook execute', { concurrency: 1 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootbook-execute-'));

  test('runs the getting-started notebook and writes a valid nbformat 4.5 file', () => {
    const out = join(dir, 'out.ipynb');
    const r = bootbook('execute', join(repoRoot, 'notebooks/getting-started.ipynb'), '-o', out);
    assert.equal(r.status, 0, r.stderr);
    const nb = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.nbformat_minor, 5);
    const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'code');
    code.forEach((c: { execution_count: number }, i: number) => assert.equal(c.execution_count, i + 1));
    const byId = Object.fromEntries(nb.cells.map((c: { id: string }) => [c.id, c]));
    const result = byId['hello-kite'].outputs.find((o: { output_type: string }) => o.output_type === 'execute_result');
    assert.ok(result.data['application/vnd.bootbook.run+json'].records[0].metrics.length > 0);
    assert.equal(result.data['application/vnd.bootbook.run+json'].records[0].target.pack, 'kite');
    const error = byId['compile-error'].outputs.find((o: { output_type: string }) => o.output_type === 'error');
    assert.equal(error.ename, 'CompileError');
    assert.match(error.evalue, /line 4/);
    const check = spawnSync('/usr/bin/python3', ['-c', 'import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))', out], { encoding: 'utf8' });
    assert.equal(check.status, 0, `nbformat says: ${check.stderr}`);
  });

  test('stops at the first error that is not expected, exits 1, and keeps the outputs so far', () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'kite-x86_64', display_name: 'kite', language: 'c' } },
      cells: [
        { id: 'a', cell_type: 'code', metadata: {}, source: '#include <bootbook.h>\nint main(void) { bb_metric("x", 1, ""); return 0; }\n', outputs: [], execution_count: null },
        { id: 'b', cell_type: 'code', metadata: {}, source: 'int main(void) { return oops; }\n', outputs: [], execution_count: null },
        { id: 'c', cell_type: 'code', metadata: {}, source: 'int main(void) { return 0; }\n', outputs: [], execution_count: null },
      ],
    };
    const file = join(dir, 'fails.ipynb');
    writeFileSync(file, JSON.stringify(nb));
    const r = bootbook('execute', file, '--param', 'n=3');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cell 2 failed: CompileError/);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.cells[0].execution_count, 1);
    assert.equal(saved.cells[1].outputs[0].output_type, 'error');
    assert.deepEqual(saved.cells[2].outputs, [], 'the cell after the error did not run');
  });

  test('a file that is not a notebook gets a clear message', () => {
    const file = join(dir, 'bad.ipynb');
    writeFileSync(file, '{"cells": 3}');
    const r = bootbook('execute', file);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not an nbformat 4 notebook/);
  });
});
