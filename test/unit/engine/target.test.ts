// Resolving what the user typed into a target, and k=v parameters.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkParams, parseAssignments, resolveTarget } from '../../../server/src/engine/target.js';
import { BootbookError } from '../../../server/src/engine/errors.js';
import type { Arch, OptionSpec, Pack } from '../../../server/src/engine/packs/types.js';

function pack(name: string, architectures: Arch[], options: Record<string, OptionSpec> = {}): Pack {
  return {
    manifest: { name, version: '1', summary: name, architectures, interfaces: ['bootbook/1'], options, tools: {}, build: {}, boot: {} },
    dir: `/packs/${name}`,
    hash: '0'.repeat(64),
  };
}

const packs = new Map<string, Pack>([
  ['linux', pack('linux', ['x86_64'], { cpus: { type: 'integer', default: 1, min: 1, max: 8, description: 'CPUs' } })],
  ['kite', pack('kite', ['x86_64', 'riscv64', 'aarch64'])],
]);

function throwsWith(fn: () => unknown, code: string, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof BootbookError, String(e));
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('resolveTarget', () => {
  test('the first architecture is the default and options get their defaults', () => {
    const t = resolveTarget(packs, { pack: 'kite' });
    assert.equal(t.pack, packs.get('kite'));
    assert.equal(t.arch, 'x86_64');
    assert.deepEqual(resolveTarget(packs, { pack: 'linux' }).options, { cpus: '1' });
  });

  test('a chosen architecture and options', () => {
    assert.equal(resolveTarget(packs, { pack: 'kite', arch: 'riscv64' }).arch, 'riscv64');
    assert.deepEqual(resolveTarget(packs, { pack: 'linux', options: { cpus: '4' } }).options, { cpus: '4' });
  });

  test('an unknown pack lists the valid targets, sorted', () => {
    throwsWith(() => resolveTarget(packs, { pack: 'kit' }), 'unknown-target', 'unknown target "kit"; valid targets: kite, linux');
    throwsWith(() => resolveTarget(new Map(), { pack: 'linux' }), 'unknown-target', 'unknown target "linux"; valid targets: (no packs loaded)');
  });

  test('an unknown architecture lists the valid ones', () => {
    throwsWith(() => resolveTarget(packs, { pack: 'linux', arch: 'riscv64' }), 'unknown-arch', 'linux has no architecture "riscv64"; valid: x86_64');
    throwsWith(() => resolveTarget(packs, { pack: 'kite', arch: 'arm' }), 'unknown-arch', 'kite has no architecture "arm"; valid: x86_64, riscv64, aarch64');
  });

  test('bad options are refused with the option error', () => {
    throwsWith(() => resolveTarget(packs, { pack: 'linux', options: { cpus: '99' } }), 'bad-option-value', /cpus=99.*from 1 to 8/);
    throwsWith(() => resolveTarget(packs, { pack: 'kite', options: { cpus: '2' } }), 'unknown-option', /valid options: \(none\)/);
  });
});

describe('parseAssignments', () => {
  test('name=value pairs, trimmed; the value may hold "="', () => {
    assert.deepEqual(parseAssignments(['n=4096', ' m = 2 ', 'cmdline=a=b', 'empty='], 'parameter'), { n: '4096', m: '2', cmdline: 'a=b', empty: '' });
    assert.deepEqual(parseAssignments([], 'option'), {});
  });

  test('a missing "=" or name is an error naming what it is', () => {
    throwsWith(() => parseAssignments(['n'], 'parameter'), 'bad-usage', 'parameter "n" must be written name=value');
    throwsWith(() => parseAssignments(['=5'], 'option'), 'bad-usage', 'option "=5" must be written name=value');
  });
});

describe('checkParams', () => {
  test('integer values become numbers', () => {
    assert.deepEqual(checkParams({ n: '4096', _x: '-3', N2: '0' }), { n: 4096, _x: -3, N2: 0 });
  });

  test('bad names are refused', () => {
    for (const name of ['1n', 'n-x', 'a.b', '', 'n x']) {
      throwsWith(() => checkParams({ [name]: '1' }), 'bad-param', new RegExp(`^parameter name "${name.replace('.', '\\.')}" is not valid`));
    }
  });

  test('values that are not (safe) integers are refused', () => {
    for (const value of ['4.5', '', 'ten', '1e3', '0x10', '99999999999999999999']) {
      throwsWith(() => checkParams({ n: value }), 'bad-param', `parameter n=${value} is not an integer; bb_param() reads whole numbers (a C long)`);
    }
  });
});

describe('options that only some architectures support', () => {
  const multi = new Map<string, Pack>([
    ['kite', pack('kite', ['x86_64', 'riscv64'], {
      cpus: { type: 'integer', default: 1, min: 1, max: 4, description: 'CPUs' },
      pages: { type: 'enum', default: '4k', values: ['4k', '2m'], description: 'page size', architectures: ['x86_64'] },
    })],
  ]);

  test('arch= among the options picks the architecture', () => {
    const t = resolveTarget(multi, { pack: 'kite', options: { arch: 'riscv64', cpus: '2' } });
    assert.equal(t.arch, 'riscv64');
    assert.deepEqual(t.options, { cpus: '2' });
  });

  test('an option the architecture lacks is refused with that reason, and left out by default', () => {
    throwsWith(() => resolveTarget(multi, { pack: 'kite', arch: 'riscv64', options: { pages: '2m' } }), 'unknown-option', 'option "pages" is not supported by kite on riscv64; it is available on x86_64');
    assert.deepEqual(resolveTarget(multi, { pack: 'kite', arch: 'x86_64' }).options, { cpus: '1', pages: '4k' });
  });

  test('two different architectures are refused', () => {
    throwsWith(() => resolveTarget(multi, { pack: 'kite', arch: 'x86_64', options: { arch: 'riscv64' } }), 'bad-usage', /two architectures/);
  });
});
