// Sweep planning: the product of the axes, option/param/target/arch axes,
// errors for axes a target lacks, skip-missing, build groups, resume keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BootbookError } from '../../../../server/src/engine/errors.js';
import type { Arch, OptionSpec, Pack } from '../../../../server/src/engine/packs/types.js';
import { parseAxes, planSweep, sweepKey } from '../../../../server/src/engine/sweep/plan.js';

function pack(name: string, architectures: Arch[], options: Record<string, OptionSpec> = {}): Pack {
  return {
    manifest: { name, version: '1', summary: name, architectures, interfaces: ['bootbook/1'], options, tools: {}, build: {}, boot: {} },
    dir: `/packs/${name}`,
    hash: '0'.repeat(64),
  };
}

const packs = new Map<string, Pack>([
  ['linux', pack('linux', ['x86_64'], { cpus: { type: 'integer', default: 1, min: 1, max: 8, description: 'CPUs' } })],
  [
    'kite',
    pack('kite', ['x86_64', 'riscv64'], {
      cpus: { type: 'integer', default: 1, min: 1, max: 8, description: 'CPUs', architectures: ['x86_64'] },
      hz: { type: 'integer', default: 100, min: 0, max: 10000, description: 'tick', stage: 'boot' },
      pages: { type: 'enum', default: '2m', values: ['2m', '4k'], description: 'pages', stage: 'build' },
    }),
  ],
]);

const fail = (why: string): never => {
  throw new Error(why);
};
const axes = (...tokens: string[]) => parseAxes(tokens, fail);

function plan(tokens: string[], base = { pack: 'kite' } as { pack: string; arch?: string; options?: Record<string, string> }, params: Record<string, string> = {}, repeat = 1) {
  const a = axes(...tokens);
  return planSweep(packs, { base, params, axes: a.axes, skipMissing: a.skipMissing, repeat });
}

function refuses(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof BootbookError && message.test(e.message));
}

describe('parseAxes', () => {
  test('axes and the skip-missing flag', () => {
    assert.deepEqual(axes('n=1,2', 'target=linux,kite', 'skip-missing'), { axes: [{ name: 'n', values: ['1', '2'] }, { name: 'target', values: ['linux', 'kite'] }], skipMissing: true });
  });
  test('bad axes are refused with the token', () => {
    assert.throws(() => axes('n'), /must be written name=v1,v2/);
    assert.throws(() => axes('n=1,,2'), /empty value/);
    assert.throws(() => axes('n=1,1'), /twice/);
    assert.throws(() => axes('n=1', 'n=2'), /given twice/);
  });
});

describe('planSweep', () => {
  test('the product of the axes, last axis fastest, one image for every parameter point', () => {
    const p = plan(['n=1,2,3', 'hz=0,1000']);
    assert.equal(p.points.length, 6);
    assert.deepEqual(p.points.map((x) => [x.params.n, x.target.options.hz]), [[1, '0'], [1, '1000'], [2, '0'], [2, '1000'], [3, '0'], [3, '1000']]);
    assert.deepEqual(p.axes.map((a) => a.kind), ['param', 'option']);
    assert.equal(p.builds, 1, 'hz is a boot option: one image');
  });

  test('build-stage options make distinct images', () => {
    const p = plan(['pages=2m,4k', 'n=1,2']);
    assert.equal(p.builds, 2);
    assert.equal(new Set(p.points.map((x) => x.buildKey)).size, 2);
  });

  test('target and arch axes', () => {
    const p = plan(['target=linux,kite', 'n=5']);
    assert.deepEqual(p.points.map((x) => x.target.pack.manifest.name), ['linux', 'kite']);
    assert.equal(p.builds, 2);
    const q = plan(['arch=x86_64,riscv64']);
    assert.deepEqual(q.points.map((x) => x.target.arch), ['x86_64', 'riscv64']);
  });

  test('an option axis a target lacks is an error that says so', () => {
    refuses(() => plan(['target=linux,kite', 'hz=0,100']), /sweep axis hz does not apply to linux \(x86_64\): linux has no option hz; add skip-missing/);
    refuses(() => plan(['arch=x86_64,riscv64', 'cpus=1,2']), /cpus does not apply to kite \(riscv64\)/);
    refuses(() => plan(['target=linux,kite'], { pack: 'kite', options: { hz: '0' } }), /option hz \(set on the target\) does not apply to linux/);
    refuses(() => plan(['target=linux,kite', 'arch=x86_64,riscv64']), /linux has no architecture riscv64/);
  });

  test('skip-missing: a target without the axis runs once, its coordinate null', () => {
    const p = plan(['target=linux,kite', 'hz=0,100,1000', 'skip-missing']);
    assert.equal(p.points.length, 4);
    const linux = p.points.filter((x) => x.target.pack.manifest.name === 'linux');
    assert.equal(linux.length, 1);
    assert.equal(linux[0]!.coords.hz, null);
    assert.equal(p.skipped.length, 1);
    assert.match(p.skipped[0]!, /hz does not apply to linux/);
    const q = plan(['target=linux,kite', 'arch=x86_64,riscv64', 'skip-missing']);
    assert.deepEqual(q.points.map((x) => `${x.target.pack.manifest.name}/${x.target.arch}`), ['linux/x86_64', 'kite/x86_64', 'kite/riscv64']);
  });

  test('bad values and conflicts are refused before anything runs', () => {
    refuses(() => plan(['target=linux,nope']), /unknown target "nope"; valid targets: kite, linux/);
    refuses(() => plan(['n=1,x']), /not an integer/);
    refuses(() => plan(['hz=0,99999']), /out of range/);
    refuses(() => plan(['n=1,2'], { pack: 'kite' }, { n: '3' }), /both swept and set/);
    refuses(() => plan(['n=' + Array.from({ length: 300 }, (_, i) => i).join(','), 'm=' + Array.from({ length: 100 }, (_, i) => i).join(',')]), /more than 20000/);
  });

  test('the resume key changes with the program, the points and the settings only', () => {
    const p = plan(['n=1,2']);
    const k = sweepKey('int main(){}', p, { repeat: 3, clock: 'real', timeoutS: 30 });
    assert.equal(k, sweepKey('int main(){}', plan(['n=1,2']), { repeat: 3, clock: 'real', timeoutS: 30 }));
    assert.notEqual(k, sweepKey('int main(){ }', p, { repeat: 3, clock: 'real', timeoutS: 30 }));
    assert.notEqual(k, sweepKey('int main(){}', plan(['n=1,3']), { repeat: 3, clock: 'real', timeoutS: 30 }));
    assert.notEqual(k, sweepKey('int main(){}', p, { repeat: 4, clock: 'real', timeoutS: 30 }));
  });
});
