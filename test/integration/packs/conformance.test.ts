// The conformance suite on every bundled pack and every architecture it claims,
// in real QEMU: one test per (pack, architecture, conformance test), so a
// failure names exactly what broke. The runs start together, one chain per
// (pack, architecture) so two tests sharing a program never build it at once;
// the runner's pool keeps boots to one per core.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { packs } from '../helpers.js';
import { loadConformanceTests } from '../../../server/src/engine/packs/conformance.js';
import { runPackTest, testArchitectures, type PackTestResult } from '../../../server/src/engine/packs/selftest.js';

const suite = loadConformanceTests();
const bundled = ['linux', 'kite', 'bare'];

const pending = new Map<string, Promise<PackTestResult>>();
for (const name of bundled) {
  const pack = packs.get(name);
  if (!pack) continue;
  for (const arch of pack.manifest.architectures) {
    let chain: Promise<unknown> = Promise.resolve();
    for (const t of suite) {
      if (!testArchitectures(pack, t, arch).includes(arch)) continue;
      const run = chain.then(() => runPackTest(packs, pack, t, arch));
      run.catch(() => {}); // reported by its own test below
      chain = run.catch(() => {});
      pending.set(`${name}/${arch}/${t.name}`, run);
    }
  }
}

test('the bundled packs are all here, and bare claims three architectures', () => {
  for (const name of bundled) assert.ok(packs.get(name), `${name} did not load`);
  assert.deepEqual(packs.get('bare')!.manifest.architectures, ['x86_64', 'riscv64', 'aarch64']);
  assert.ok(suite.length >= 10);
});

for (const name of bundled) {
  const pack = packs.get(name);
  if (!pack) continue;
  for (const arch of pack.manifest.architectures) {
    describe(`${name} (${arch})`, () => {
      for (const t of suite) {
        const run = pending.get(`${name}/${arch}/${t.name}`);
        if (!run) continue;
        test(`${t.name}: ${t.spec.description}`, async () => {
          const r = await run;
          const tail = r.record?.console.trimEnd().split('\n').slice(-10).join('\n');
          assert.ok(r.passed, `${r.failures.join('; ')}\nconsole tail:\n${tail}`);
        });
      }
    });
  }
}
