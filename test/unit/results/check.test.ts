// The notebook lock and `execute --check` comparisons.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Arch, Pack } from '../../../server/src/engine/packs/types.js';
import type { RunRecord } from '../../../server/src/engine/record.js';
import type { Notebook } from '../../../server/src/kernel/headless.js';
import { compareNotebooks, lockChanges, makeLock, RUN_MIME } from '../../../server/src/results/check.js';

function pack(name: string, version: string, hash: string): Pack {
  return { manifest: { name, version, summary: name, architectures: ['x86_64' as Arch], interfaces: [], options: {}, tools: {}, build: {}, boot: {} }, dir: '/', hash };
}

function record(clock: string, values: number[]): RunRecord[] {
  return values.map((v, i) => ({ status: 'ok', repeat: i, params: { n: 1 }, target: { pack: 'kite', version: '1', arch: 'x86_64', options: {} }, metrics: [{ name: 't', value: v, unit: 'ns' }], runner: { kind: 'qemu', accel: 'tcg', clock } }) as unknown as RunRecord);
}

function notebook(cells: Record<string, RunRecord[]>): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: Object.entries(cells).map(([id, records]) => ({ id, cell_type: 'code', source: '', metadata: {}, outputs: [{ output_type: 'execute_result', data: { [RUN_MIME]: { records } } }] })),
  };
}

describe('lock', () => {
  test('records the packs the results came from and reports what changed', () => {
    const packs = new Map([['kite', pack('kite', '1', 'a'.repeat(64))], ['linux', pack('linux', '6.1', 'b'.repeat(64))]]);
    const lock = makeLock(notebook({ c: record('icount', [1]) }), packs);
    assert.deepEqual(lock, { packs: { kite: { version: '1', hash: 'a'.repeat(64) } } });
    assert.deepEqual(lockChanges(lock, packs), []);
    const changed = new Map([['kite', pack('kite', '2', 'c'.repeat(64))]]);
    assert.deepEqual(lockChanges(lock, changed), ['pack kite: version 1 -> 2', `pack kite: content aaaaaaaaaaaa -> cccccccccccc`]);
    assert.deepEqual(lockChanges(lock, new Map()), ['pack kite is locked at 1 but is not installed']);
    assert.deepEqual(lockChanges(undefined, packs), []);
  });
});

describe('check', () => {
  test('icount must match exactly', () => {
    assert.equal(compareNotebooks(notebook({ c: record('icount', [100, 100]) }), notebook({ c: record('icount', [100, 100]) }))[0]!.verdict, 'agree');
    assert.equal(compareNotebooks(notebook({ c: record('icount', [100]) }), notebook({ c: record('icount', [101]) }))[0]!.verdict, 'DISAGREE');
  });
  test('real time agrees when the intervals overlap; too few runs are not judged', () => {
    const saved = notebook({ c: record('real', [10, 11, 12, 13, 14, 15]) });
    assert.equal(compareNotebooks(saved, notebook({ c: record('real', [14, 15, 16, 17, 18, 19]) }))[0]!.verdict, 'agree');
    assert.equal(compareNotebooks(saved, notebook({ c: record('real', [30, 31, 32, 33, 34, 35]) }))[0]!.verdict, 'DISAGREE');
    assert.equal(compareNotebooks(notebook({ c: record('real', [1, 2]) }), notebook({ c: record('real', [50, 60]) }))[0]!.verdict, 'too few runs');
  });
  test('a result that is gone is a disagreement', () => {
    assert.equal(compareNotebooks(notebook({ c: record('icount', [1]) }), notebook({}))[0]!.verdict, 'missing');
  });
});
