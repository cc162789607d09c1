// `bootbook packs add` from a folder and from a git repository at a tag, and
// `packs remove`: what lands in the user pack directory, what is recorded, and
// that a pack failing validation leaves nothing behind.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bootbook, commitChange, packFolder, packRepo, sandbox } from './helpers.js';

describe('packs add / remove', { concurrency: 1 }, () => {
  const box = sandbox();

  test('a pack folder is copied in, recorded, listed as added and untrusted', async () => {
    const src = packFolder(join(box.root, 'folder-pack'), 'folderpack');
    const r = await bootbook(box, 'packs', 'add', src, '--json');
    assert.equal(r.code, 0, r.stderr);
    const rec = JSON.parse(r.stdout);
    assert.equal(rec.name, 'folderpack');
    assert.equal(rec.kind, 'folder');
    assert.equal(rec.source, src);
    assert.match(rec.hash, /^[0-9a-f]{64}$/);
    assert.ok(existsSync(join(box.packsDir, 'folderpack', 'pack.json')));
    const stored = JSON.parse(readFileSync(join(box.packsDir, '.installed', 'folderpack.json'), 'utf8'));
    assert.equal(stored.hash, rec.hash);
    assert.ok(!Number.isNaN(Date.parse(stored.installedAt)));
    const list = JSON.parse((await bootbook(box, 'packs', 'sources', '--json')).stdout).packs;
    const mine = list.find((p: { name: string }) => p.name === 'folderpack');
    assert.equal(mine.origin, 'added');
    assert.equal(mine.trust, 'untrusted');
    assert.equal(list.find((p: { name: string }) => p.name === 'bare').trust, 'not-needed');
  });

  test('a git repository at a tag: the tagged commit is installed, not the newest', async () => {
    const repo = packRepo(box, 'gitpack');
    commitChange(repo.dir, 'NOTES.md', 'second version\n', 'second');
    const r = await bootbook(box, 'packs', 'add', `file://${repo.dir}#v1`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /added gitpack from file:\/\/.*gitpack-repo at v1 \([0-9a-f]{12}\)/);
    assert.match(r.stdout, /not trusted yet.*bootbook packs trust gitpack/);
    const stored = JSON.parse(readFileSync(join(box.packsDir, '.installed', 'gitpack.json'), 'utf8'));
    assert.equal(stored.commit, repo.v1);
    assert.equal(stored.ref, 'v1');
    assert.ok(!existsSync(join(box.packsDir, 'gitpack', 'NOTES.md')), 'the file of the later commit is not there');
    assert.ok(!existsSync(join(box.packsDir, 'gitpack', '.git')), 'installed without .git');
  });

  test('an invalid pack is refused with its problems, and nothing is left behind', async () => {
    const src = packFolder(join(box.root, 'broken'), 'broken');
    const m = JSON.parse(readFileSync(join(src, 'pack.json'), 'utf8'));
    m.colour = 'red';
    writeFileSync(join(src, 'pack.json'), JSON.stringify(m));
    const before = readdirSync(box.packsDir).sort();
    const r = await bootbook(box, 'packs', 'add', src);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not valid, so it was not installed/);
    assert.match(r.stderr, /unknown field "colour"/);
    assert.deepEqual(readdirSync(box.packsDir).sort(), before, 'no staging folder and no pack left');
  });

  test('a name taken by a bundled pack, an unknown ref, and a missing folder are refused clearly', async () => {
    const dup = packFolder(join(box.root, 'dup'), 'bare');
    let r = await bootbook(box, 'packs', 'add', dup);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /a pack named "bare" already exists at .*kernels\/bare/);
    const repo = packRepo(box, 'refpack');
    r = await bootbook(box, 'packs', 'add', repo.dir, '--ref', 'v9');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /has no tag, branch or commit "v9"/);
    r = await bootbook(box, 'packs', 'add', join(box.root, 'nowhere'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /does not exist: give a pack folder, a git repository/);
    r = await bootbook(box, 'packs', 'add', 'gitpack');
    assert.equal(r.code, 2, 'a bare name is looked up in the indexes (none here)');
    assert.match(r.stderr, /no pack named "gitpack" in the configured indexes/);
  });

  test('adding a pack twice says to update instead', async () => {
    const src = join(box.root, 'folder-pack');
    const r = await bootbook(box, 'packs', 'add', src);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /already added .*packs update folderpack/);
  });

  test('two adds of the same pack at once: one installs it, the other is refused clearly', async () => {
    const src = packFolder(join(box.root, 'racing'), 'racepack');
    const [a, b] = await Promise.all([bootbook(box, 'packs', 'add', src), bootbook(box, 'packs', 'add', src)]);
    assert.deepEqual([a.code, b.code].sort(), [0, 2], a.stderr + b.stderr);
    const loser = a.code === 2 ? a : b;
    assert.match(loser.stderr, /pack "racepack" (is already added|was added by another command meanwhile) .*packs update racepack/);
    assert.ok(existsSync(join(box.packsDir, 'racepack', 'pack.json')));
    assert.deepEqual(readdirSync(box.packsDir).filter((f) => f.startsWith('.staging-')), [], 'no staging folder left');
    const r = await bootbook(box, 'packs', 'remove', 'racepack');
    assert.equal(r.code, 0, r.stderr);
  });

  test('remove deletes an added pack and its record, and refuses bundled packs', async () => {
    let r = await bootbook(box, 'packs', 'remove', 'folderpack');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(box.packsDir, 'folderpack')));
    assert.ok(!existsSync(join(box.packsDir, '.installed', 'folderpack.json')));
    r = await bootbook(box, 'packs', 'remove', 'kite');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /only added packs can be removed/);
    r = await bootbook(box, 'packs', 'remove', 'nosuch');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no added pack named "nosuch"; added packs: gitpack/);
  });

  test('a repository holding several packs: --name picks one', async () => {
    const dir = join(box.root, 'multi');
    mkdirSync(join(dir, 'kernels'), { recursive: true });
    packFolder(join(dir, 'kernels', 'one'), 'one');
    packFolder(join(dir, 'kernels', 'two'), 'two');
    let r = await bootbook(box, 'packs', 'add', dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /holds several packs \(kernels\/one, kernels\/two\); pick one with --name/);
    r = await bootbook(box, 'packs', 'add', dir, '--name', 'two', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).path, 'kernels/two');
  });
});
