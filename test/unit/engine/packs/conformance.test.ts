// The conformance suite's files: every test reads, validates and has its
// program, and the suite covers each promise of the guest protocol.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { conformanceDir, listConformanceTests, loadConformanceTests } from '../../../../server/src/engine/packs/conformance.js';

test('every conformance test validates and its program exists', () => {
  const tests = loadConformanceTests();
  assert.equal(tests.length, listConformanceTests().length);
  for (const t of tests) {
    assert.equal(t.suite, 'conformance');
    assert.ok(existsSync(join(conformanceDir, t.spec.program ?? `${t.name}.c`)), t.name);
  }
});

test('the suite covers console, metrics, params, exit 0 and non-zero, counters, icount, fault and hang', () => {
  const byName = new Map(loadConformanceTests().map((t) => [t.name, t.spec]));
  assert.ok(byName.get('console')?.expect.console?.length);
  assert.ok(Object.keys(byName.get('metrics')?.expect.metrics ?? {}).length >= 5);
  assert.ok(byName.get('params')?.params && byName.get('params')?.expect.metrics?.missing);
  assert.equal(byName.get('exit-zero')?.expect.exitCode, 0);
  assert.equal(byName.get('exit-status')?.expect.status, 'failed');
  assert.equal(byName.get('cycles')?.expect.metrics?.backwards?.equals, 0);
  assert.equal(byName.get('cycles-icount')?.clock, 'icount');
  assert.equal(byName.get('fault')?.expect.status, 'crash');
  assert.equal(byName.get('hang')?.expect.status, 'timeout');
  assert.ok((byName.get('hang')?.timeout ?? 99) <= 10, 'the hang test keeps a short time limit');
});
