import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BootbookError } from '../../../../server/src/engine/errors.js';
import { loadPacks } from '../../../../server/src/engine/packs/load.js';
import { checkExpectations, loadTestsIn, selectTests, testArchitectures, type PackTest, type PackTestSpec } from '../../../../server/src/engine/packs/selftest.js';
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

// The suites: the conformance tests come first, then the pack's own; --only picks
// from both; broken test files are refused with their file and the reason.

const bare = loadPacks().packs.get('bare')!;

test('both suites: conformance tests first, then the pack\'s own', () => {
  const tests = selectTests(bare, ['conformance', 'own']);
  const firstOwn = tests.findIndex((t) => t.suite === 'own');
  assert.ok(firstOwn > 0, 'there are conformance tests before the own ones');
  assert.ok(tests.slice(0, firstOwn).every((t) => t.suite === 'conformance'));
  assert.ok(tests.slice(firstOwn).every((t) => t.suite === 'own'));
  assert.ok(tests.some((t) => t.name === 'hang') && tests.some((t) => t.name === 'heap'));
});

test('--only picks from both suites; an unknown name is refused with every test name', () => {
  assert.deepEqual(selectTests(bare, ['conformance', 'own'], ['heap', 'fault']).map((t) => `${t.suite}/${t.name}`), ['conformance/fault', 'own/heap']);
  assert.throws(() => selectTests(bare, ['own'], ['nope']), (e: unknown) => e instanceof BootbookError && /no test named nope in bare; tests: abort, .*heap/.test(e.message));
});

test('a test runs on the pack\'s architectures, narrowed by its own list and by --arch', () => {
  const t = (architectures?: PackTest['spec']['architectures']): PackTest => ({ suite: 'own', name: 'x', dir: '.', spec: { description: 'd', expect: {}, architectures } });
  assert.deepEqual(testArchitectures(bare, t()), ['x86_64', 'riscv64', 'aarch64']);
  assert.deepEqual(testArchitectures(bare, t(['riscv64'])), ['riscv64']);
  assert.deepEqual(testArchitectures(bare, t(['riscv64']), 'x86_64'), []);
  assert.deepEqual(testArchitectures(bare, t(), 'aarch64'), ['aarch64']);
});

test('a test file that breaks the schema, or names a program that is not there, is refused with its file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootbook-selftest-'));
  try {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ description: 'd', expect: { status: 'fine' } }));
    writeFileSync(join(dir, 'bad.c'), 'int main(void) { return 0; }');
    assert.throws(() => loadTestsIn(dir, 'own'), (e: unknown) => e instanceof BootbookError && /bad\.json: \/expect\/status must be equal to one of the allowed values/.test(e.message));
    rmSync(join(dir, 'bad.json'));
    writeFileSync(join(dir, 'lost.json'), JSON.stringify({ description: 'd', expect: {}, program: 'elsewhere.c' }));
    assert.throws(() => loadTestsIn(dir, 'own'), (e: unknown) => e instanceof BootbookError && /lost\.json: its program .*elsewhere\.c does not exist/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
