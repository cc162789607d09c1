// chooseAccel against the real QEMU on this host. The cache goes to a fresh
// folder so a decision cached by earlier runs cannot hide the probe.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chooseAccel, type AccelDecision } from '../../../../../server/src/engine/runners/qemu/accel.js';

// paths.ts reads BOOTBOOK_CACHE at call time, so setting it after the import works.
const cache = mkdtempSync(join(tmpdir(), 'bootbook-accel-'));
process.env.BOOTBOOK_CACHE = cache;
after(() => rmSync(cache, { recursive: true, force: true }));

const modulePath = new URL('../../../../../server/src/engine/runners/qemu/accel.js', import.meta.url);

function kvmUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

test("'tcg' is tcg without probing", async () => {
  const d = await chooseAccel('tcg');
  assert.equal(d.accel, 'tcg');
  assert.equal(d.tcgMs, undefined);
  assert.equal(existsSync(join(cache, 'accel-probe.json')), false);
  assert.equal(existsSync(join(cache, 'probe')), false);
});

test("'auto' measures both and caches the decision", { skip: !kvmUsable() && 'no usable /dev/kvm: auto does not probe', timeout: 120_000 }, async () => {
  const d = await chooseAccel('auto');
  assert.match(d.reason, /ring-0 probe/, d.reason);
  assert.ok(d.tcgMs !== undefined && d.tcgMs > 0, `tcgMs: ${d.tcgMs}`);
  if (d.accel === 'kvm') assert.ok(d.kvmCpu);

  const again = await chooseAccel('auto');
  assert.equal(again.measuredAt, d.measuredAt);

  // The disk cache serves a new process too (no in-memory state there).
  const onDisk = JSON.parse(readFileSync(join(cache, 'accel-probe.json'), 'utf8'));
  assert.ok(Object.values(onDisk.decisions).some((x) => (x as AccelDecision).measuredAt === d.measuredAt));
  const script = `const m = await import(${JSON.stringify(modulePath.href)}); console.log(JSON.stringify(await m.chooseAccel('auto')));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, BOOTBOOK_CACHE: cache }, encoding: 'utf8' });
  assert.equal((JSON.parse(out) as AccelDecision).measuredAt, d.measuredAt);
});

test("'kvm' finds a CPU model that boots", { skip: !kvmUsable() && 'no usable /dev/kvm', timeout: 60_000 }, async () => {
  const d = await chooseAccel('kvm');
  assert.equal(d.accel, 'kvm');
  assert.ok(d.kvmCpu);
});
