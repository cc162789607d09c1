// `bootbook packs update`: a newer commit replaces the pack and the command shows
// what changed (commit range, git log, files, old and new hash); a newer version
// that fails validation is refused and the installed one stays.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bootbook, commitChange, git, packRepo, sandbox } from './helpers.js';

describe('packs update', { concurrency: 1 }, () => {
  const box = sandbox();
  const repo = packRepo(box, 'uppack');
  const record = () => JSON.parse(readFileSync(join(box.packsDir, '.installed', 'uppack.json'), 'utf8'));

  test('nothing new: up to date', async () => {
    assert.equal((await bootbook(box, 'packs', 'add', `file://${repo.dir}`)).code, 0);
    const r = await bootbook(box, 'packs', 'update', 'uppack');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /uppack is up to date \(commit [0-9a-f]{12}, content hash [0-9a-f]{12}\)/);
  });

  test('a newer commit: range, log, files and hashes are shown, and the new files are installed', async () => {
    const old = record();
    const v2 = commitChange(repo.dir, 'src/extra.txt', 'new file\n', 'add an extra file');
    writeFileSync(join(repo.dir, 'CHANGES.md'), 'changed\n');
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-qm', 'write a change log');
    const v3 = git(repo.dir, 'rev-parse', 'HEAD');
    const r = await bootbook(box, 'packs', 'update', 'uppack');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`updated uppack: ${repo.v1.slice(0, 12)}\\.\\.${v3.slice(0, 12)}`));
    assert.match(r.stdout, new RegExp(`${v3.slice(0, 7)} write a change log`));
    assert.match(r.stdout, new RegExp(`${v2.slice(0, 7)} add an extra file`));
    assert.match(r.stdout, /files: 0 changed, 2 added, 0 removed/);
    assert.match(r.stdout, /A src\/extra\.txt/);
    const now = record();
    assert.match(r.stdout, new RegExp(`content hash: ${old.hash.slice(0, 12)} -> ${now.hash.slice(0, 12)}`));
    assert.equal(now.commit, v3);
    assert.equal(readFileSync(join(box.packsDir, 'uppack', 'src', 'extra.txt'), 'utf8'), 'new file\n');
  });

  test('--ref moves to a tag, with the file list of the change', async () => {
    const r = await bootbook(box, 'packs', 'update', 'uppack', '--ref', 'v1', '--json');
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    assert.equal(rep.changed, true);
    assert.equal(rep.newCommit, repo.v1);
    assert.deepEqual(rep.files.removed.sort(), ['CHANGES.md', 'src/extra.txt']);
    assert.equal(record().ref, 'v1');
  });

  test('a newer commit that breaks pack.json is refused; the installed pack stays', async () => {
    const before = record();
    const m = JSON.parse(readFileSync(join(repo.dir, 'pack.json'), 'utf8'));
    m.architectures = ['x86_64', 'sparc'];
    commitChange(repo.dir, 'pack.json', JSON.stringify(m), 'break it');
    const r = await bootbook(box, 'packs', 'update', 'uppack');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not valid, so it was not installed/);
    assert.match(r.stderr, /architectures/);
    assert.deepEqual(record(), before);
    const list = JSON.parse((await bootbook(box, 'packs', 'list', '--json')).stdout);
    assert.ok(list.packs.some((p: { name: string }) => p.name === 'uppack'), 'the old version still loads');
  });

  test('update of a pack that was not added names the added ones', async () => {
    const r = await bootbook(box, 'packs', 'update', 'kite');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no added pack named "kite"; added packs: uppack/);
  });
});
