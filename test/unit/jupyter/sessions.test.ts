// Sessions over REST: create (or find) a session per document, change its path
// or kernel, delete it; kernels started and shut down through the fake manager.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Sessions } from '../../../server/src/jupyter/sessions.js';
import { FakeKernels, startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

const open = (path: string, kernel: object = { name: 'fake-x86_64' }) => s.api('POST', '/api/sessions', { path, type: 'notebook', name: path, kernel });

describe('/api/sessions', () => {
  test('lifecycle: create, list, get, patch, delete (which shuts the kernel down)', async () => {
    const created = await open('life.ipynb');
    assert.equal(created.status, 201);
    const sess = created.json();
    assert.equal(sess.path, 'life.ipynb');
    assert.equal(sess.type, 'notebook');
    assert.equal(sess.name, 'life.ipynb');
    assert.equal(sess.kernel.name, 'fake-x86_64');
    assert.ok(s.kernels.get(sess.kernel.id), 'a kernel was started');
    assert.equal(created.headers.location, `/api/sessions/${sess.id}`);

    assert.ok((await s.api('GET', '/api/sessions')).json().some((x: { id: string }) => x.id === sess.id));
    assert.deepEqual((await s.api('GET', `/api/sessions/${sess.id}`)).json(), sess);

    const moved = await s.api('PATCH', `/api/sessions/${sess.id}`, { path: 'renamed.ipynb', name: 'renamed.ipynb' });
    assert.equal(moved.status, 200);
    assert.equal(moved.json().path, 'renamed.ipynb');
    assert.equal(moved.json().kernel.id, sess.kernel.id, 'same kernel');

    assert.equal((await s.api('DELETE', `/api/sessions/${sess.id}`)).status, 204);
    assert.equal((await s.api('GET', `/api/sessions/${sess.id}`)).status, 404);
    assert.equal(s.kernels.get(sess.kernel.id), undefined, 'kernel shut down');
    assert.equal((await s.api('DELETE', `/api/sessions/${sess.id}`)).status, 404);
  });

  test('a second POST for the same path returns the existing session, even when racing', async () => {
    const started = () => s.kernels.calls.filter((c) => c.startsWith('start')).length;
    const before = started();
    const [a, b, c] = await Promise.all([open('same.ipynb'), open('same.ipynb'), open('same.ipynb')]);
    assert.equal(a.json().id, b.json().id);
    assert.equal(a.json().id, c.json().id);
    assert.equal(b.status, 201, 'jupyter_server answers 201 here too');
    assert.equal(started() - before, 1, 'one kernel');
  });

  test('reuse a kernel by id; an unknown id is a 404; no kernel means the default spec', async () => {
    const first = (await open('k1.ipynb')).json();
    const second = (await open('k2.ipynb', { id: first.kernel.id })).json();
    assert.equal(second.kernel.id, first.kernel.id);
    assert.equal((await open('k3.ipynb', { id: 'no-such-kernel' })).status, 404);
    const dflt = await s.api('POST', '/api/sessions', { path: 'k4.ipynb', type: 'notebook' });
    assert.equal(dflt.json().kernel.name, 'fake-x86_64');
    const nulls = await s.api('POST', '/api/sessions', { path: 'k5.ipynb', type: 'notebook', kernel: { id: null, name: 'fake-riscv64' } });
    assert.equal(nulls.json().kernel.name, 'fake-riscv64');
  });

  test('a shared kernel lives until its last session is deleted', async () => {
    const a = (await open('share-a.ipynb')).json();
    const b = (await open('share-b.ipynb', { id: a.kernel.id })).json();
    await s.api('DELETE', `/api/sessions/${a.id}`);
    assert.ok(s.kernels.get(a.kernel.id), 'still used by b');
    await s.api('DELETE', `/api/sessions/${b.id}`);
    assert.equal(s.kernels.get(a.kernel.id), undefined);
  });

  test('PATCH kernel {name} starts a new kernel and shuts the old one down; an unknown {id} is a 400', async () => {
    const sess = (await open('switch.ipynb')).json();
    const switched = (await s.api('PATCH', `/api/sessions/${sess.id}`, { kernel: { name: 'fake-riscv64' } })).json();
    assert.equal(switched.kernel.name, 'fake-riscv64');
    assert.notEqual(switched.kernel.id, sess.kernel.id);
    assert.equal(s.kernels.get(sess.kernel.id), undefined, 'old kernel shut down');
    const bad = await s.api('PATCH', `/api/sessions/${sess.id}`, { kernel: { id: 'nope' } });
    assert.equal(bad.status, 400);
    assert.match(bad.json().message, /No such kernel/);
    assert.equal((await s.api('PATCH', '/api/sessions/unknown', { path: 'x' })).status, 404);
  });

  test('a session whose kernel was shut down through /api/kernels disappears', async () => {
    const sess = (await open('orphan.ipynb')).json();
    await s.api('DELETE', `/api/kernels/${sess.kernel.id}`);
    assert.equal((await s.api('GET', `/api/sessions/${sess.id}`)).status, 404);
    assert.ok(!(await s.api('GET', '/api/sessions')).json().some((x: { id: string }) => x.id === sess.id));
  });

  test('invalid bodies name the field', async () => {
    const noPath = await s.api('POST', '/api/sessions', { type: 'notebook' });
    assert.equal(noPath.status, 400);
    assert.match(noPath.json().message, /missing field "path"/);
    const badKernel = await s.api('POST', '/api/sessions', { path: 'x.ipynb', type: 'notebook', kernel: { name: 7 } });
    assert.equal(badKernel.status, 400);
    assert.match(badKernel.json().message, /kernel\.name must be string/);
    const badPatch = await s.api('PATCH', '/api/sessions/whatever', { path: ['a'] });
    assert.equal(badPatch.status, 400);
    assert.match(badPatch.json().message, /path must be string/);
  });
});

describe('Sessions (domain object, no HTTP)', () => {
  test('create reports whether it created; delete of an unknown session throws not-found', async () => {
    const kernels = new FakeKernels();
    const sessions = new Sessions(kernels);
    const one = await sessions.create({ path: 'a.ipynb', type: 'notebook' });
    assert.equal(one.created, true);
    assert.equal((await sessions.create({ path: 'a.ipynb', type: 'notebook' })).created, false);
    await assert.rejects(sessions.delete('missing'), { name: 'ApiError', kind: 'not-found' });
  });
});
