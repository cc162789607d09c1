// Debian's real Jupyter clients driving the ZeroMQ kernel (`bootbook kernel -f`)
// through the kernelspecs `bootbook jupyter install` writes:
// - jupyter_kernel_test (the conformance suite) for the linux and kite kernelspecs;
// - `jupyter nbconvert --to notebook --execute` on notebooks/getting-started.ipynb,
//   whose metrics must be those of `bootbook execute` (icount: the same numbers);
// - `jupyter console --kernel ...` running a cell from standard input;
// - `jupyter kernelspec list` showing every target.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jupyterEnv, JUPYTER, missingClients, packs, PYTHON, repoRoot, run, type JupyterEnv } from './helpers.js';
import { kernelJsons } from '../../server/src/jupyter/kernels/kernelspecs.js';
import { RUN_MIME } from '../../server/src/results/check.js';

const skip = missingClients(['jupyter_client', 'jupyter_kernel_test', 'nbconvert', 'nbclient', 'jupyter_console'], ['jupyter', 'jupyter-console', 'jupyter-nbconvert']);
const BOOTBOOK = join(repoRoot, 'bin', 'bootbook.js');

let jenv: JupyterEnv;
before(() => {
  if (!skip) jenv = jupyterEnv();
});
after(() => jenv?.dispose());

describe('standard Jupyter clients and the ZeroMQ kernel', { skip }, () => {
  test('jupyter kernelspec list shows every target', async () => {
    const r = await run(JUPYTER, ['kernelspec', 'list', '--json'], { env: jenv.env });
    assert.equal(r.code, 0, r.stderr);
    const listed = (JSON.parse(r.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { display_name: string; argv: string[] } }> }).kernelspecs;
    for (const [name, json] of Object.entries(kernelJsons(packs))) {
      assert.ok(listed[name], `${name} listed`);
      assert.equal(listed[name]!.spec.display_name, json.display_name);
      assert.equal(listed[name]!.spec.argv[1], BOOTBOOK, 'argv runs this installation');
    }
  });

  test('jupyter_kernel_test passes for the linux and kite kernelspecs', { timeout: 300_000 }, async () => {
    const r = await run(PYTHON, ['-m', 'unittest', '-v', 'kernel_conformance'], { env: jenv.env, cwd: join(repoRoot, 'test', 'jupyter'), timeoutMs: 280_000 });
    assert.equal(r.code, 0, r.stderr);
    const ran = /Ran (\d+) tests/.exec(r.stderr);
    const skipped = Number(/skipped=(\d+)/.exec(r.stderr)?.[1] ?? 0);
    assert.ok(ran && Number(ran[1]) >= 20, `ran ${ran?.[1]} tests`);
    // Only the features bootbook does not offer (pager, history, clear_output) may skip.
    for (const line of r.stderr.split('\n').filter((l) => /\.\.\. skipped/.test(l))) {
      assert.match(line, /test_(pager|history|clear_output)/, `unexpected skip: ${line}`);
    }
    assert.ok(skipped <= 10);
    for (const name of ['LinuxX86_64', 'KiteX86_64']) {
      for (const t of ['kernel_info', 'execute_stdout', 'execute_stderr', 'error', 'execute_result', 'display_data', 'completion', 'is_complete', 'inspect']) {
        assert.match(r.stderr, new RegExp(`test_${t} \\(kernel_conformance\\.${name}\\.test_${t}\\) \\.\\.\\. ok`), `${name} ${t}`);
      }
    }
  });

  test('nbconvert --execute gives the metrics of bootbook execute (icount: identical)', { timeout: 300_000 }, async () => {
    const nb = join(jenv.work, 'getting-started.ipynb');
    copyFileSync(join(repoRoot, 'notebooks', 'getting-started.ipynb'), nb);
    const viaJupyter = await run(
      JUPYTER,
      ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.kernel_name=bootbook-linux-x86_64', '--ExecutePreprocessor.timeout=120', '--output', 'by-nbconvert.ipynb', nb],
      { env: jenv.env, cwd: jenv.work, timeoutMs: 240_000 },
    );
    assert.equal(viaJupyter.code, 0, viaJupyter.stderr);
    const viaBootbook = await run(process.execPath, [BOOTBOOK, 'execute', nb, '-o', join(jenv.work, 'by-bootbook.ipynb')], { env: jenv.env, cwd: jenv.work, timeoutMs: 240_000 });
    assert.equal(viaBootbook.code, 0, viaBootbook.stderr);

    type Rec = { runner: { clock: string }; metrics: { name: string; value: number | null; unit?: string }[] };
    type Cell = { id?: string; cell_type: string; outputs?: { output_type: string; data?: Record<string, unknown>; ename?: string }[] };
    const results = (file: string) =>
      (JSON.parse(readFileSync(join(jenv.work, file), 'utf8')) as { cells: Cell[] }).cells
        .filter((c) => c.cell_type === 'code')
        .map((c) => ({
          id: c.id,
          records: (c.outputs ?? []).flatMap((o) => ((o.data?.[RUN_MIME] as { records?: Rec[] } | undefined)?.records ?? [])),
          error: (c.outputs ?? []).find((o) => o.output_type === 'error')?.ename,
        }));
    const a = results('by-nbconvert.ipynb');
    const b = results('by-bootbook.ipynb');
    assert.deepEqual(a.map((c) => [c.id, c.records.length, c.error]), b.map((c) => [c.id, c.records.length, c.error]));
    let icount = 0;
    for (const [i, cell] of a.entries()) {
      for (const [k, rec] of cell.records.entries()) {
        const other = b[i]!.records[k]!;
        assert.deepEqual(rec.metrics.map((m) => [m.name, m.unit]), other.metrics.map((m) => [m.name, m.unit]), `cell ${cell.id}: same metrics`);
        assert.equal(rec.runner.clock, other.runner.clock);
        if (rec.runner.clock === 'icount') {
          icount++;
          assert.deepEqual(rec.metrics.map((m) => m.value), other.metrics.map((m) => m.value), `cell ${cell.id} run ${k + 1}: icount numbers identical`);
        }
      }
    }
    assert.ok(icount >= 2, 'the notebook has icount runs to compare');
    assert.equal(a.find((c) => c.id === 'compile-error')?.error, 'CompileError');
  });

  test('jupyter console runs a cell from standard input', { timeout: 120_000 }, async () => {
    // Console's simple prompt sends each line as a cell: a one-line C program.
    const cell = 'int printf(const char *, ...); int main(void) { printf("hello from the console\\n"); return 0; }\n';
    const r = await run(JUPYTER, ['console', '--kernel', 'bootbook-kite-x86_64', '--simple-prompt', '-y'], { env: jenv.env, cwd: jenv.work, input: cell, timeoutMs: 100_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /bootbook \d+\.\d+\.\d+: each cell is a C program/, 'the banner from kernel_info');
    assert.match(r.stdout, /hello from the console/);
    assert.match(r.stdout, /Out\[1\]: kite \(x86_64\) · ok · exit 0/);
  });
});
