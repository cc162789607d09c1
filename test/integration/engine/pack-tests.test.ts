// `bootbook packs test linux`: the linux pack's in-guest tests pass in real QEMU.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packs } from '../helpers.js';
import { listPackTests, runPackTests } from '../../../server/src/engine/packs/selftest.js';
import { BootbookError } from '../../../server/src/engine/errors.js';

test('every in-guest test of the linux pack passes', async () => {
  const linux = packs.get('linux')!;
  assert.ok(listPackTests(linux).length >= 5);
  const results = await runPackTests(packs, linux);
  assert.equal(results.length, listPackTests(linux).length);
  for (const r of results) assert.ok(r.passed, `${r.name}: ${r.failures.join('; ')}`);
});

test('an unknown test name lists the tests there are', async () => {
  await assert.rejects(runPackTests(packs, packs.get('linux')!, { only: ['nope'] }), (e: unknown) => e instanceof BootbookError && /no test named nope.*metric/.test(e.message));
});
