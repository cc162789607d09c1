// The contents API on a real temporary folder: get, save, new untitled, copy,
// rename, delete, with jupyter_server's names, statuses and models.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { notebook, startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

describe('GET /api/contents', () => {
  test('the root is an empty directory model', async () => {
    const r = await s.api('GET', '/api/contents');
    assert.equal(r.status, 200);
    const m = r.json();
    assert.equal(m.type, 'directory');
    assert.equal(m.path, '');
    assert.equal(m.format, 'json');
    assert.deepEqual(m.content, []);
    assert.equal(m.writable, true);
    assert.ok(!Number.isNaN(Date.parse(m.created)) && !Number.isNaN(Date.parse(m.last_modified)));
    assert.equal((await s.api('GET', '/api/contents/')).status, 200);
  });

  test('a notebook with content, without content, and with its hash', async () => {
    await writeFile(join(s.root, 'read.ipynb'), JSON.stringify(notebook('a\nb\n')));
    const full = (await s.api('GET', '/api/contents/read.ipynb?type=notebook&content=1')).json();
    assert.equal(full.type, 'notebook');
    assert.equal(full.name, 'read.ipynb');
    assert.equal(full.format, 'json');
    assert.equal(full.mimetype, null);
    assert.equal(full.content.nbformat, 4);
    assert.equal(full.content.cells[0].source, 'a\nb\n');
    assert.equal(full.hash, undefined);

    const bare = (await s.api('GET', '/api/contents/read.ipynb?content=0')).json();
    assert.equal(bare.content, null);
    assert.equal(bare.format, null);
    assert.equal(bare.type, 'notebook');

    const hashed = (await s.api('GET', '/api/contents/read.ipynb?content=0&hash=1')).json();
    const expected = createHash('sha256').update(await readFile(join(s.root, 'read.ipynb'))).digest('hex');
    assert.equal(hashed.hash, expected);
    assert.equal(hashed.hash_algorithm, 'sha256');
  });

  test('text and binary files: format chosen by content unless asked', async () => {
    await writeFile(join(s.root, 'hello.c'), 'int main(void) { return 0; }\n');
    const text = (await s.api('GET', '/api/contents/hello.c')).json();
    assert.equal(text.type, 'file');
    assert.equal(text.format, 'text');
    assert.equal(text.mimetype, 'text/x-csrc');
    assert.equal(text.content, 'int main(void) { return 0; }\n');
    assert.equal(text.size, 29);

    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await writeFile(join(s.root, 'blob.bin'), bytes);
    const bin = (await s.api('GET', '/api/contents/blob.bin')).json();
    assert.equal(bin.format, 'base64');
    assert.equal(bin.mimetype, 'application/octet-stream');
    assert.deepEqual(Buffer.from(bin.content, 'base64'), bytes);
    const forced = (await s.api('GET', '/api/contents/hello.c?format=base64')).json();
    assert.equal(Buffer.from(forced.content, 'base64').toString(), 'int main(void) { return 0; }\n');

    const asText = await s.api('GET', '/api/contents/blob.bin?format=text');
    assert.equal(asText.status, 400);
    assert.match(asText.json().message, /not UTF-8/);
    const nbAsFile = (await s.api('GET', '/api/contents/read.ipynb?type=file')).json();
    assert.equal(nbAsFile.type, 'file');
    assert.equal(typeof nbAsFile.content, 'string');
  });

  test('bad query arguments and type mismatches are 400s; a missing path is a 404', async () => {
    for (const q of ['type=folder', 'format=utf16', 'content=2', 'hash=yes']) {
      const r = await s.api('GET', `/api/contents?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.json().reason, null);
    }
    assert.equal((await s.api('GET', '/api/contents/hello.c?type=directory')).status, 400);
    assert.equal((await s.api('GET', '/api/contents?type=notebook')).status, 400);
    const missing = await s.api('GET', '/api/contents/nope.ipynb');
    assert.equal(missing.status, 404);
    assert.match(missing.json().message, /nope\.ipynb/);
  });

  test('listings hide dotfiles, checkpoints and editor leftovers', async () => {
    await mkdir(join(s.root, 'listing'));
    for (const f of ['a.ipynb', 'b.c', '.hidden', 'x.c~']) await writeFile(join(s.root, 'listing', f), f.endsWith('.ipynb') ? JSON.stringify(notebook()) : 'x');
    await mkdir(join(s.root, 'listing', '.ipynb_checkpoints'));
    await mkdir(join(s.root, 'listing', 'sub'));
    const m = (await s.api('GET', '/api/contents/listing')).json();
    const byName = Object.fromEntries(m.content.map((c: { name: string }) => [c.name, c]));
    assert.deepEqual(Object.keys(byName).sort(), ['a.ipynb', 'b.c', 'sub']);
    assert.equal(byName['a.ipynb'].type, 'notebook');
    assert.equal(byName['a.ipynb'].path, 'listing/a.ipynb');
    assert.equal(byName['a.ipynb'].content, null);
    assert.equal(byName['sub'].type, 'directory');
    assert.equal((await s.api('GET', '/api/contents/listing/.hidden')).status, 404, 'hidden files are not served');
  });
});

describe('PUT /api/contents (save)', () => {
  test('a new notebook is 201, a replaced one 200; the file is written as nbformat writes it', async () => {
    const nb = notebook('line 1\nline 2\n');
    const created = await s.api('PUT', '/api/contents/saved.ipynb', { type: 'notebook', format: 'json', content: nb });
    assert.equal(created.status, 201);
    assert.equal(created.headers.location, '/api/contents/saved.ipynb');
    assert.equal(created.json().type, 'notebook');
    assert.equal(created.json().content, null);
    const again = await s.api('PUT', '/api/contents/saved.ipynb', { type: 'notebook', content: nb });
    assert.equal(again.status, 200);

    const disk = await readFile(join(s.root, 'saved.ipynb'), 'utf8');
    assert.ok(disk.endsWith('}\n'));
    assert.match(disk, /^{\n "cells": \[/, 'one-space indent, sorted keys');
    assert.deepEqual(JSON.parse(disk).cells[0].source, ['line 1\n', 'line 2\n'], 'multi-line strings stored as lines');
    assert.deepEqual(Object.keys(JSON.parse(disk)), ['cells', 'metadata', 'nbformat', 'nbformat_minor']);
    const back = (await s.api('GET', '/api/contents/saved.ipynb')).json();
    assert.equal(back.content.cells[0].source, 'line 1\nline 2\n', 'read back joined');
  });

  test('text and base64 files round-trip', async () => {
    const t = await s.api('PUT', '/api/contents/notes.md', { type: 'file', format: 'text', content: '# héllo\n' });
    assert.equal(t.status, 201);
    assert.equal(await readFile(join(s.root, 'notes.md'), 'utf8'), '# héllo\n');
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const b = await s.api('PUT', '/api/contents/raw.bin', { type: 'file', format: 'base64', content: bytes.toString('base64') });
    assert.equal(b.status, 201);
    assert.deepEqual(await readFile(join(s.root, 'raw.bin')), bytes);
    const bad = await s.api('PUT', '/api/contents/raw2.bin', { type: 'file', format: 'base64', content: '***' });
    assert.equal(bad.status, 400);
    assert.match(bad.json().message, /base64/);
  });

  test('a directory, then refusals: hidden names, missing parent, a folder as a file, copy by PUT', async () => {
    assert.equal((await s.api('PUT', '/api/contents/made', { type: 'directory' })).status, 201);
    assert.equal((await s.api('PUT', '/api/contents/made', { type: 'directory' })).status, 200);
    assert.equal((await s.api('GET', '/api/contents/made')).json().type, 'directory');
    const hidden = await s.api('PUT', '/api/contents/.env', { type: 'file', format: 'text', content: 'x' });
    assert.equal(hidden.status, 400);
    assert.equal((await readdir(s.root)).includes('.env'), false);
    const orphan = await s.api('PUT', '/api/contents/no/such/dir.c', { type: 'file', format: 'text', content: 'x' });
    assert.equal(orphan.status, 404);
    assert.equal((await s.api('PUT', '/api/contents/made', { type: 'file', format: 'text', content: 'x' })).status, 400);
    assert.equal((await s.api('PUT', '/api/contents/x.c', { type: 'file', format: 'text', content: 'x', copy_from: 'hello.c' })).status, 400);
    assert.equal((await s.api('PUT', '/api/contents/big.c', { type: 'file', format: 'text', content: 'x', chunk: 1 })).status, 400);
  });
});

describe('POST /api/contents (new untitled, copy)', () => {
  before(() => mkdir(join(s.root, 'new')));

  test('untitled notebooks, files and folders get jupyter_server names', async () => {
    const names: string[] = [];
    for (const body of [{ type: 'notebook' }, { type: 'notebook' }, { type: 'file', ext: '.c' }, { type: 'file', ext: 'c' }, { type: 'directory' }, { type: 'directory' }, undefined]) {
      const r = await s.api('POST', '/api/contents/new', body);
      assert.equal(r.status, 201);
      assert.equal(r.headers.location, `/api/contents/${r.json().path.split('/').map(encodeURIComponent).join('/')}`);
      names.push(r.json().name);
    }
    assert.deepEqual(names, ['Untitled.ipynb', 'Untitled1.ipynb', 'untitled.c', 'untitled1.c', 'Untitled Folder', 'Untitled Folder 1', 'untitled']);
    const nb = JSON.parse(await readFile(join(s.root, 'new', 'Untitled.ipynb'), 'utf8'));
    assert.deepEqual(nb, { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 });
  });

  test('concurrent creations never share a name', async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, () => s.api('POST', '/api/contents/new', { type: 'file', ext: '.txt' })));
    const names = rs.map((r) => r.json().name);
    assert.equal(new Set(names).size, 8);
  });

  test('copies get "-Copy<n>" names; folders are not copied', async () => {
    await writeFile(join(s.root, 'new', 'a.ipynb'), JSON.stringify(notebook()));
    const c1 = await s.api('POST', '/api/contents/new', { copy_from: 'new/a.ipynb' });
    assert.equal(c1.status, 201);
    assert.equal(c1.json().path, 'new/a-Copy1.ipynb');
    const c2 = await s.api('POST', '/api/contents/new', { copy_from: 'new/a-Copy1.ipynb' });
    assert.equal(c2.json().path, 'new/a-Copy2.ipynb');
    const elsewhere = await s.api('POST', '/api/contents', { copy_from: 'new/a.ipynb' });
    assert.equal(elsewhere.json().path, 'a.ipynb');
    assert.equal(await readFile(join(s.root, 'a.ipynb'), 'utf8'), await readFile(join(s.root, 'new', 'a.ipynb'), 'utf8'));
    assert.equal((await s.api('POST', '/api/contents', { copy_from: 'new' })).status, 400);
    assert.equal((await s.api('POST', '/api/contents', { copy_from: 'missing.c' })).status, 404);
  });

  test('POST to a file is a 400, into a missing folder a 404', async () => {
    assert.equal((await s.api('POST', '/api/contents/new/a.ipynb', { type: 'file' })).status, 400);
    assert.equal((await s.api('POST', '/api/contents/nowhere', { type: 'file' })).status, 404);
  });
});

describe('PATCH and DELETE /api/contents', () => {
  test('rename moves the file (and its checkpoint); existing target 409, missing source 404', async () => {
    await s.api('PUT', '/api/contents/mv.ipynb', { type: 'notebook', content: notebook() }); // creates a checkpoint too
    await mkdir(join(s.root, 'dest'));
    const r = await s.api('PATCH', '/api/contents/mv.ipynb', { path: 'dest/moved.ipynb' });
    assert.equal(r.status, 200);
    assert.equal(r.json().path, 'dest/moved.ipynb');
    assert.equal(r.json().name, 'moved.ipynb');
    assert.equal((await s.api('GET', '/api/contents/mv.ipynb')).status, 404);
    assert.deepEqual(await readdir(join(s.root, 'dest', '.ipynb_checkpoints')), ['moved-checkpoint.ipynb']);
    assert.equal((await s.api('GET', '/api/contents/dest/moved.ipynb/checkpoints')).json().length, 1);

    await writeFile(join(s.root, 'taken.c'), 'x');
    await writeFile(join(s.root, 'src.c'), 'y');
    assert.equal((await s.api('PATCH', '/api/contents/src.c', { path: 'taken.c' })).status, 409);
    assert.equal(await readFile(join(s.root, 'taken.c'), 'utf8'), 'x', 'nothing overwritten');
    assert.equal((await s.api('PATCH', '/api/contents/ghost.c', { path: 'g.c' })).status, 404);
    assert.equal((await s.api('PATCH', '/api/contents/src.c', { path: 'src.c' })).status, 200, 'same name is a no-op');
    assert.equal((await s.api('PATCH', '/api/contents/src.c', { path: '.src.c' })).status, 400, 'cannot hide a file');
  });

  test('delete a file (and its checkpoint), an empty folder; not a full folder or the root', async () => {
    await s.api('PUT', '/api/contents/del.ipynb', { type: 'notebook', content: notebook() });
    assert.equal((await s.api('DELETE', '/api/contents/del.ipynb')).status, 204);
    assert.equal((await readdir(s.root)).includes('del.ipynb'), false);
    assert.equal((await readdir(join(s.root, '.ipynb_checkpoints'))).includes('del-checkpoint.ipynb'), false);
    assert.equal((await s.api('DELETE', '/api/contents/del.ipynb')).status, 404);

    await mkdir(join(s.root, 'full'));
    await writeFile(join(s.root, 'full', 'f.c'), 'x');
    const full = await s.api('DELETE', '/api/contents/full');
    assert.equal(full.status, 400);
    assert.match(full.json().message, /not empty/);
    await mkdir(join(s.root, 'empty', '.ipynb_checkpoints'), { recursive: true });
    assert.equal((await s.api('DELETE', '/api/contents/empty')).status, 204, 'leftover checkpoints do not count');
    assert.equal((await s.api('DELETE', '/api/contents')).status, 400);
  });
});
