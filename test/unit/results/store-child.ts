// Helper process for store.test.ts: start a sweep in the store, write `count`
// whole runs, report, then hang (as a sweep waiting for QEMU would) until killed.
import { ResultsStore } from '../../../server/src/results/store.js';
import type { RunRecord } from '../../../server/src/engine/record.js';

const [root, key, count] = process.argv.slice(2) as [string, string, string];
// The test runner also loads every file under test/: without arguments this is not the helper's run.
if (!count) process.exit(0);
const store = ResultsStore.open(root);
const sweep = store.createSweep(key, 'child', 10, { axes: [{ name: 'n', kind: 'param', values: ['1', '2', '3', '4', '5'] }], repeat: 2 });
for (let i = 0; i < Number(count); i++) {
  const record = { id: `run-${i}`, target: { pack: 'kite', version: '1', arch: 'x86_64', options: {} }, params: { n: (i >> 1) + 1 }, repeat: i % 2, status: 'ok', metrics: [{ name: 't', value: i, unit: 'ns' }], runner: { kind: 'qemu', accel: 'tcg', clock: 'icount' }, provenance: { packHash: 'h', packVersion: '1', compiler: 'gcc', host: { hostname: 'h', os: 'l', cpu: 'c', cores: 2 }, bootbook: '0', createdAt: 'now' }, console: 'x'.repeat(1000) } as unknown as RunRecord;
  store.addRun(sweep.id, { pointKey: `p${i >> 1}`, pointIndex: i >> 1, repeat: i % 2, coords: { n: String((i >> 1) + 1) }, record });
}
process.stdout.write(`${sweep.id}\n`);
setInterval(() => {}, 1000);
