// `bootbook packs new`: names and architecture lists are checked, the bare
// template is narrowed and renamed, and a folder that exists is never touched.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BootbookError } from '../../../../server/src/engine/errors.js';
import { loadPack, loadPacks } from '../../../../server/src/engine/packs/load.js';
import { checkNewPackName, newManifest, parseArchList, scaffoldPack } from '../../../../server/src/engine/packs/scaffold.js';
import type { Pack } from '../../../../server/src/engine/packs/types.js';

const packs = loadPacks().packs;
const bare = packs.get('bare')!;
const tmp = mkdtempSync(join(tmpdir(), 'bootbook-scaffold-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const refused = (pattern: RegExp) => (e: unknown) => e instanceof BootbookError && pattern.test(e.message);

test('a valid, free name is accepted', () => {
  assert.doesNotThrow(() => checkNewPackName('my-kernel2', packs));
});

test('an invalid name is refused with the rule', () => {
  for (const bad of ['', '9lives', 'My', 'has_underscore', 'a'.repeat(33), '../escape']) {
    assert.throws(() => checkNewPackName(bad, packs), refused(/not a valid pack name; use 1 to 32 characters: a lowercase letter/), bad);
  }
});

test('a name a pack already has is refused, naming that pack', () => {
  assert.throws(() => checkNewPackName('kite', packs), refused(/a pack named "kite" already exists \(.*kernels\/kite\)/));
});

test('architecture lists: known names in order, duplicates once; unknown or empty refused with the valid ones', () => {
  assert.deepEqual(parseArchList('riscv64, x86_64,riscv64'), ['riscv64', 'x86_64']);
  assert.throws(() => parseArchList('x86_64,mips'), refused(/unknown architecture "mips"; valid: x86_64, riscv64, aarch64/));
  assert.throws(() => parseArchList(' , '), refused(/at least one architecture; valid: x86_64, riscv64, aarch64/));
});

test('the new manifest keeps only the asked architectures, their tools, and carries the new name into the build', () => {
  const m = newManifest(structuredClone(bare.manifest), 'toy', ['riscv64']);
  assert.equal(m.name, 'toy');
  assert.deepEqual(m.architectures, ['riscv64']);
  assert.deepEqual(Object.keys(m.build), ['riscv64']);
  assert.deepEqual(Object.keys(m.boot), ['riscv64']);
  assert.ok(m.build.riscv64!.cflags!.includes('-DBB_PACK_NAME="toy"'));
  assert.ok(!m.build.riscv64!.cflags!.some((f) => f.includes('"bare"')));
  assert.deepEqual(Object.keys(m.tools).sort(), ['qemu-system-riscv64', 'riscv64-unknown-elf-gcc']);
  assert.equal(bare.manifest.name, 'bare', 'the template itself is not changed');
});

test('a scaffolded pack loads, has the runtime, tests and examples, and only its architectures', () => {
  const made = scaffoldPack({ name: 'toy', arches: ['x86_64', 'aarch64'], parentDir: tmp, packs });
  assert.equal(made.dir, join(tmp, 'toy'));
  const loaded = loadPack(made.dir);
  assert.ok(!Array.isArray(loaded), JSON.stringify(loaded));
  assert.equal((loaded as Pack).manifest.name, 'toy');
  assert.deepEqual((loaded as Pack).manifest.architectures, ['x86_64', 'aarch64']);
  for (const f of ['src/runtime.c', 'src/x86_64/start.S', 'src/aarch64/machine.c', 'include/stdio.h', 'tests/heap.json', 'examples/hello.c']) {
    assert.ok(existsSync(join(made.dir, f)), f);
  }
  assert.ok(!existsSync(join(made.dir, 'src/riscv64')), 'an architecture not asked for is left out');
  assert.match(readFileSync(join(made.dir, 'README.md'), 'utf8'), /^# toy\n[\s\S]*bootbook packs test toy/);
  assert.match(readFileSync(join(made.dir, 'examples/hello.c'), 'utf8'), /hello from toy/);
  assert.deepEqual(readdirSync(tmp), ['toy'], 'no temporary folder is left behind');
  assert.doesNotMatch(readFileSync(join(made.dir, 'README.md'), 'utf8'), /lower bound/, "bare's own README is not copied");
});

test('an existing folder is never overwritten', () => {
  const dir = join(tmp, 'taken');
  mkdirSync(dir);
  writeFileSync(join(dir, 'mine.txt'), 'keep');
  assert.throws(() => scaffoldPack({ name: 'taken', parentDir: tmp, packs }), refused(/taken already exists; bootbook never overwrites a folder/));
  assert.deepEqual(readdirSync(dir), ['mine.txt']);
});

test('the default is every architecture of the template, and a missing parent folder is created', () => {
  const made = scaffoldPack({ name: 'everywhere', parentDir: join(tmp, 'new', 'parent'), packs });
  assert.deepEqual(made.arches, bare.manifest.architectures);
  assert.ok(existsSync(join(made.dir, 'src/riscv64/start.S')));
});
