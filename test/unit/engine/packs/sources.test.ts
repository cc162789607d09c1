// Reading a pack SOURCE: folder, git work tree, bare repository, URL with #ref,
// and the errors for sources that cannot be.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseSource } from '../../../../server/src/engine/packs/sources.js';
import { contentHash } from '../../../../server/src/engine/packs/store.js';

const root = mkdtempSync(join(tmpdir(), 'bootbook-sources-'));
process.once('exit', () => rmSync(root, { recursive: true, force: true }));

describe('pack sources', () => {
  test('URLs are git sources, with an optional #ref', () => {
    assert.deepEqual(parseSource('https://example.org/k.git#v1.2'), { kind: 'git', location: 'https://example.org/k.git', ref: 'v1.2' });
    assert.deepEqual(parseSource('file:///srv/k'), { kind: 'git', location: 'file:///srv/k', ref: undefined });
    assert.deepEqual(parseSource('git@example.org:me/k.git', 'main'), { kind: 'git', location: 'git@example.org:me/k.git', ref: 'main' });
    assert.throws(() => parseSource('https://example.org/k.git#v1', 'v2'), /two refs given: #v1 in the source and --ref v2/);
  });

  test('a folder is copied; a git work tree with a ref, or a bare repository, is cloned', () => {
    const plain = join(root, 'plain');
    mkdirSync(plain);
    assert.deepEqual(parseSource(plain), { kind: 'folder', location: plain });
    assert.throws(() => parseSource(plain, 'v1'), /is not a git repository, so a ref \(v1\) means nothing/);
    const work = join(root, 'work');
    mkdirSync(work);
    execFileSync('git', ['init', '-q'], { cwd: work });
    assert.equal(parseSource(work).kind, 'folder');
    assert.deepEqual(parseSource(`${work}#v1`), { kind: 'git', location: work, ref: 'v1' });
    const bare = join(root, 'bare.git');
    execFileSync('git', ['init', '-q', '--bare', bare]);
    assert.deepEqual(parseSource(bare), { kind: 'git', location: bare, ref: undefined });
  });

  test('a missing path or a file is refused with what is valid', () => {
    assert.throws(() => parseSource(join(root, 'none')), /does not exist: give a pack folder, a git repository .* or the name of a pack in a configured index/);
    writeFileSync(join(root, 'file.txt'), 'x');
    assert.throws(() => parseSource(join(root, 'file.txt')), /is a file: give a pack folder or a git repository/);
  });

  test('the content hash covers paths and bytes, not .git or where the folder is', () => {
    const a = join(root, 'h1');
    const b = join(root, 'elsewhere', 'h2');
    for (const d of [a, b]) {
      mkdirSync(join(d, 'src'), { recursive: true });
      writeFileSync(join(d, 'src', 'x.c'), 'int x;');
    }
    mkdirSync(join(b, '.git'));
    writeFileSync(join(b, '.git', 'HEAD'), 'ref: refs/heads/main');
    assert.equal(contentHash(a), contentHash(b));
    writeFileSync(join(b, 'src', 'x.c'), 'int y;');
    assert.notEqual(contentHash(a), contentHash(b));
  });
});
