// The results store: whole runs survive a killed writer, an unfinished sweep is
// found again by its key (resume), a finished one is not; exports; the lock.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportCsv, exportJson, storedSummary } from '../../../server/src/results/export.js';
import { ResultsStore, storePath } from '../../../server/src/results/store.js';

const child = fileURLToPath(new URL('./store-child.js', import.meta.url));

function killedWriter(root: string, key: string, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, root, key, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.endsWith('\n')) p.kill('SIGKILL'); // mid-sweep: 10 runs planned, `count` written
    });
    p.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(out.trim()) : reject(new Error(`child exited ${signal}`))));
  });
}

describe('results store', () => {
  test('a sweep killed mid-way keeps its whole runs and is resumed by its key', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bootbook-store-'));
    const id = await killedWriter(root, 'key-1', 7);
    const store = ResultsStore.open(root);
    try {
      assert.equal(store.path, storePath(root));
      const again = store.resumable('key-1');
      assert.equal(again?.id, id);
      assert.equal(again?.state, 'running');
      const runs = store.runs(id);
      assert.equal(runs.length, 7);
      assert.ok(runs.every((r) => r.record.console.length === 1000), 'every stored record is whole');
      assert.equal(store.resumable('other-key'), undefined);
      // The resumed attempt finishes it; a finished sweep is not resumed again.
      store.finishSweep(id, 'done');
      assert.equal(store.resumable('key-1'), undefined);
      const listed = store.sweeps();
      assert.deepEqual(listed.map((s) => [s.id, s.runs, s.failed, s.state]), [[id, 7, 0, 'done']]);
      assert.equal(store.sweep(id.slice(0, 4))?.id, id, 'a prefix finds the sweep');
    } finally {
      store.close();
    }
  });

  test('adding the same run twice keeps one row; summaries and exports read the store', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bootbook-store-'));
    const id = await killedWriter(root, 'key-2', 4);
    const store = ResultsStore.open(root);
    try {
      const sweep = store.sweep(id)!;
      const [first] = store.runs(id);
      store.addRun(id, first!);
      assert.equal(store.runs(id).length, 4);
      const s = storedSummary(store, sweep);
      assert.equal(s.points.length, 2);
      assert.deepEqual(s.points.map((p) => p.metrics[0]!.median), [0.5, 2.5]);
      assert.equal(s.cancelled, true, 'not finished');
      const csv = exportCsv(sweep, store.runs(id)).trim().split('\n');
      assert.equal(csv[0], 'sweep,point,repeat,target,arch,n,status,metric,value,unit,clock,accel,run_id');
      assert.equal(csv.length, 5);
      assert.match(csv[1]!, new RegExp(`^${id},0,0,kite,x86_64,1,ok,t,0,ns,icount,tcg,run-0$`));
      const json = JSON.parse(exportJson(sweep, store.runs(id)));
      assert.equal(json.runs.length, 4);
      assert.equal(json.runs[0].record.console.length, 1000);
    } finally {
      store.close();
    }
  });
});
