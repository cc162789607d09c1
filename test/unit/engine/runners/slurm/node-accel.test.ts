// KVM on the node: the argv mark the node fills, the `accel` file it writes, and
// the script itself run here with a stand-in QEMU (a shell script that exits
// like the probe would), since a real probe boot's speed is the host's business.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ACCEL_MARK, markAccel, nodeAccelScript, parseNodeAccel, unmarkAccel } from '../../../../../server/src/engine/runners/slurm/node-accel.js';

const dir = mkdtempSync(join(tmpdir(), 'bb-node-accel-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('accelerator chosen on the node', () => {
  test('-accel and its -cpu become one mark, and come back as the node chose', () => {
    const argv = ['qemu-system-x86_64', '-M', 'microvm', '-accel', 'tcg', '-cpu', 'qemu64', '-m', '64M', '-kernel', '/k'];
    const marked = markAccel(argv);
    assert.deepEqual(marked, ['qemu-system-x86_64', '-M', 'microvm', ACCEL_MARK, '-m', '64M', '-kernel', '/k']);
    assert.deepEqual(unmarkAccel(marked, { accel: 'kvm', cpu: 'host', reason: '', node: 'n1' }), ['qemu-system-x86_64', '-M', 'microvm', '-accel', 'kvm', '-cpu', 'host', '-m', '64M', '-kernel', '/k']);
    assert.deepEqual(markAccel(['q', '-accel', 'tcg', '-m', '1']), ['q', ACCEL_MARK, '-m', '1']);
  });

  test('the accel file: accel|cpu|node|reason; anything else is not a choice', () => {
    assert.deepEqual(parseNodeAccel('kvm|host,-arch-capabilities|n2|kvm 3 ms vs tcg 40 ms\n'), { accel: 'kvm', cpu: 'host,-arch-capabilities', node: 'n2', reason: 'kvm 3 ms vs tcg 40 ms' });
    assert.deepEqual(parseNodeAccel('tcg||n1|/dev/kvm is not usable on n1'), { accel: 'tcg', node: 'n1', reason: '/dev/kvm is not usable on n1' });
    assert.equal(parseNodeAccel('hvf||n1|x'), undefined);
    assert.equal(parseNodeAccel(undefined), undefined);
  });

  /** Run accel.sh with a fake QEMU whose timing per accelerator we choose. */
  function decide(fake: string, env: Record<string, string> = {}): { printed: string; file: string } {
    const q = join(dir, 'qemu');
    writeFileSync(q, `#!/bin/sh\n${fake}\n`);
    chmodSync(q, 0o755);
    const sh = join(dir, 'accel.sh');
    writeFileSync(sh, nodeAccelScript());
    const out = join(dir, 'accel');
    const cache = mkdtempSync(join(dir, 'cache-'));
    const printed = execFileSync('sh', [sh, q, 'qemu64', '/dev/null', out], { encoding: 'utf8', env: { ...process.env, BOOTBOOK_CACHE: cache, SLURMD_NODENAME: 'n9', ...env } }).trim();
    return { printed, file: readFileSync(out, 'utf8') };
  }

  test('the script decides and writes what it decided (tcg when kvm is slower or unusable)', (t) => {
    let kvmUsable = true;
    try {
      execFileSync('sh', ['-c', 'test -r /dev/kvm && test -w /dev/kvm']);
    } catch {
      kvmUsable = false;
    }
    // tcg exits at once, kvm hangs: the probe limit (2 s) stops it and tcg wins.
    const slowKvm = decide('case "$*" in *"-accel kvm"*) sleep 5;; esac; exit 1');
    const a = parseNodeAccel(slowKvm.file)!;
    assert.equal(a.accel, 'tcg');
    assert.equal(a.cpu, 'qemu64');
    assert.equal(a.node, 'n9');
    assert.equal(slowKvm.printed, '-accel tcg -cpu qemu64');
    assert.match(a.reason, kvmUsable ? /kvm over 2000 ms vs tcg \d+ ms .* on n9: tcg is faster/ : /\/dev\/kvm is not usable on n9/);
    if (!kvmUsable) return t.skip('no usable /dev/kvm here: only the tcg branch can be seen');
    // kvm boots at once, tcg takes a while: kvm wins, with the first CPU model that boots.
    const fastKvm = decide('case "$*" in *"-accel tcg"*) sleep 0.3;; *"-cpu host "*) exit 3;; esac; exit 1');
    const b = parseNodeAccel(fastKvm.file)!;
    assert.equal(b.accel, 'kvm');
    assert.equal(b.cpu, 'host,-arch-capabilities', '-cpu host failed, the next model is used');
    assert.equal(fastKvm.printed, '-accel kvm -cpu host,-arch-capabilities');
    assert.match(b.reason, /kvm \d+ ms vs tcg \d+ ms .*: kvm is faster/);
  });
});
