// Kernels and kernelspecs over REST, against the fake kernel manager.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type TestServer } from './helpers.js';

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(() => s.close());

describe('/api/kernels', () => {
  test('start (named and default), list, get, interrupt, restart, delete', async () => {
    assert.deepEqual((await s.api('GET', '/api/kernels')).json(), []);
    const started = await s.api('POST', '/api/kernels', { name: 'fake-riscv64' });
    assert.equal(started.status, 201);
    const k = started.json();
    assert.equal(k.name, 'fake-riscv64');
    assert.equal(started.headers.location, `/api/kernels/${k.id}`);
    for (const field of ['id', 'name', 'last_activity', 'execution_state', 'connections']) assert.ok(field in k, field);

    const dflt = await s.api('POST', '/api/kernels');
    assert.equal(dflt.status, 201);
    assert.equal(dflt.json().name, 'fake-x86_64', 'no body: the default kernelspec');
    assert.equal((await s.api('POST', '/api/kernels', { name: 'fake-x86_64', env: { HOME: '/x' }, path: 'a.ipynb' })).status, 201, 'gateway clients send env');

    assert.equal((await s.api('GET', '/api/kernels')).json().length, 3);
    assert.deepEqual((await s.api('GET', `/api/kernels/${k.id}`)).json(), k);

    assert.equal((await s.api('POST', `/api/kernels/${k.id}/interrupt`)).status, 204);
    assert.equal((await s.api('POST', `/api/kernels/${k.id}/interrupt`, {})).status, 204, 'gateway clients send {}');
    const restarted = await s.api('POST', `/api/kernels/${k.id}/restart`);
    assert.equal(restarted.status, 200);
    assert.equal(restarted.json().id, k.id);
    assert.deepEqual(
      s.kernels.calls.filter((c) => c.includes(k.id)),
      [`interrupt ${k.id}`, `interrupt ${k.id}`, `restart ${k.id}`],
    );

    assert.equal((await s.api('DELETE', `/api/kernels/${k.id}`)).status, 204);
    assert.equal((await s.api('GET', `/api/kernels/${k.id}`)).status, 404);
  });

  test('an unknown kernel id is a 404 for every operation', async () => {
    const id = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    for (const [method, path] of [
      ['GET', `/api/kernels/${id}`],
      ['DELETE', `/api/kernels/${id}`],
      ['POST', `/api/kernels/${id}/interrupt`],
      ['POST', `/api/kernels/${id}/restart`],
    ] as const) {
      const r = await s.api(method, path);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.match(r.json().message, /Kernel does not exist/);
    }
    assert.ok(!s.kernels.calls.some((c) => c.includes(id)), 'the manager was never asked');
  });

  test('an unknown kernelspec name is a 400 with the manager\'s message; a bad name type names the field', async () => {
    const r = await s.api('POST', '/api/kernels', { name: 'vax-11' });
    assert.equal(r.status, 400);
    assert.match(r.json().message, /no kernel named "vax-11"/);
    const bad = await s.api('POST', '/api/kernels', { name: 42 });
    assert.equal(bad.status, 400);
    assert.match(bad.json().message, /name must be string/);
  });

  test('GET on the channels endpoint without an upgrade says it is a socket', async () => {
    const r = await s.api('GET', '/api/kernels/x/channels');
    assert.equal(r.status, 400);
    assert.match(r.json().message, /WebSocket/);
  });
});

describe('kernelspecs', () => {
  test('list and one by name', async () => {
    const all = (await s.api('GET', '/api/kernelspecs')).json();
    assert.equal(all.default, 'fake-x86_64');
    assert.deepEqual(Object.keys(all.kernelspecs).sort(), ['fake-riscv64', 'fake-x86_64']);
    assert.equal(all.kernelspecs['fake-x86_64'].spec.language, 'c');
    const one = await s.api('GET', '/api/kernelspecs/fake-riscv64');
    assert.equal(one.status, 200);
    assert.equal(one.json().spec.display_name, 'Fake · riscv64');
    assert.equal((await s.api('GET', '/api/kernelspecs/nope')).status, 404);
    assert.equal((await s.api('GET', '/api/kernelspecs/constructor')).status, 404, 'no prototype lookups');
  });

  test('logos from the resource folder are listed and served; anything else is a 404', async () => {
    const dir = join(s.root, '..', 'logos');
    await mkdir(dir);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await writeFile(join(dir, 'logo-64x64.png'), png);
    await writeFile(join(dir, 'notes.txt'), 'not a resource');
    s.kernels.resourceDirs['fake-x86_64'] = dir;
    const spec = (await s.api('GET', '/api/kernelspecs/fake-x86_64')).json();
    assert.deepEqual(spec.resources, { 'logo-64x64': '/kernelspecs/fake-x86_64/logo-64x64.png' });
    const logo = await fetch(`${s.origin}/kernelspecs/fake-x86_64/logo-64x64.png`, { headers: { authorization: `token ${s.token}` } });
    assert.equal(logo.status, 200);
    assert.equal(logo.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await logo.arrayBuffer()), png);
    assert.equal((await s.api('GET', '/kernelspecs/fake-x86_64/logo-32x32.png')).status, 404);
    assert.equal((await s.api('GET', '/kernelspecs/fake-riscv64/logo-64x64.png')).status, 404, 'no resource folder');
    assert.equal((await s.api('GET', '/kernelspecs/unknown/logo-64x64.png')).status, 404);
  });
});
