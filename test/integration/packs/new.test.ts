// `bootbook packs new` end to end: a pack scaffolded into a temporary folder is
// found through BOOTBOOK_PACK_PATH and passes `bootbook packs test` (the
// conformance suite and its own tests) on x86_64 in real QEMU; refusals exit 2
// with a message and change nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cacheDir } from '../helpers.js';
import { repoRoot } from '../../../server/src/engine/paths.js';

const parent = mkdtempSync(join(tmpdir(), 'bootbook-new-'));
after(() => rmSync(parent, { recursive: true, force: true }));

function bootbook(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/bootbook.js'), ...args], {
    encoding: 'utf8',
    cwd: parent,
    env: { ...process.env, BOOTBOOK_CACHE: cacheDir, ...env },
    timeout: 600_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('packs new scaffolds a pack in ./NAME by default and says how to try it', () => {
  const r = bootbook(['packs', 'new', 'mini', '--arch', 'x86_64']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /created pack mini in .*\/mini \(x86_64\), from the bare pack/);
  assert.match(r.out, new RegExp(`BOOTBOOK_PACK_PATH=${parent} bootbook packs test mini`));
  assert.ok(existsSync(join(parent, 'mini', 'pack.json')));
});

test('the new pack passes packs test on x86_64: conformance suite and its own tests', () => {
  const r = bootbook(['packs', 'test', 'mini', '--arch', 'x86_64'], { BOOTBOOK_PACK_PATH: parent });
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^mini: report card/m);
  assert.match(r.out, /│ conformance │ hang +│ pass/);
  assert.match(r.out, /│ own +│ heap +│ pass/);
  const [, passed, failed] = /^(\d+) passed, (\d+) failed$/m.exec(r.out) ?? [];
  assert.equal(failed, '0');
  assert.ok(Number(passed) >= 15, r.out);
});

test('the new pack runs a program under its own name', () => {
  const r = bootbook(['run', join(parent, 'mini', 'examples', 'hello.c'), '--target', 'mini', '--json'], { BOOTBOOK_PACK_PATH: parent });
  assert.equal(r.code, 0, r.err);
  const record = JSON.parse(r.out.split('\n')[0]!);
  assert.equal(record.status, 'ok');
  assert.equal(record.target.pack, 'mini');
  assert.match(record.console, /hello from mini/);
});

test('a taken name, an invalid name and an existing folder are refused (exit 2) and nothing changes', () => {
  const before = readdirSync(parent).sort();
  const taken = bootbook(['packs', 'new', 'kite']);
  assert.equal(taken.code, 2);
  assert.match(taken.err, /a pack named "kite" already exists/);
  const invalid = bootbook(['packs', 'new', 'Bad_Name']);
  assert.equal(invalid.code, 2);
  assert.match(invalid.err, /"Bad_Name" is not a valid pack name/);
  const exists = bootbook(['packs', 'new', 'mini']);
  assert.equal(exists.code, 2);
  assert.match(exists.err, /mini already exists; bootbook never overwrites a folder/);
  const arch = bootbook(['packs', 'new', 'other', '--arch', 'sparc']);
  assert.equal(arch.code, 2);
  assert.match(arch.err, /unknown architecture "sparc"; valid: x86_64, riscv64, aarch64/);
  assert.deepEqual(readdirSync(parent).sort(), before);
});

test('the conformance suite catches a broken runtime: bb_param that ignores the command line fails, explained below the card', () => {
  const made = bootbook(['packs', 'new', 'broken', '--arch', 'x86_64']);
  assert.equal(made.code, 0, made.err);
  const runtime = join(parent, 'broken', 'src', 'runtime.c');
  const text = readFileSync(runtime, 'utf8');
  assert.ok(text.includes('int found = cmdline_long(key, &value);'));
  writeFileSync(runtime, text.replace('int found = cmdline_long(key, &value);', 'int found = 0; /* broken on purpose */'));
  const r = bootbook(['packs', 'test', 'broken', '--conformance-only', '--only', 'params', '--only', 'exit-zero'], { BOOTBOOK_PACK_PATH: parent });
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /│ conformance │ exit-zero +│ pass/);
  assert.match(r.out, /│ conformance │ params +│ FAIL/);
  assert.match(r.out, /^FAIL conformance\/params \(x86_64\): bb_param reads/m);
  assert.match(r.out, /^ +metric n = 1, expected 4096$/m);
  assert.match(r.out, /^1 passed, 1 failed$/m);
});
