// Trust: an added pack's build steps do not run until the user trusts it; trusting
// records the content hash, so a changed pack is refused again; bundled packs need
// nothing. Real builds and boots of a copy of the `bare` pack.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HELLO, bootbook, packRepo, sandbox } from './helpers.js';

describe('pack trust', { concurrency: 1 }, () => {
  const box = sandbox();
  const repo = packRepo(box, 'trustme');
  const program = join(box.root, 'hello.c');
  writeFileSync(program, HELLO);

  test('an added pack is refused before any of its commands run, with how to trust it', async () => {
    assert.equal((await bootbook(box, 'packs', 'add', `file://${repo.dir}`)).code, 0);
    const r = await bootbook(box, 'run', program, '--target', 'trustme', '--json');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pack "trustme" \(from bootbook packs add\) would run its own build steps on this machine and you have not trusted it yet/);
    assert.match(r.stderr, /bootbook packs trust trustme/);
    assert.equal(r.stdout, '', 'no run record: nothing was built');
  });

  test('trusted, it builds and runs; the decision is recorded by name and content hash', async () => {
    let r = await bootbook(box, 'packs', 'trust', 'trustme');
    assert.equal(r.code, 0, r.stderr);
    const trust = JSON.parse(readFileSync(join(box.configDir, 'trust.json'), 'utf8'));
    const rec = JSON.parse(readFileSync(join(box.packsDir, '.installed', 'trustme.json'), 'utf8'));
    assert.equal(trust.packs.trustme.hash, rec.hash);
    r = await bootbook(box, 'run', program, '--target', 'trustme', '--json');
    assert.equal(r.code, 0, r.stderr);
    const run = JSON.parse(r.stdout.trim().split('\n')[0]!);
    assert.equal(run.status, 'ok');
    assert.equal(run.target.pack, 'trustme');
    assert.equal(run.metrics.find((m: { name: string }) => m.name === 'answer')?.value, 42);
  });

  test('a changed pack asks again', async () => {
    appendFileSync(join(box.packsDir, 'trustme', 'src', 'runtime.c'), '\n/* changed */\n');
    let r = await bootbook(box, 'run', program, '--target', 'trustme');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /its files changed since you trusted it/);
    assert.match(JSON.parse((await bootbook(box, 'packs', 'sources', '--json')).stdout).packs.find((p: { name: string }) => p.name === 'trustme').trust, /^changed$/);
    r = await bootbook(box, 'packs', 'untrust', 'trustme');
    assert.match(r.stdout, /trustme is no longer trusted/);
    r = await bootbook(box, 'run', program, '--target', 'trustme');
    assert.match(r.stderr, /you have not trusted it yet/);
  });

  test('add --trust trusts at once; bundled packs need no trust', async () => {
    assert.equal((await bootbook(box, 'packs', 'remove', 'trustme')).code, 0);
    let r = await bootbook(box, 'packs', 'add', `file://${repo.dir}#v1`, '--trust');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /trusted: its build steps may run on this machine/);
    r = await bootbook(box, 'run', program, '--target', 'trustme', '--json');
    assert.equal(r.code, 0, r.stderr);
    r = await bootbook(box, 'packs', 'trust', 'bare');
    assert.match(r.stdout, /bare needs no trust/);
    r = await bootbook(box, 'packs', 'trust', 'nosuch');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no pack named "nosuch"; packs: .*bare/);
  });
});
