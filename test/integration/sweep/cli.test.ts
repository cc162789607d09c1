// The command line with real QEMU: `bootbook run --sweep` killed mid-sweep and
// re-run resumes without redoing finished points; `bootbook results`; the two
// study notebooks executed headless with their charts; `execute --check`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../helpers.js';
import { repoRoot } from '../../../server/src/engine/paths.js';
import { ResultsStore, storePath } from '../../../server/src/results/store.js';

const bin = join(repoRoot, 'bin/bootbook.js');
const env = { ...process.env, BOOTBOOK_CACHE: cacheDir };
const kcall = join(repoRoot, 'kernels/kite/examples/kcall.c');

function bootbook(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env, timeout: 300_000 });
}

function storedRuns(root: string): number {
  if (!existsSync(storePath(root))) return 0;
  const s = ResultsStore.open(root);
  try {
    return s.sweeps().reduce((n, x) => n + x.runs, 0);
  } finally {
    s.close();
  }
}

describe('bootbook run --sweep and results', { concurrency: 1 }, () => {
  test('killed mid-sweep, re-run resumes the finished points', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootbook-cli-sweep-'));
    const args = [bin, 'run', kcall, '--target', 'kite', '--clock', 'icount', '--sweep', 'n=100,200,300,400,500,600,700,800,900,1000', '--repeat', '3'];
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: 'ignore' });
    const t0 = Date.now();
    while (storedRuns(dir) < 4 && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const before = storedRuns(dir);
    assert.ok(before >= 4 && before < 30, `stored ${before} runs before the kill`);
    const r = bootbook(dir, ...args.slice(1));
    assert.equal(r.status, 0, r.stderr);
    const resumed = Number(/resumed: (\d+) runs/.exec(r.stdout)?.[1]);
    assert.ok(resumed >= before, r.stdout);
    assert.equal(storedRuns(dir), 30, 'no run twice, none missing');
    const id = /^sweep (\w+)/m.exec(r.stdout)![1]!;
    const list = bootbook(dir, 'results', 'list');
    assert.match(list.stdout, new RegExp(`${id}.*done.*30/30`));
    const show = bootbook(dir, 'results', 'show', id);
    assert.match(show.stdout, /kite_nop/);
    const csv = bootbook(dir, 'results', 'export', id, '--csv').stdout.trim().split('\n');
    assert.equal(csv.length, 31);
    const json = JSON.parse(bootbook(dir, 'results', 'export', id, '--json').stdout);
    assert.equal(json.runs.length, 30);
    assert.equal(bootbook(dir, 'results', 'show', 'nope').status, 2);
  });

  test('--sweep errors are bad input (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootbook-cli-sweep-'));
    const r = bootbook(dir, 'run', kcall, '--target', 'kite', '--sweep', 'target=kite,linux', '--sweep', 'hz=0,100');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /hz does not apply to linux/);
  });
});

describe('study notebooks', { concurrency: 1 }, () => {
  for (const name of ['syscall-cost', 'timer-noise']) {
    test(`${name}.ipynb runs headless with its chart and lock`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'bootbook-nb-'));
      const out = join(dir, `${name}.ipynb`);
      const r = bootbook(dir, 'execute', join(repoRoot, `notebooks/${name}.ipynb`), '-o', out);
      assert.equal(r.status, 0, r.stderr);
      const nb = JSON.parse(readFileSync(out, 'utf8'));
      assert.ok(nb.metadata.bootbook.lock.packs.kite.hash);
      const outputs = nb.cells.flatMap((c: { outputs?: { data?: Record<string, unknown> }[] }) => c.outputs ?? []);
      assert.ok(outputs.some((o: { data?: Record<string, unknown> }) => o.data?.['application/vnd.vegalite.v5+json'] && o.data['image/png']));
      assert.ok(outputs.some((o: { data?: Record<string, unknown> }) => o.data?.['application/vnd.bootbook.sweep+json']));
    });
  }

  test('execute --check agrees on icount results and fails on a changed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootbook-check-'));
    const nbFile = join(dir, 'c.ipynb');
    const cell = { id: 'k', cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: '%sweep n=10,20\n%clock icount\n#include <bootbook.h>\nint main(void){ long n = bb_param("n", 1); uint64_t c = bb_cycles(); for (volatile long i = 0; i < n; i++); bb_metric("t", (double)(bb_cycles() - c), "cycles"); return 0; }\n' };
    writeFileSync(nbFile, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'kite-x86_64', display_name: 'kite', language: 'c' } }, cells: [cell] }));
    assert.equal(bootbook(dir, 'execute', nbFile).status, 0);
    const ok = bootbook(dir, 'execute', '--check', nbFile);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /2 agree, 0 disagree/);
    // Tamper with a saved count: the check must notice.
    const nb = JSON.parse(readFileSync(nbFile, 'utf8'));
    const sweep = nb.cells[0].outputs.find((o: { data?: Record<string, unknown> }) => o.data?.['application/vnd.bootbook.sweep+json']).data['application/vnd.bootbook.sweep+json'];
    sweep.summary.points[0].metrics[0].min += 1;
    writeFileSync(nbFile, JSON.stringify(nb));
    copyFileSync(nbFile, join(dir, 'copy.ipynb'));
    const bad = bootbook(dir, 'execute', '--check', nbFile);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /DISAGREE/);
  });
});
