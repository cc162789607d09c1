// Pack indexes: `packs index make` prints an entry an author publishes, `index add`
// configures it (a file, or a URL served by the test's own HTTP server), `packs
// search` finds packs in it, `packs add NAME` installs from it, and content that
// does not match the index's hash is refused with that reason.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { bootbook, commitChange, packRepo, sandbox } from './helpers.js';

describe('pack indexes and search', { concurrency: 1 }, () => {
  const box = sandbox();
  const repo = packRepo(box, 'idxpack');
  const indexFile = join(box.root, 'index.json');
  let served = '';
  const http = createServer((req, res) => {
    if (req.url === '/index.json') res.writeHead(200, { 'Content-Type': 'application/json' }).end(served);
    else res.writeHead(404).end('no');
  });
  after(() => http.close());

  test('index make prints an index with source, commit, content hash, architectures and interfaces', async () => {
    // A git-ignored build output in the author's folder never reaches a clone: it must not
    // change the published hash (the install test below checks the hash against the clone).
    appendFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'build/\n');
    mkdirSync(join(repo.dir, 'build'));
    writeFileSync(join(repo.dir, 'build', 'hello.o'), 'not in the repository');
    const r = await bootbook(box, 'packs', 'index', 'make', repo.dir, '--source', `file://${repo.dir}`);
    assert.equal(r.code, 0, r.stderr);
    const index = JSON.parse(r.stdout);
    const e = index.packs[0];
    assert.equal(e.name, 'idxpack');
    assert.equal(e.source, `file://${repo.dir}`);
    assert.equal(e.commit, repo.v1);
    assert.match(e.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(e.architectures, ['x86_64', 'riscv64', 'aarch64']);
    assert.deepEqual(e.interfaces, ['bootbook/1']);
    writeFileSync(indexFile, r.stdout);
  });

  test('index add checks the file; list shows it; search finds by name, summary or interface', async () => {
    writeFileSync(join(box.root, 'bad-index.json'), JSON.stringify({ packs: [{ name: 'x' }] }));
    let r = await bootbook(box, 'packs', 'index', 'add', join(box.root, 'bad-index.json'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pack index .*bad-index\.json is not valid: packs\.0: must have required property 'summary'/);
    r = await bootbook(box, 'packs', 'index', 'add', indexFile);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /added pack index .*index\.json \(1 pack\(s\)\)/);
    r = await bootbook(box, 'packs', 'index', 'list', '--json');
    assert.deepEqual(JSON.parse(r.stdout).indexes, [indexFile]);
    for (const term of ['idx', 'NO KERNEL', 'bootbook/1']) {
      r = await bootbook(box, 'packs', 'search', term, '--json');
      assert.equal(r.code, 0, r.stderr);
      const found = JSON.parse(r.stdout).packs;
      assert.deepEqual(found.map((p: { name: string }) => p.name), ['idxpack'], term);
      assert.equal(found[0].installed, 'no');
    }
    r = await bootbook(box, 'packs', 'search', 'zzz-nothing');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /no pack matches "zzz-nothing" in 1 listed pack/);
  });

  test('packs add NAME installs from the index at its commit; search then says installed', async () => {
    commitChange(repo.dir, 'NOTES.md', 'later\n', 'a later commit the index does not name');
    let r = await bootbook(box, 'packs', 'add', 'idxpack');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /listed in .*index\.json; content hash matches/);
    const rec = JSON.parse(readFileSync(join(box.packsDir, '.installed', 'idxpack.json'), 'utf8'));
    assert.equal(rec.commit, repo.v1);
    assert.equal(rec.index, indexFile);
    assert.ok(!existsSync(join(box.packsDir, 'idxpack', 'NOTES.md')));
    r = await bootbook(box, 'packs', 'search', 'idxpack', '--json');
    assert.equal(JSON.parse(r.stdout).packs[0].installed, 'yes');
    assert.equal((await bootbook(box, 'packs', 'remove', 'idxpack')).code, 0);
  });

  test('a pack whose content does not match the index hash is refused and not installed', async () => {
    const index = JSON.parse(readFileSync(indexFile, 'utf8'));
    index.packs[0].hash = 'ab'.repeat(32);
    writeFileSync(indexFile, JSON.stringify(index));
    const r = await bootbook(box, 'packs', 'add', 'idxpack');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refused idxpack: its content hash [0-9a-f]{16}… does not match the index's abababababababab…/);
    assert.ok(!existsSync(join(box.packsDir, 'idxpack')));
    assert.ok(!existsSync(join(box.packsDir, '.installed', 'idxpack.json')));
  });

  test('an index served over HTTP is searched the same way; an unreachable one is reported, not fatal', async () => {
    const good = JSON.parse((await bootbook(box, 'packs', 'index', 'make', repo.dir, '--source', `file://${repo.dir}`)).stdout);
    good.packs[0].name = 'webpack';
    served = JSON.stringify(good);
    await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/index.json`;
    let r = await bootbook(box, 'packs', 'index', 'add', url);
    assert.equal(r.code, 0, r.stderr);
    r = await bootbook(box, 'packs', 'search', 'webpack', '--json');
    assert.deepEqual(JSON.parse(r.stdout).packs.map((p: { name: string; index: string }) => [p.name, p.index]), [['webpack', url]]);
    r = await bootbook(box, 'packs', 'index', 'add', url.replace('index.json', 'missing.json'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /answered 404/);
    served = '{not json';
    r = await bootbook(box, 'packs', 'search', 'idx');
    assert.equal(r.code, 0, 'the file index still answers');
    assert.match(r.stderr, /pack index skipped: pack index http:.* is not JSON/);
    r = await bootbook(box, 'packs', 'index', 'remove', url);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse((await bootbook(box, 'packs', 'index', 'list', '--json')).stdout).indexes, [indexFile]);
    r = await bootbook(box, 'packs', 'index', 'remove', url);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no configured pack index http:.*; configured: .*index\.json/);
  });
});
