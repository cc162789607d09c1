// /lab/extensions/<name>/static/<file>: a prebuilt extension's files with their content types
// and caching (hashed names immutable, the rest revalidated), nothing outside static/ or
// outside the extension (encoded traversal, symlinks, dotfiles, package.json), unknown names
// a JSON 404 saying which extensions are served; the page config lists them and
// /lab/api/settings serves their schemas.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheControlOf, IMMUTABLE, REVALIDATE, splitName } from '../../../server/src/jupyter/routes/labextensions.js';
import { startServer, type TestServer } from './helpers.js';
import { CHUNK, CONTAINER, fakeExtension } from './lab/labextension-fixture.js';
import { configOf, fakeBuild } from './lab/fixture.js';

describe('prebuilt extensions served under /lab/extensions', () => {
  let s: TestServer;
  let base: string;
  let build: string;
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'bootbook-labext-route-'));
    build = await fakeBuild();
    const dataDir = join(base, 'labextensions');
    await fakeExtension(join(dataDir, '@scope', 'scoped-ext'), '@scope/scoped-ext');
    await fakeExtension(join(dataDir, 'plain-ext'), 'plain-ext');
    await writeFile(join(dataDir, 'plain-ext', 'static', '.secret.js'), 'hidden');
    await writeFile(join(base, 'outside.js'), 'outside');
    await symlink(join(base, 'outside.js'), join(dataDir, 'plain-ext', 'static', 'link.js'));
    await fakeExtension(join(base, 'single'), 'single-ext');
    s = await startServer({ staticDir: build, labextensions: [dataDir, join(base, 'single')] });
  });
  after(async () => {
    await s.close();
    await rm(base, { recursive: true, force: true });
    await rm(build, { recursive: true, force: true });
  });

  test('a container and a hashed chunk: JavaScript, cached for a year', async () => {
    for (const path of [`/lab/extensions/@scope/scoped-ext/static/${CONTAINER}`, `/lab/extensions/plain-ext/static/${CHUNK}`, `/lab/extensions/single-ext/static/${CONTAINER}`]) {
      const r = await s.api('GET', path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers['content-type'], 'text/javascript; charset=UTF-8', path);
      assert.equal(r.headers['cache-control'], IMMUTABLE, path);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
    }
    assert.equal((await s.api('GET', `/lab/extensions/@scope/scoped-ext/static/${CONTAINER}`)).text, 'var _JUPYTERLAB;');
  });

  test('an unhashed file is revalidated; ?v=<hash> (how JupyterLab asks for chunks) makes it immutable; ETag gives 304', async () => {
    const plain = await s.api('GET', '/lab/extensions/plain-ext/static/style.js');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['cache-control'], REVALIDATE);
    assert.equal((await s.api('GET', '/lab/extensions/plain-ext/static/style.js?v=abc')).headers['cache-control'], IMMUTABLE);
    const again = await s.api('GET', '/lab/extensions/plain-ext/static/style.js', undefined, { 'If-None-Match': String(plain.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
  });

  test('the scope may come percent-encoded (%40)', async () => {
    assert.equal((await s.api('GET', `/lab/extensions/%40scope/scoped-ext/static/${CONTAINER}`)).status, 200);
  });

  test('nothing outside static/ of a listed extension', async () => {
    const refused = [
      '/lab/extensions/plain-ext/package.json',
      '/lab/extensions/plain-ext/schemas/plain-ext/plugin.json',
      '/lab/extensions/plain-ext/static/.secret.js',
      '/lab/extensions/plain-ext/static/link.js',
      '/lab/extensions/plain-ext/static/%2e%2e/package.json',
      '/lab/extensions/plain-ext/static/..%2Fpackage.json',
      '/lab/extensions/plain-ext/static/',
      '/lab/extensions/plain-ext',
      '/lab/extensions/',
    ];
    for (const path of refused) {
      const r = await s.raw('GET', path, { headers: { Authorization: `token ${s.token}` } });
      assert.equal(r.status, 404, `${path}: ${r.status} ${r.text}`);
      assert.match(String(r.headers['content-type']), /application\/json/, path);
      assert.doesNotMatch(r.text, /outside|hidden|"name"/, path);
    }
  });

  test('an unknown extension: a JSON 404 naming the ones served', async () => {
    const r = await s.api('GET', `/lab/extensions/no-such-ext/static/${CONTAINER}`);
    assert.equal(r.status, 404);
    assert.match(r.json<{ message: string }>().message, /prebuilt extensions served here: @scope\/scoped-ext, plain-ext, single-ext/);
  });

  test('the token is required, as for every other file', async () => {
    assert.equal((await s.raw('GET', `/lab/extensions/plain-ext/static/${CHUNK}`)).status, 403);
  });

  test('the page config lists them (federated_extensions) and where they load from', async () => {
    const c = configOf((await s.api('GET', '/lab')).text);
    assert.equal(c.fullLabextensionsUrl, '/lab/extensions');
    assert.deepEqual(c.federated_extensions, [
      { name: '@scope/scoped-ext', load: `static/${CONTAINER}`, extension: './extension', style: './style' },
      { name: 'plain-ext', load: `static/${CONTAINER}`, extension: './extension', style: './style' },
      { name: 'single-ext', load: `static/${CONTAINER}`, extension: './extension', style: './style' },
    ]);
  });

  test('their settings schemas are served with the build\'s, and can be saved', async () => {
    const ids = (await s.api('GET', '/lab/api/settings?ids_only=true')).json<{ settings: { id: string }[] }>().settings.map((x) => x.id);
    assert.ok(ids.includes('plain-ext:plugin') && ids.includes('@scope/scoped-ext:plugin'), ids.join(' '));
    assert.ok(ids.includes('@jupyterlab/notebook-extension:tracker'), 'the build\'s schemas are still there');
    const one = await s.api('GET', '/lab/api/settings/@scope%2Fscoped-ext:plugin');
    assert.equal(one.status, 200);
    assert.equal(one.json<{ version: string }>().version, '1.2.3');
    assert.equal((await s.api('PUT', '/lab/api/settings/plain-ext:plugin', { raw: '{ "a": 1 }' })).status, 204);
  });
});

describe('without prebuilt extensions', () => {
  let s: TestServer;
  let build: string;
  before(async () => {
    build = await fakeBuild();
    s = await startServer({ staticDir: build });
  });
  after(async () => {
    await s.close();
    await rm(build, { recursive: true, force: true });
  });

  test('the page config lists none, and /lab/extensions/ answers 404', async () => {
    assert.deepEqual(configOf((await s.api('GET', '/lab')).text).federated_extensions, []);
    const r = await s.api('GET', `/lab/extensions/plain-ext/static/${CONTAINER}`);
    assert.equal(r.status, 404);
    assert.match(r.json<{ message: string }>().message, /served here: none/);
  });
});

describe('a broken extension folder', () => {
  test('is left out with the reason in the server log; the server starts', async () => {
    const base = await mkdtemp(join(tmpdir(), 'bootbook-labext-broken-'));
    await fakeExtension(join(base, 'not-built'), 'not-built', { jupyterlab: {} });
    const s = await startServer({ labextensions: [base] });
    try {
      assert.ok(s.logs.some((l) => /prebuilt extension left out: .*not-built.*no jupyterlab\._build\.load/.test(l)), s.logs.join('\n'));
    } finally {
      await s.close();
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('URL helpers', () => {
  test('splitName: a scoped name takes two segments', () => {
    assert.deepEqual(splitName('@a/b/static/x.js'), { name: '@a/b', file: 'static/x.js' });
    assert.deepEqual(splitName('%40a/b/static/x.js'), { name: '@a/b', file: 'static/x.js' });
    assert.deepEqual(splitName('plain/static/x.js'), { name: 'plain', file: 'static/x.js' });
    assert.equal(splitName('@a/b'), undefined);
    assert.equal(splitName('plain'), undefined);
    assert.equal(splitName('%E0%A4%A/static/x.js'), undefined);
  });

  test('cacheControlOf: content-hashed names and ?v= are immutable', () => {
    assert.equal(cacheControlOf('/x/remoteEntry.3df78c17c3898497ba3a.js', new URLSearchParams()), IMMUTABLE);
    assert.equal(cacheControlOf('/x/style.js', new URLSearchParams()), REVALIDATE);
    assert.equal(cacheControlOf('/x/third-party-licenses.json', new URLSearchParams()), REVALIDATE);
    assert.equal(cacheControlOf('/x/style.js', new URLSearchParams('v=1')), IMMUTABLE);
  });
});
