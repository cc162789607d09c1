// `bootbook packs test kite`: kite's in-guest suite passes on every architecture.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packs } from '../helpers.js';
import { runPackTests } from '../../../server/src/engine/packs/selftest.js';

for (const arch of packs.get('kite')!.manifest.architectures) {
  test(`kite's in-guest tests pass on ${arch}`, async () => {
    const results = await runPackTests(packs, packs.get('kite')!, { arch });
    assert.ok(results.length >= 8, `only ${results.length} tests ran on ${arch}`);
    for (const r of results) assert.ok(r.passed, `${r.name} (${r.arch}): ${r.failures.join('; ')}`);
  });
}
