// Loading packs: bad pack.json files written into a temp folder, each reported
// with its file, field and reason, while the good pack beside them still loads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPack, loadPacks } from '../../../../server/src/engine/packs/load.js';
import { kernelsDir } from '../../../../server/src/engine/paths.js';
import { packSearchPath } from '../../../../server/src/engine/packs/search-path.js';
import type { Pack, PackProblem } from '../../../../server/src/engine/packs/types.js';

/** A small valid manifest; each bad pack changes one thing in a copy. */
function goodManifest(name: string): Record<string, any> {
  return {
    name,
    version: '0.1',
    summary: 'a test pack',
    architectures: ['x86_64'],
    interfaces: ['bootbook/1'],
    options: {
      cpus: { type: 'integer', default: 1, min: 1, max: 8, description: 'virtual CPUs' },
    },
    tools: { gcc: 'gcc' },
    build: {
      x86_64: { compiler: 'gcc', steps: [{ compile: '${program}', to: 'program.o' }], image: ['kernel.elf'] },
    },
    boot: {
      x86_64: { qemu: 'qemu-system-x86_64', machine: 'microvm', kernel: '${image}/kernel.elf', exit: 'isa-debug-exit' },
    },
  };
}

let root: string;

function writePack(base: string, folder: string, content: string | object): string {
  const dir = join(base, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pack.json'), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}

function problemsOf(result: Pack | PackProblem[]): PackProblem[] {
  assert.ok(Array.isArray(result), `expected problems, the pack loaded: ${JSON.stringify(result)}`);
  assert.ok(result.length > 0);
  return result;
}

/** The problem list has one entry naming this file and field whose reason matches. */
function hasProblem(problems: readonly PackProblem[], file: string, field: string, reason: RegExp): void {
  assert.ok(
    problems.some((p) => p.file === file && p.field === field && reason.test(p.reason)),
    `no problem {file: ${file}, field: ${field}, reason ~ ${reason}} in ${JSON.stringify(problems, null, 2)}`,
  );
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'bb-'));
  const m = goodManifest;
  writePack(root, 'good', m('good'));
  writePack(root, 'badjson', '{ "name": "badjson", "version": "0.1", ');

  const missing = m('missing');
  delete missing.summary;
  writePack(root, 'missing', missing);

  const unknown = m('unknown');
  unknown.boot.x86_64.colour = 'blue';
  writePack(root, 'unknown', unknown);

  const badexit = m('badexit');
  badexit.boot.x86_64.exit = 'acpi';
  writePack(root, 'badexit', badexit);

  const nobuild = m('nobuild');
  nobuild.architectures = ['x86_64', 'riscv64'];
  nobuild.boot.riscv64 = { qemu: 'qemu-system-riscv64', machine: 'virt', kernel: 'k', exit: 'sifive-test' };
  writePack(root, 'nobuild', nobuild);

  const baddefault = m('baddefault');
  baddefault.options.cpus.default = 16;
  writePack(root, 'baddefault', baddefault);

  const badstep = m('badstep');
  badstep.build.x86_64.steps = [{ compile: '${program}', to: 'program.o', extra: true }];
  writePack(root, 'badstep', badstep);

  // A folder without pack.json and a plain file are not packs and not problems.
  mkdirSync(join(root, 'notes'));
  writeFileSync(join(root, 'README.md'), 'not a pack');
});

after(() => rmSync(root, { recursive: true, force: true }));

const file = (folder: string) => join(root, folder, 'pack.json');

describe('loadPack', () => {
  test('a good pack loads with its manifest, folder and content hash', () => {
    const pack = loadPack(join(root, 'good'));
    assert.ok(!Array.isArray(pack), JSON.stringify(pack));
    assert.equal(pack.manifest.name, 'good');
    assert.equal(pack.dir, join(root, 'good'));
    assert.match(pack.hash, /^[0-9a-f]{64}$/);
  });

  test('invalid JSON: the file, "(file)" and the parser message', () => {
    const problems = problemsOf(loadPack(join(root, 'badjson')));
    assert.equal(problems.length, 1);
    hasProblem(problems, file('badjson'), '(file)', /JSON/);
  });

  test('a missing required field', () => {
    hasProblem(problemsOf(loadPack(join(root, 'missing'))), file('missing'), '(top level)', /^missing field "summary"$/);
  });

  test('an unknown field names the object that holds it', () => {
    hasProblem(problemsOf(loadPack(join(root, 'unknown'))), file('unknown'), 'boot.x86_64', /^unknown field "colour"$/);
  });

  test('a bad exit device lists the valid ones', () => {
    const problems = problemsOf(loadPack(join(root, 'badexit')));
    hasProblem(problems, file('badexit'), 'boot.x86_64.exit', /must be one of "isa-debug-exit", "sifive-test", "semihosting", "none"/);
  });

  test('an architecture listed without a build recipe', () => {
    const problems = problemsOf(loadPack(join(root, 'nobuild')));
    assert.equal(problems.length, 1, JSON.stringify(problems));
    hasProblem(problems, file('nobuild'), 'build.riscv64', /architecture riscv64 is listed but has no build recipe/);
  });

  test('an option default out of its own range', () => {
    hasProblem(problemsOf(loadPack(join(root, 'baddefault'))), file('baddefault'), 'options.cpus', /the default 16 is not valid: an integer from 1 to 8/);
  });

  test('a bad build step (a oneOf in the schema) names the step once per distinct reason', () => {
    const problems = problemsOf(loadPack(join(root, 'badstep')));
    hasProblem(problems, file('badstep'), 'build.x86_64.steps.0', /^unknown field "extra"$/);
    const keys = problems.map((p) => `${p.field}|${p.reason}`);
    assert.equal(new Set(keys).size, keys.length, `duplicates in ${JSON.stringify(keys)}`);
  });
});

describe('loadPacks', () => {
  test('every bad pack is reported and the good one still loads', () => {
    const { packs, problems } = loadPacks([root]);
    assert.deepEqual([...packs.keys()], ['good']);
    const files = new Set(problems.map((p) => p.file));
    assert.deepEqual([...files].sort(), ['baddefault', 'badexit', 'badjson', 'badstep', 'missing', 'nobuild', 'unknown'].map(file).sort());
    for (const p of problems) assert.ok(p.field && p.reason, JSON.stringify(p));
  });

  test('a duplicate name in a later search-path root is a problem; the first one wins', () => {
    const a = mkdtempSync(join(tmpdir(), 'bb-'));
    const b = mkdtempSync(join(tmpdir(), 'bb-'));
    try {
      writePack(a, 'dup', goodManifest('dup'));
      writePack(b, 'dup-fork', goodManifest('dup'));
      writePack(b, 'other', goodManifest('other'));
      const { packs, problems } = loadPacks([a, b, join(a, 'does-not-exist')]);
      assert.deepEqual([...packs.keys()].sort(), ['dup', 'other']);
      assert.equal(packs.get('dup')!.dir, join(a, 'dup'));
      assert.deepEqual(problems, [
        { file: join(b, 'dup-fork', 'pack.json'), field: 'name', reason: `pack "dup" is already provided by ${join(a, 'dup')}` },
      ]);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  test('a folder on the search path twice (a notebook packs/ that is the user pack dir) is searched once', () => {
    const root = mkdtempSync(join(tmpdir(), 'bb-'));
    try {
      const env = { BOOTBOOK_PACKS_DIR: join(root, 'packs'), BOOTBOOK_PACK_PATH: `${join(root, 'packs')}/` };
      const path = packSearchPath(root, env);
      assert.deepEqual(path, [kernelsDir, join(root, 'packs')]);
      writePack(join(root, 'packs'), 'mine', goodManifest('mine'));
      const { packs, problems } = loadPacks(path);
      assert.ok(packs.has('mine'));
      assert.deepEqual(problems, []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the bundled linux pack loads without problems', () => {
    const { packs, problems } = loadPacks();
    const linux = packs.get('linux');
    assert.ok(linux, `linux did not load: ${JSON.stringify(problems, null, 2)}`);
    assert.equal(linux.dir, join(kernelsDir, 'linux'));
    assert.deepEqual(linux.manifest.architectures, ['x86_64']);
    assert.deepEqual(problems.filter((p) => p.file.startsWith(join(kernelsDir, 'linux'))), []);
  });

  test('every bundled pack loads without problems', () => {
    assert.deepEqual(loadPacks([kernelsDir]).problems, []);
  });
});
