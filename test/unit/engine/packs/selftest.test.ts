import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExpectations, type PackTestSpec } from '../../../../server/src/engine/packs/selftest.js';
import type { RunRecord } from '../../../../server/src/engine/record.js';

function record(over: Partial<RunRecord>): RunRecord {
  return { status: 'ok', exitCode: 0, metrics: [], console: '', diagnostics: [], ...over } as RunRecord;
}

test('a run that meets every expectation has no failures', () => {
  const spec: PackTestSpec = { description: 'd', expect: { status: 'ok', console: ['^hello$'], metrics: { x: { min: 1, max: 3 }, y: { equals: 5 } } } };
  const r = record({ console: 'boot\nhello\n', metrics: [{ name: 'x', value: 2, unit: '' }, { name: 'y', value: 5, unit: '' }] });
  assert.deepEqual(checkExpectations(spec, r), []);
});

test('each unmet expectation is reported in words', () => {
  const spec: PackTestSpec = { description: 'd', expect: { status: 'failed', exitCode: 3, console: ['page fault'], metrics: { x: { max: 1 }, y: { equals: 5 }, z: { min: 0 } } } };
  const r = record({ status: 'failed', exitCode: 4, console: 'nothing', metrics: [{ name: 'x', value: 2, unit: '' }, { name: 'y', value: 6, unit: '' }] });
  assert.deepEqual(checkExpectations(spec, r), [
    'exit code 4, expected 3',
    'console does not match /page fault/',
    'metric x = 2, expected at most 1',
    'metric y = 6, expected 5',
    'metric z missing',
  ]);
});

test('the status defaults to ok', () => {
  assert.deepEqual(checkExpectations({ description: 'd', expect: {} }, record({ status: 'crash', reason: 'boom' })), ['status crash (boom), expected ok']);
});
