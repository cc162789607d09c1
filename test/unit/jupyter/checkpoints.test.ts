// Checkpoints: create, list, restore, delete, stored where Jupyter stores them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { notebook, startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

test('create, list, restore and delete a checkpoint of a file', async () => {
  await mkdir(join(s.root, 'lab1'));
  await writeFile(join(s.root, 'lab1', 'prog.c'), 'version 1\n');
  const url = '/api/contents/lab1/prog.c/checkpoints';
  assert.deepEqual((await s.api('GET', url)).json(), []);

  const created = await s.api('POST', url);
  assert.equal(created.status, 201);
  assert.equal(created.json().id, 'checkpoint');
  assert.ok(!Number.isNaN(Date.parse(created.json().last_modified)));
  assert.equal(created.headers.location, '/api/contents/lab1/prog.c/checkpoints/checkpoint');
  const stored = join(s.root, 'lab1', '.ipynb_checkpoints', 'prog-checkpoint.c');
  assert.equal(await readFile(stored, 'utf8'), 'version 1\n', 'stored beside the file, named like Jupyter names it');

  const listed = (await s.api('GET', url)).json();
  assert.equal(listed.length, 1);
  assert.equal(listed[0].id, 'checkpoint');

  await s.api('PUT', '/api/contents/lab1/prog.c', { type: 'file', format: 'text', content: 'version 2\n' });
  assert.equal(await readFile(join(s.root, 'lab1', 'prog.c'), 'utf8'), 'version 2\n');
  assert.equal((await s.api('POST', `${url}/checkpoint`)).status, 204);
  assert.equal(await readFile(join(s.root, 'lab1', 'prog.c'), 'utf8'), 'version 1\n', 'restored');

  assert.equal((await s.api('DELETE', `${url}/checkpoint`)).status, 204);
  assert.deepEqual((await s.api('GET', url)).json(), []);
  await assert.rejects(stat(stored));
  assert.equal((await s.api('DELETE', `${url}/checkpoint`)).status, 404);
  assert.equal((await s.api('POST', `${url}/checkpoint`)).status, 404, 'nothing to restore');
});

test('unknown ids, missing files and folders', async () => {
  await writeFile(join(s.root, 'one.c'), 'x');
  await s.api('POST', '/api/contents/one.c/checkpoints');
  assert.equal((await s.api('POST', '/api/contents/one.c/checkpoints/other')).status, 404);
  assert.equal((await s.api('DELETE', '/api/contents/one.c/checkpoints/other')).status, 404);
  assert.equal((await s.api('GET', '/api/contents/ghost.c/checkpoints')).status, 404);
  assert.equal((await s.api('POST', '/api/contents/ghost.c/checkpoints')).status, 404);
  assert.equal((await s.api('POST', '/api/contents/lab1/checkpoints')).status, 400, 'folders have no checkpoints');
});

test('saving a notebook creates its first checkpoint (JupyterLab expects one to exist)', async () => {
  await s.api('PUT', '/api/contents/first.ipynb', { type: 'notebook', content: notebook('v1') });
  const cps = (await s.api('GET', '/api/contents/first.ipynb/checkpoints')).json();
  assert.equal(cps.length, 1);
  await s.api('PUT', '/api/contents/first.ipynb', { type: 'notebook', content: notebook('v2') });
  await s.api('POST', '/api/contents/first.ipynb/checkpoints/checkpoint');
  const back = (await s.api('GET', '/api/contents/first.ipynb')).json();
  assert.equal(back.content.cells[0].source, 'v1', 'the first save is the checkpoint; later saves do not move it');
  assert.deepEqual((await readdir(join(s.root, '.ipynb_checkpoints'))).sort(), ['first-checkpoint.ipynb', 'one-checkpoint.c']);
});

test('the checkpoint folder is hidden from the API', async () => {
  assert.equal((await s.api('GET', '/api/contents/.ipynb_checkpoints')).status, 404);
  assert.equal((await s.api('GET', '/api/contents/.ipynb_checkpoints/one-checkpoint.c')).status, 404);
  assert.equal((await s.api('DELETE', '/api/contents/.ipynb_checkpoints/one-checkpoint.c')).status, 400);
});
