// The %target line as the target picker reads and edits it: the cell's text stays
// the one source of truth, and the kernel must read back what the picker wrote.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCell } from '../../../server/src/kernel/directives.js';
import {
  applyEdit,
  cellBadge,
  cellTarget,
  formatTargetLine,
  parseSpecName,
  parseTargetLine,
  setCellTarget,
  type Target,
} from '../../../extension/src/target-picker/model.js';

const arches = (p: string) => ({ kite: ['x86_64', 'riscv64'], linux: ['x86_64'] })[p];
const nb: Target = { pack: 'linux', arch: 'x86_64' };
const PROGRAM = '#include <bootbook.h>\nint main(void) { return 0; }\n';

describe('reading a cell', () => {
  test('no %target: the notebook target, no badge', () => {
    assert.equal(parseTargetLine(PROGRAM), undefined);
    assert.deepEqual(cellTarget(PROGRAM, nb, arches), nb);
    assert.equal(cellBadge(PROGRAM, nb, arches), undefined);
  });

  test('%target among other directives, comments and blank lines', () => {
    const src = '%repeat 3\n\n// on kite\n%target kite arch=riscv64 hz=1000 cmdline="a b"\n' + PROGRAM;
    const t = parseTargetLine(src)!;
    assert.equal(t.line, 3);
    assert.deepEqual([t.pack, t.arch, t.options], ['kite', 'riscv64', { hz: '1000', cmdline: 'a b' }]);
    assert.equal(src.slice(t.from, t.to), '%target kite arch=riscv64 hz=1000 cmdline="a b"');
    assert.deepEqual(cellBadge(src, nb, arches), { label: 'kite · riscv64 hz=1000 cmdline=a b', target: { pack: 'kite', arch: 'riscv64' }, options: { hz: '1000', cmdline: 'a b' } });
  });

  test("without arch= the pack's first architecture, as the kernel does", () => {
    assert.deepEqual(cellTarget('%target kite\n' + PROGRAM, { pack: 'kite', arch: 'riscv64' }, arches), { pack: 'kite', arch: 'x86_64' });
  });

  test('a %target after the C started is not a directive', () => {
    assert.equal(parseTargetLine(PROGRAM + '%target kite\n'), undefined);
    assert.equal(parseTargetLine('%targets kite\n' + PROGRAM), undefined);
  });

  test('the same target with options still shows a badge; without options none', () => {
    assert.equal(cellBadge('%target linux arch=x86_64\n' + PROGRAM, nb, arches), undefined);
    assert.equal(cellBadge('%target linux cpus=2\n' + PROGRAM, nb, arches)?.label, 'linux · x86_64 cpus=2');
  });

  test('kernelspec names, with dashes in pack names', () => {
    const packs = [{ name: 'my-os', architectures: ['aarch64'] }, { name: 'kite', architectures: ['x86_64', 'riscv64'] }];
    assert.deepEqual(parseSpecName('my-os-aarch64', packs), { pack: 'my-os', arch: 'aarch64' });
    assert.deepEqual(parseSpecName('kite-riscv64', packs), { pack: 'kite', arch: 'riscv64' });
    assert.equal(parseSpecName('kite-aarch64', packs), undefined);
  });
});

describe('editing a cell', () => {
  const set = (src: string, t: Target | undefined) => applyEdit(src, setCellTarget(src, t, nb));

  test('adds a %target line at the top', () => {
    assert.equal(set(PROGRAM, { pack: 'kite', arch: 'riscv64' }), '%target kite arch=riscv64\n' + PROGRAM);
    assert.equal(set('', { pack: 'kite', arch: 'x86_64' }), '%target kite arch=x86_64');
  });

  test('changes the line in place, keeping options while the pack stays', () => {
    const src = '%repeat 2\n%target kite arch=x86_64 hz=1000\n' + PROGRAM;
    assert.equal(set(src, { pack: 'kite', arch: 'riscv64' }), '%repeat 2\n%target kite arch=riscv64 hz=1000\n' + PROGRAM);
    assert.equal(set(src, { pack: 'linux', arch: 'x86_64' }), '%repeat 2\n' + PROGRAM, "the notebook's target, options of another pack dropped: the line goes");
  });

  test("removes the line for the notebook's target, wherever it is", () => {
    assert.equal(set('%target kite\n' + PROGRAM, undefined), PROGRAM);
    assert.equal(set('%repeat 2\n%target kite', undefined), '%repeat 2');
    assert.equal(setCellTarget(PROGRAM, undefined, nb), undefined);
  });

  test("choosing the notebook's target keeps a line that carries options", () => {
    assert.equal(set('%target linux cpus=2\n' + PROGRAM, nb), '%target linux arch=x86_64 cpus=2\n' + PROGRAM);
  });

  test('nothing to do when the line already says so', () => {
    assert.equal(setCellTarget('%target kite arch=riscv64\n' + PROGRAM, { pack: 'kite', arch: 'riscv64' }, nb), undefined);
  });

  test("what the picker writes, the kernel's directive parser reads back", () => {
    const line = formatTargetLine({ pack: 'kite', arch: 'riscv64' }, { cmdline: 'quiet loglevel=3', q: 'say "hi"', e: '' });
    const parsed = parseCell(`${line}\n${PROGRAM}`).directives.target!;
    assert.deepEqual([parsed.pack, parsed.arch, parsed.options], ['kite', 'riscv64', { cmdline: 'quiet loglevel=3', q: 'say "hi"', e: '' }]);
    assert.deepEqual(parseTargetLine(line)?.options, parsed.options);
  });
});
