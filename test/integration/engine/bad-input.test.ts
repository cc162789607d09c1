// Bad input is refused before any work starts, with a message that names what
// was wrong and lists what is valid; nothing is left behind.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leftoverTempDirs, packs, program } from '../helpers.js';
import { liveProcessCount } from '../../../server/src/engine/cleanup.js';
import { BootbookError } from '../../../server/src/engine/errors.js';
import { runProgram } from '../../../server/src/engine/run.js';

function refused(code: string, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof BootbookError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    return true;
  };
}

describe('bad input', () => {
  const src = program('metric.c');
  test('unknown target lists the valid ones', async () => {
    await assert.rejects(runProgram(packs, { source: src, target: { pack: 'nope' } }), refused('unknown-target', /unknown target "nope".*linux/));
  });
  test('unknown architecture lists the valid ones', async () => {
    await assert.rejects(runProgram(packs, { source: src, target: { pack: 'linux', arch: 'sparc' } }), refused('unknown-arch', /no architecture "sparc".*x86_64/));
  });
  test('unknown option lists the valid ones', async () => {
    await assert.rejects(runProgram(packs, { source: src, target: { pack: 'linux', options: { turbo: '1' } } }), refused('unknown-option', /"turbo".*cpus, mem, cmdline/));
  });
  test('an option out of range gives the allowed range', async () => {
    await assert.rejects(runProgram(packs, { source: src, target: { pack: 'linux', options: { cpus: '99' } } }), refused('bad-option-value', /cpus=99.*from 1 to 8/));
    await assert.rejects(runProgram(packs, { source: src, target: { pack: 'linux', options: { mem: '64M' } } }), refused('bad-option-value', /mem=64M.*128M to 4G/));
  });
  test('a bad parameter says what a parameter is', async () => {
    await assert.rejects(runProgram(packs, { source: src, target: { pack: 'linux' }, params: { n: 'lots' } }), refused('bad-param', /n=lots is not an integer/));
  });
  test('an empty program is refused', async () => {
    await assert.rejects(runProgram(packs, { source: { text: '  \n', displayName: 'empty.c' }, target: { pack: 'linux' } }), refused('bad-source', /empty\.c is empty/));
  });
  test('nothing is left behind', () => {
    assert.equal(liveProcessCount(), 0);
    assert.deepEqual(leftoverTempDirs(), []);
  });
});

describe('missing host tools', () => {
  test('a pack whose tool is missing names the Debian package to install', async () => {
    const linux = packs.get('linux')!;
    const broken = { ...linux, manifest: { ...linux.manifest, name: 'needs-tool', tools: { ...linux.manifest.tools, 'no-such-tool-bb': 'bb-fake-package' } } };
    const withBroken = new Map([['needs-tool', broken]]);
    await assert.rejects(runProgram(withBroken, { source: program('metric.c'), target: { pack: 'needs-tool' } }), (e: unknown) => {
      assert.ok(e instanceof BootbookError);
      assert.equal(e.code, 'missing-tool');
      assert.match(e.message, /no-such-tool-bb \(Debian package bb-fake-package\)/);
      assert.match(e.hint ?? '', /apt-get install -y bb-fake-package/);
      return true;
    });
  });
});
