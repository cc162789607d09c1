// The app as a whole: JSON 404/405, the error handler (coded errors vs 500s that
// leak nothing), body validation, the small shell endpoints, base URL, close().
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

describe('errors', () => {
  test('an unknown route is a JSON 404 in Jupyter\'s error shape', async () => {
    const r = await s.api('GET', '/api/nothing/here');
    assert.equal(r.status, 404);
    assert.match(String(r.headers['content-type']), /application\/json/);
    assert.deepEqual(Object.keys(r.json()).sort(), ['message', 'reason']);
    assert.equal(r.json().reason, null);
    assert.match(r.json().message, /\/api\/nothing\/here/);
  });

  test('a known route with the wrong method is a 405 that lists the allowed ones', async () => {
    const r = await s.api('PUT', '/api/kernels');
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'GET, POST');
  });

  test('a handler that throws gives a generic 500; the details go to the log only', async () => {
    s.kernels.failNext = new Error('database password is hunter2');
    const r = await s.api('GET', '/api/kernels?token=not-logged');
    assert.equal(r.status, 500);
    assert.doesNotMatch(r.text, /hunter2/);
    assert.match(r.json().message, /Internal server error/);
    const line = s.logs.find((l) => l.includes('hunter2'));
    assert.ok(line, 'logged');
    assert.match(line, /500 on GET \/api\/kernels/);
    assert.doesNotMatch(line, /not-logged/, 'the query (which may hold the token) is not logged');
  });

  test('invalid JSON and invalid bodies are 400s that name the problem', async () => {
    const json = await s.api('POST', '/api/sessions', '{"path": ');
    assert.equal(json.status, 400);
    assert.match(json.json().message, /Invalid JSON/);
    const cases: [string, string, unknown, RegExp][] = [
      ['PUT', '/api/contents/a.ipynb', { type: 'notebook', content: { cells: [], metadata: {}, nbformat: 3, nbformat_minor: 0 } }, /content\.nbformat must be 4/],
      ['PUT', '/api/contents/a.ipynb', { type: 'notebook', content: { metadata: {}, nbformat: 4, nbformat_minor: 5 } }, /missing field "content\.cells"/],
      ['PUT', '/api/contents/a.ipynb', { type: 'notebook', content: { ...nb(), cells: [{ cell_type: 'code', source: 'x', metadata: {} }] } }, /missing field "content\.cells\[0\]\.outputs"/],
      ['PUT', '/api/contents/a.ipynb', { type: 'notebook', content: { ...nb(), cells: [{ cell_type: 'python', source: 'x', metadata: {} }] } }, /content\.cells\[0\]\.cell_type must be one of/],
      ['PUT', '/api/contents/a.c', { type: 'file', content: 'x' }, /missing field "format"/],
      ['PUT', '/api/contents/a.c', { type: 'file', format: 'text', content: 12 }, /content must be string/],
      ['PUT', '/api/contents/a.c', { type: 'symlink' }, /type must be one of/],
      ['PUT', '/api/contents/a.c', undefined, /JSON body is required/],
      ['POST', '/api/contents', { type: 'file', ext: '/../x' }, /ext must match/],
      ['PATCH', '/api/contents/a.c', {}, /missing field "path"/],
      ['POST', '/api/kernels', { name: '' }, /name must NOT have fewer than 1 characters/],
      ['PUT', '/lab/api/workspaces/w', { data: {} }, /missing field "metadata"/],
      ['PATCH', '/api/config/notebook', [1, 2], /body must be object/],
    ];
    for (const [method, path, body, message] of cases) {
      const r = await s.api(method, path, body);
      assert.equal(r.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      assert.match(r.json().message, message);
    }
  });

  test('an oversized body is refused before it is read', async () => {
    const r = await s.raw('PUT', '/api/contents/huge.c', { headers: { authorization: `token ${s.token}`, 'content-length': String(200 * 1024 * 1024) } });
    assert.equal(r.status, 413);
  });
});

function nb() {
  return { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

describe('shell endpoints', () => {
  test('/api, /api/me, /api/status', async () => {
    assert.match((await s.api('GET', '/api')).json().version, /^2\./);
    const me = (await s.api('GET', `/api/me?permissions=${encodeURIComponent('{"contents":["read","write"]}')}`)).json();
    assert.equal(typeof me.identity.username, 'string');
    assert.deepEqual(me.permissions, { contents: ['read', 'write'] });
    assert.equal((await s.api('GET', '/api/me?permissions=[1]')).status, 400);
    await s.api('POST', '/api/kernels');
    const st = (await s.api('GET', '/api/status')).json();
    assert.equal(st.kernels, 1);
    assert.equal(st.connections, 0);
    assert.ok(Date.parse(st.last_activity) >= Date.parse(st.started));
  });

  test('/api/config sections merge, delete with null, and cannot pollute prototypes', async () => {
    assert.deepEqual((await s.api('GET', '/api/config/notebook')).json(), {});
    await s.api('PATCH', '/api/config/notebook', { a: { b: 1, c: 2 }, d: 'x' });
    const merged = (await s.api('PATCH', '/api/config/notebook', { a: { c: null, e: 3 } })).json();
    assert.deepEqual(merged, { a: { b: 1, e: 3 }, d: 'x' });
    assert.deepEqual((await s.api('GET', '/api/config/notebook')).json(), merged);
    await s.api('PATCH', '/api/config/evil', JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual((await s.api('PUT', '/api/config/notebook', { z: 1 })).json(), { z: 1 });
  });

  test('/lab/api/workspaces: save, load, list, delete', async () => {
    assert.deepEqual((await s.api('GET', '/lab/api/workspaces/lab')).json(), { data: {}, metadata: { id: 'lab' } });
    const ws = { data: { 'layout-restorer:data': { main: null } }, metadata: { id: 'lab' } };
    assert.equal((await s.api('PUT', '/lab/api/workspaces/lab', ws)).status, 204);
    const back = (await s.api('GET', '/lab/api/workspaces/lab')).json();
    assert.deepEqual(back.data, ws.data);
    assert.ok(back.metadata.last_modified);
    const list = (await s.api('GET', '/lab/api/workspaces')).json();
    assert.deepEqual(list.workspaces.ids, ['lab']);
    assert.equal((await s.api('PUT', '/lab/api/workspaces/other', ws)).status, 400, 'metadata.id must match');
    assert.equal((await s.api('DELETE', '/lab/api/workspaces/lab')).status, 204);
    assert.equal((await s.api('DELETE', '/lab/api/workspaces/lab')).status, 404);
  });

  test('without a built front end: no settings, English only, unknown themes are JSON 404s', async () => {
    assert.deepEqual((await s.api('GET', '/lab/api/settings')).json(), { settings: [] });
    assert.deepEqual((await s.api('GET', '/lab/api/translations/default')).json(), { data: {}, message: '' });
    const r = await s.api('GET', '/lab/api/themes/x/index.css');
    assert.equal(r.status, 404);
    assert.equal(r.json().reason, null);
  });
});

describe('base URL and shutdown', () => {
  test('every route lives under baseUrl', async () => {
    const b = await startServer({ baseUrl: '/user/ada' });
    try {
      assert.equal((await b.api('GET', '/user/ada/api/kernels')).status, 200);
      assert.equal((await b.api('GET', '/api/kernels')).status, 404);
      const k = await b.api('POST', '/user/ada/api/kernels');
      assert.equal(k.headers.location, `/user/ada/api/kernels/${k.json().id}`);
      const page = await b.api('GET', '/user/ada/');
      assert.equal(page.status, 302);
      assert.equal(page.headers.location, '/user/ada/lab');
      assert.equal(b.app.isEventsSocket('/user/ada/api/events/subscribe'), true);
      assert.equal(b.app.isEventsSocket('/api/events/subscribe'), false);
    } finally {
      await b.close();
    }
  });

  test('close() waits for requests in flight, then new requests get 503', async () => {
    const c = await startServer();
    let release!: () => void;
    c.kernels.restart = () => new Promise<void>((ok) => (release = ok));
    const k = (await c.api('POST', '/api/kernels')).json();
    const slow = c.api('POST', `/api/kernels/${k.id}/restart`);
    while (!release) await new Promise((ok) => setTimeout(ok, 5));
    let closed = false;
    const closing = c.app.close().then(() => (closed = true));
    await new Promise((ok) => setTimeout(ok, 20));
    assert.equal(closed, false, 'still waiting for the restart');
    assert.equal((await c.api('GET', '/api/kernels')).status, 503);
    release();
    assert.equal((await slow).status, 200);
    await closing;
    await c.close();
  });
});
