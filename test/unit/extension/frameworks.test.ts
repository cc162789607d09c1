// The frameworks panel's plain-data helpers: option ranges and defaults, and the
// cell an inserted example becomes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PackInfo } from '../../../extension/src/api/types.js';
import { exampleCell, exampleTarget, optionArches, optionDefault, optionRange } from '../../../extension/src/frameworks/model.js';
import { parseCell } from '../../../server/src/kernel/directives.js';

const kite = { name: 'kite', architectures: ['x86_64', 'riscv64'] } as PackInfo;
const defaults = { timeout: 30, clock: 'real' as const };

describe('frameworks model', () => {
  test('option ranges, defaults and architectures', () => {
    assert.equal(optionRange({ name: 'cpus', type: 'integer', default: 1, description: '', min: 1, max: 8 }), '1 – 8');
    assert.equal(optionRange({ name: 's', type: 'enum', default: 'rr', description: '', values: ['rr', 'coop'] }), 'rr | coop');
    assert.equal(optionRange({ name: 'c', type: 'string', default: '', description: '' }), '');
    assert.equal(optionDefault({ name: 'hz', type: 'integer', default: 100, description: '', unit: 'Hz' }), '100 Hz');
    assert.equal(optionDefault({ name: 'mem', type: 'size', default: '64M', description: '', unit: 'bytes' }), '64M');
    assert.equal(optionArches({ name: 'cpus', type: 'integer', default: 1, description: '', architectures: ['x86_64'] }, kite), 'x86_64 only');
  });

  test("an example keeps the notebook's arch when the pack has it", () => {
    assert.deepEqual(exampleTarget(kite, { pack: 'linux', arch: 'x86_64' }), { pack: 'kite', arch: 'x86_64' });
    assert.deepEqual(exampleTarget(kite, { pack: 'linux', arch: 'aarch64' }), { pack: 'kite', arch: 'x86_64' });
    assert.deepEqual(exampleTarget(kite, undefined), { pack: 'kite', arch: 'x86_64' });
  });

  test('an inserted example gets %target only when the notebook differs, and the defaults from settings', () => {
    const prog = 'int main(void) { return 0; }\n\n';
    assert.equal(exampleCell(prog, { pack: 'kite', arch: 'x86_64' }, { pack: 'kite', arch: 'x86_64' }, defaults), 'int main(void) { return 0; }\n');
    const cell = exampleCell(prog, { pack: 'kite', arch: 'riscv64' }, { pack: 'linux', arch: 'x86_64' }, { timeout: 120, clock: 'icount' });
    assert.equal(cell, '%target kite arch=riscv64\n%timeout 120\n%clock icount\nint main(void) { return 0; }\n');
    const d = parseCell(cell).directives;
    assert.deepEqual([d.target?.pack, d.target?.arch, d.timeoutS, d.clock], ['kite', 'riscv64', 120, 'icount']);
  });
});
