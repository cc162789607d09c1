// notebooks/course-scheduler-lab.ipynb run headless with `bootbook execute` (real
// QEMU, icount): the lab's %%file cell replaces kite's scheduler for the cells
// after it, the measurement moves the way the lab sheet says (first come, first
// served: (n+1)/(2n) of round robin's mean turnaround), the records name the
// overlaid file, the empty %%file cell at the end removes it, and `execute --check`
// finds the same counts again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cacheDir } from '../helpers.js';
import { repoRoot } from '../../../server/src/engine/paths.js';

type Output = { output_type: string; text?: string | string[]; data?: Record<string, any> };
type Cell = { id: string; cell_type: string; outputs?: Output[] };

describe('course-scheduler-lab.ipynb', () => {
  test('runs in CI in under a minute and shows the policy change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootbook-lab-'));
    const out = join(dir, 'lab.ipynb');
    const t0 = performance.now();
    const bootbook = (...args: string[]) =>
      spawnSync(process.execPath, [join(repoRoot, 'bin/bootbook.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, BOOTBOOK_CACHE: cacheDir }, timeout: 300_000 });
    const r = bootbook('execute', join(repoRoot, 'notebooks/course-scheduler-lab.ipynb'), '-o', out);
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(r.status, 0, r.stderr);
    // Cold cache included (kite is prepared twice: as shipped and with the overlay).
    assert.ok(seconds < 90, `the lab took ${seconds.toFixed(1)} s`);
    const cells: Cell[] = JSON.parse(readFileSync(out, 'utf8')).cells;
    const byId = Object.fromEntries(cells.map((c) => [c.id, c]));
    const text = (id: string) => (byId[id]?.outputs ?? []).filter((o) => o.output_type === 'stream').map((o) => [o.text].flat().join('')).join('');
    const sweep = (id: string) => byId[id]!.outputs!.find((o) => o.data?.['application/vnd.bootbook.sweep+json'])!.data!['application/vnd.bootbook.sweep+json'];

    assert.match(text('policy'), /^kite:src\/sched\/sched\.c overlaid for this notebook \(\d+ lines, differs from the pack in \d+ lines/);
    assert.match(text('restore'), /overlay removed/);

    const before = sweep('baseline');
    const after = sweep('after');
    assert.ok(before.records.every((rec: any) => rec.target.overlays === undefined));
    for (const rec of after.records) assert.deepEqual(rec.target.overlays.map((o: any) => o.path), ['src/sched/sched.c']);
    const turnaround = (s: any, jobs: number) => s.summary.points.find((p: any) => p.params.jobs === jobs).metrics.find((m: any) => m.name === 'mean_turnaround').median;
    for (const n of [2, 4, 8]) {
      const ratio = turnaround(after, n) / turnaround(before, n);
      const expected = (n + 1) / (2 * n);
      assert.ok(Math.abs(ratio - expected) < 0.03, `${n} jobs: FCFS/RR turnaround ${ratio.toFixed(3)}, expected about ${expected.toFixed(3)}`);
    }
    // The counts repeat exactly (icount, and no console output while measuring): a re-run agrees on all 18 numbers.
    const check = bootbook('execute', '--check', out);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /18 agree, 0 disagree/);
    // Both charts came with their static renderings.
    for (const id of ['baseline', 'after']) assert.ok(byId[id]!.outputs!.some((o) => o.data?.['application/vnd.vegalite.v5+json'] && o.data['image/png']));
  });
});
