// Option values: parsing sizes, range checks, and the messages users see.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkOptionSpec,
  describeRange,
  formatSize,
  normalizeOption,
  parseSize,
  resolveOptions,
} from '../../../../server/src/engine/packs/options.js';
import { BootbookError } from '../../../../server/src/engine/errors.js';
import type { OptionSpec, Pack, PackManifest } from '../../../../server/src/engine/packs/types.js';

const K = 1024;
const M = K * K;
const G = K * M;

const cpus: OptionSpec = { type: 'integer', default: 1, min: 1, max: 8, description: 'virtual CPUs' };
const hz: OptionSpec = { type: 'integer', default: 100, min: 0, max: 10000, unit: 'Hz', description: 'timer' };
const mem: OptionSpec = { type: 'size', default: '256M', min: '128M', max: '4G', description: 'memory' };
const sched: OptionSpec = { type: 'enum', default: 'rr', values: ['rr', 'fifo', 2], description: 'scheduler' };
const cmdline: OptionSpec = { type: 'string', default: 'quiet', pattern: '^[a-z ]*$', description: 'extra words' };

/** Asserts fn throws a BootbookError with this code whose message contains every part. */
function throwsWith(fn: () => unknown, code: string, ...parts: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof BootbookError, String(e));
    assert.equal(e.code, code);
    for (const part of parts) assert.ok(e.message.includes(part), `"${e.message}" should contain "${part}"`);
    return true;
  });
}

describe('parseSize', () => {
  test('units are powers of 1024, any case, with an optional B or iB', () => {
    assert.equal(parseSize('256M'), 256 * M);
    assert.equal(parseSize('4G'), 4 * G);
    assert.equal(parseSize('1T'), K * G);
    assert.equal(parseSize('64k'), 64 * K);
    assert.equal(parseSize('2GiB'), 2 * G);
    assert.equal(parseSize('512MB'), 512 * M);
    assert.equal(parseSize(' 128 M '), 128 * M);
    assert.equal(parseSize('4096'), 4096);
    assert.equal(parseSize(4096), 4096);
    assert.equal(parseSize(0), 0);
  });

  test('anything else is undefined', () => {
    for (const bad of ['', 'M', '1.5G', '-1M', '12X', 'lots', '1 2M']) assert.equal(parseSize(bad), undefined, bad);
    assert.equal(parseSize(-1), undefined);
    assert.equal(parseSize(1.5), undefined);
  });
});

describe('formatSize', () => {
  test('the largest unit that divides exactly', () => {
    assert.equal(formatSize(256 * M), '256M');
    assert.equal(formatSize(4 * G), '4G');
    assert.equal(formatSize(K * G), '1T');
    assert.equal(formatSize(1536 * M), '1536M');
    assert.equal(formatSize(1536 * K), '1536K');
    assert.equal(formatSize(1536), '1536');
    assert.equal(formatSize(0), '0');
  });

  test('round-trips through parseSize', () => {
    for (const n of [1, 1023, K, 3 * M, 5 * G + M, 2 * K * G]) assert.equal(parseSize(formatSize(n)), n);
  });
});

describe('normalizeOption', () => {
  test('integers in range come back as plain digits', () => {
    assert.equal(normalizeOption('linux', 'cpus', cpus, '4'), '4');
    assert.equal(normalizeOption('linux', 'cpus', cpus, 8), '8');
    assert.equal(normalizeOption('linux', 'cpus', cpus, '04'), '4');
    assert.equal(normalizeOption('kite', 'hz', hz, '0'), '0');
  });

  test('integers out of range or not integers name the option and the valid range', () => {
    throwsWith(() => normalizeOption('linux', 'cpus', cpus, '9'), 'bad-option-value', 'option cpus=9 for linux', 'out of range', 'an integer from 1 to 8');
    throwsWith(() => normalizeOption('linux', 'cpus', cpus, 0), 'bad-option-value', 'cpus=0', 'out of range', 'from 1 to 8');
    throwsWith(() => normalizeOption('linux', 'cpus', cpus, '2.5'), 'bad-option-value', 'not an integer', 'from 1 to 8');
    throwsWith(() => normalizeOption('linux', 'cpus', cpus, 'two'), 'bad-option-value', 'not an integer');
    throwsWith(() => normalizeOption('kite', 'hz', hz, '-1'), 'bad-option-value', 'option hz=-1 for kite', 'an integer from 0 to 10000 (Hz)');
  });

  test('sizes normalize to their shortest exact form', () => {
    assert.equal(normalizeOption('linux', 'mem', mem, '1024M'), '1G');
    assert.equal(normalizeOption('linux', 'mem', mem, '512m'), '512M');
    assert.equal(normalizeOption('linux', 'mem', mem, String(128 * M)), '128M');
    assert.equal(normalizeOption('linux', 'mem', mem, '4G'), '4G');
  });

  test('sizes out of range or unparsable name the valid range', () => {
    throwsWith(() => normalizeOption('linux', 'mem', mem, '64M'), 'bad-option-value', 'option mem=64M for linux', 'out of range', 'a size from 128M to 4G');
    throwsWith(() => normalizeOption('linux', 'mem', mem, '8G'), 'bad-option-value', 'out of range', 'from 128M to 4G');
    throwsWith(() => normalizeOption('linux', 'mem', mem, 'lots'), 'bad-option-value', 'not a size', 'from 128M to 4G');
  });

  test('enums accept their values (numbers compared as text)', () => {
    assert.equal(normalizeOption('kite', 'sched', sched, 'fifo'), 'fifo');
    assert.equal(normalizeOption('kite', 'sched', sched, '2'), '2');
    throwsWith(() => normalizeOption('kite', 'sched', sched, 'cfs'), 'bad-option-value', 'option sched=cfs for kite', 'not an allowed value', 'one of rr, fifo, 2');
  });

  test('strings are checked against their pattern', () => {
    assert.equal(normalizeOption('linux', 'cmdline', cmdline, 'quiet nosmp'), 'quiet nosmp');
    throwsWith(() => normalizeOption('linux', 'cmdline', cmdline, 'a;reboot'), 'bad-option-value', 'not allowed', 'text matching ^[a-z ]*$');
    assert.equal(normalizeOption('p', 's', { type: 'string', default: '', description: 'd' }, 'any; thing'), 'any; thing');
  });

  test('describeRange with open ends', () => {
    assert.equal(describeRange({ type: 'integer', default: 0, description: 'd' }), 'an integer from -inf to inf');
    assert.equal(describeRange({ type: 'size', default: '1M', min: '1M', description: 'd' }), 'a size from 1M to inf');
    assert.equal(describeRange({ type: 'string', default: '', description: 'd' }), 'any text');
  });
});

describe('checkOptionSpec', () => {
  const spec = (over: Partial<OptionSpec>): OptionSpec => ({ type: 'integer', default: 1, description: 'd', ...over });

  test('coherent specs have no problems', () => {
    for (const s of [cpus, hz, mem, sched, cmdline]) assert.deepEqual(checkOptionSpec(s), []);
  });

  test('each incoherence is named', () => {
    assert.deepEqual(checkOptionSpec(spec({ type: 'enum', default: 'a' })), ['an enum option needs "values"']);
    assert.deepEqual(checkOptionSpec(spec({ type: 'enum', default: 'a', values: [] })), ['an enum option needs "values"']);
    assert.deepEqual(checkOptionSpec(spec({ values: [1, 2] })), ['"values" is only for enum options']);
    assert.deepEqual(checkOptionSpec(spec({ type: 'string', default: 'x', min: 1 })), ['"min"/"max" are only for integer and size options']);
    assert.deepEqual(checkOptionSpec(spec({ min: 'one' })), ['"min" must be an integer']);
    assert.deepEqual(checkOptionSpec(spec({ type: 'size', default: '1M', max: 'huge' })), ['"max" must be a size like 128M']);
    assert.deepEqual(checkOptionSpec(spec({ type: 'string', default: 'x', pattern: '([' })), ['"pattern" is not a valid regular expression']);
  });

  test('a default outside its own range is a problem that shows the range', () => {
    assert.deepEqual(checkOptionSpec({ ...cpus, default: 16 }), ['the default 16 is not valid: an integer from 1 to 8']);
    assert.deepEqual(checkOptionSpec({ ...mem, default: '64M' }), ['the default "64M" is not valid: a size from 128M to 4G']);
    assert.deepEqual(checkOptionSpec({ ...sched, default: 'cfs' }), ['the default "cfs" is not valid: one of rr, fifo, 2']);
  });
});

describe('resolveOptions', () => {
  function pack(options: Record<string, OptionSpec>): Pack {
    const manifest: PackManifest = {
      name: 'linux',
      version: '6.1',
      summary: 'test',
      architectures: ['x86_64'],
      interfaces: ['bootbook/1'],
      options,
      tools: {},
      build: {},
      boot: {},
    };
    return { manifest, dir: '/nowhere/linux', hash: '0'.repeat(64) };
  }

  test('defaults are filled in and given values normalized', () => {
    assert.deepEqual(resolveOptions(pack({ cpus, mem, cmdline }), {}), { cpus: '1', mem: '256M', cmdline: 'quiet' });
    assert.deepEqual(resolveOptions(pack({ cpus, mem, cmdline }), { mem: '2048M', cpus: '2' }), { cpus: '2', mem: '2G', cmdline: 'quiet' });
  });

  test('an unknown option lists the valid ones', () => {
    throwsWith(() => resolveOptions(pack({ cpus, mem, cmdline }), { cpu: '2' }), 'unknown-option', 'unknown option "cpu" for linux', 'valid options: cpus, mem, cmdline');
    throwsWith(() => resolveOptions(pack({}), { cpus: '2' }), 'unknown-option', 'valid options: (none)');
  });

  test('a bad value for a known option is refused', () => {
    throwsWith(() => resolveOptions(pack({ cpus, mem }), { mem: '1M' }), 'bad-option-value', 'mem=1M', 'from 128M to 4G');
  });
});
