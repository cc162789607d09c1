// Saves are atomic: the file is replaced by rename, never rewritten in place, so
// readers see a whole old or a whole new file; failures leave nothing behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../server/src/jupyter/contents/atomic.js';
import { notebook, startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

test('a save replaces the file (new inode), keeps its mode and leaves no temporary file', async () => {
  await mkdir(join(s.root, 'at'));
  const file = join(s.root, 'at', 'nb.ipynb');
  await s.api('PUT', '/api/contents/at/nb.ipynb', { type: 'notebook', content: notebook('one') });
  await chmod(file, 0o600);
  const before = await stat(file);
  const r = await s.api('PUT', '/api/contents/at/nb.ipynb', { type: 'notebook', content: notebook('two') });
  assert.equal(r.status, 200);
  const after = await stat(file);
  assert.notEqual(after.ino, before.ino, 'replaced by rename, not rewritten in place');
  assert.equal(after.mode & 0o777, 0o600);
  assert.deepEqual((await readdir(join(s.root, 'at'))).sort(), ['.ipynb_checkpoints', 'nb.ipynb']);
});

test('an invalid save writes nothing', async () => {
  const file = join(s.root, 'keep.ipynb');
  await s.api('PUT', '/api/contents/keep.ipynb', { type: 'notebook', content: notebook('precious') });
  const bytes = await readFile(file);
  const bad = await s.api('PUT', '/api/contents/keep.ipynb', { type: 'notebook', content: { cells: 'oops', metadata: {}, nbformat: 4, nbformat_minor: 5 } });
  assert.equal(bad.status, 400);
  assert.deepEqual(await readFile(file), bytes);
  const nb3 = await s.api('PUT', '/api/contents/new3.ipynb', { type: 'notebook', content: { ...notebook(), nbformat: 3 } });
  assert.equal(nb3.status, 400);
  await assert.rejects(stat(join(s.root, 'new3.ipynb')), 'no file created');
});

test('readers racing with concurrent saves only ever see complete versions', async () => {
  const versions = Array.from({ length: 6 }, (_, i) => `${String(i).repeat(400_000)}\n`);
  await s.api('PUT', '/api/contents/race.txt', { type: 'file', format: 'text', content: versions[0] });
  const file = join(s.root, 'race.txt');
  let saving = true;
  const seen = new Set<string>();
  const reader = (async () => {
    while (saving) {
      const text = await readFile(file, 'utf8');
      assert.ok(versions.includes(text), `a read saw a partial file (${text.length} bytes)`);
      seen.add(text[0]!);
    }
  })();
  for (let round = 0; round < 3; round++) {
    const rs = await Promise.all(versions.map((content) => s.api('PUT', '/api/contents/race.txt', { type: 'file', format: 'text', content })));
    for (const r of rs) assert.equal(r.status, 200);
  }
  saving = false;
  await reader;
  assert.ok(seen.size >= 1);
  assert.deepEqual(await readdir(s.root).then((l) => l.filter((n) => n.includes('race'))), ['race.txt'], 'no temporary files left');
});

test('writeFileAtomic removes its temporary file when the final rename fails', async () => {
  const dir = join(s.root, 'blocked');
  await mkdir(join(dir, 'target'), { recursive: true });
  await writeFile(join(dir, 'target', 'inside'), 'x'); // a non-empty folder cannot be replaced by a file
  await assert.rejects(writeFileAtomic(join(dir, 'target'), 'data'));
  assert.deepEqual(await readdir(dir), ['target']);
});
