// The build cache key covers everything that changes the image, and nothing else.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKey, buildOptions, type BuildInputs } from '../../../../server/src/engine/build/cache.js';
import type { Pack } from '../../../../server/src/engine/packs/types.js';

function pack(hash = 'a'.repeat(64)): Pack {
  return {
    manifest: {
      name: 'kite',
      version: '0.1',
      summary: 'test',
      architectures: ['x86_64', 'riscv64'],
      interfaces: ['bootbook/1'],
      options: {
        hz: { type: 'integer', default: 100, description: 'timer frequency', stage: 'build' },
        sched: { type: 'enum', default: 'rr', values: ['rr', 'fifo'], description: 'scheduler', stage: 'build' },
        cpus: { type: 'integer', default: 1, description: 'virtual CPUs', stage: 'boot' },
        mem: { type: 'size', default: '128M', description: 'memory' }, // no stage: boot
      },
      tools: {},
      build: {},
      boot: {},
    },
    dir: '/packs/kite',
    hash,
  };
}

function inputs(over: Partial<BuildInputs> = {}): BuildInputs {
  return {
    program: '#include <bootbook.h>\nint main(void) { return 0; }\n',
    pack: pack(),
    arch: 'x86_64',
    options: { hz: '100', sched: 'rr', cpus: '1', mem: '128M' },
    compilerVersion: 'gcc (Debian 12.2.0-14) 12.2.0',
    preparedDir: '/cache/prepared/kite-x86_64-abc',
    ...over,
  };
}

describe('buildKey', () => {
  const base = buildKey(inputs());

  test('is a sha256 hex digest, the same for the same inputs', () => {
    assert.match(base, /^[0-9a-f]{64}$/);
    assert.equal(buildKey(inputs()), base);
    assert.equal(buildKey(inputs({ pack: pack() })), base, 'a fresh but equal Pack object');
  });

  test('option order does not matter', () => {
    assert.equal(buildKey(inputs({ options: { mem: '128M', cpus: '1', sched: 'rr', hz: '100' } })), base);
  });

  const changes: [string, Partial<BuildInputs>][] = [
    ['program text', { program: '#include <bootbook.h>\nint main(void) { return 1; }\n' }],
    ['program whitespace', { program: '#include <bootbook.h>\nint main(void) { return 0; }\n\n' }],
    ['pack hash', { pack: pack('b'.repeat(64)) }],
    ['a build-stage option', { options: { hz: '1000', sched: 'rr', cpus: '1', mem: '128M' } }],
    ['another build-stage option', { options: { hz: '100', sched: 'fifo', cpus: '1', mem: '128M' } }],
    ['architecture', { arch: 'riscv64' }],
    ['compiler version', { compilerVersion: 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0' }],
    ['prepared assets', { preparedDir: '/cache/prepared/kite-x86_64-def' }],
  ];
  for (const [what, over] of changes) {
    test(`changes with the ${what}`, () => {
      assert.notEqual(buildKey(inputs(over)), base);
    });
  }

  test('does not change with boot-stage options (explicit or by default)', () => {
    assert.equal(buildKey(inputs({ options: { hz: '100', sched: 'rr', cpus: '4', mem: '128M' } })), base);
    assert.equal(buildKey(inputs({ options: { hz: '100', sched: 'rr', cpus: '1', mem: '1G' } })), base);
  });
});

describe('buildOptions', () => {
  test('keeps only the build-stage options that have a value', () => {
    assert.deepEqual(buildOptions(pack(), { hz: '250', cpus: '2', mem: '1G', sched: 'fifo' }), { hz: '250', sched: 'fifo' });
    assert.deepEqual(buildOptions(pack(), { cpus: '2', unknown: 'x' }), {});
  });
});
