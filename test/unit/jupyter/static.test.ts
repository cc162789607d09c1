// The front end's files under /lab and /static/, the redirect from /, and the
// placeholder page while the front end is not built.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from './helpers.js';

describe('without a built front end', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ staticDir: join(tmpdir(), 'bootbook-no-such-build') });
  });
  after(() => s.close());

  test('/lab is a placeholder page that says how to build the front end', async () => {
    const r = await s.api('GET', '/lab');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /text\/html/);
    assert.match(r.text, /front end is not built yet/);
    assert.match(r.text, /app\//);
    assert.equal((await s.api('GET', '/lab/tree/x.ipynb')).status, 200);
    assert.equal((await s.api('GET', '/static/main.js')).status, 404);
  });

  test('/ redirects to /lab', async () => {
    const r = await s.api('GET', '/');
    assert.equal(r.status, 302);
    assert.equal(r.headers.location, '/lab');
  });
});

describe('with a built front end', () => {
  let s: TestServer;
  let build: string;
  before(async () => {
    build = await mkdtemp(join(tmpdir(), 'bootbook-build-'));
    await writeFile(join(build, 'index.html'), '<!doctype html><title>lab</title><script id="jupyter-config-data" type="application/json">{{PAGE_CONFIG}}</script>');
    await mkdir(join(build, 'chunks'));
    await writeFile(join(build, 'chunks', 'main.abc123.js'), 'console.log(1)');
    await writeFile(join(build, 'style.css'), 'body{}');
    await writeFile(join(build, '.env'), 'SECRET=1');
    s = await startServer({ staticDir: build });
  });
  after(async () => {
    await s.close();
    await rm(build, { recursive: true, force: true });
  });

  test('pages of the app get index.html (filled in); files get their content type', async () => {
    for (const path of ['/lab', '/lab/', '/lab/tree/notebooks/a.ipynb', '/lab/workspaces/w1']) {
      const r = await s.api('GET', path);
      assert.equal(r.status, 200, path);
      assert.match(r.text, /^<!doctype html><title>lab<\/title><script id="jupyter-config-data" type="application\/json">\{"appName":"bootbook"/, path);
    }
    // The template itself is never served unfilled.
    for (const path of ['/static/index.html', '/lab/index.html']) assert.equal((await s.api('GET', path)).status, 404, path);
    const js = await s.api('GET', '/static/chunks/main.abc123.js');
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=UTF-8');
    assert.equal((await s.api('GET', '/lab/style.css')).headers['content-type'], 'text/css; charset=UTF-8');
  });

  test('missing files, dotfiles, folders and /lab/api are 404s', async () => {
    for (const path of ['/static/nope.js', '/static/.env', '/lab/.env', '/static/chunks', '/lab/missing.js', '/lab/api/nope']) {
      const r = await s.api('GET', path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.text, /SECRET/);
    }
  });

  test('an unchanged file is a 304 on revalidation', async () => {
    const first = await s.api('GET', '/static/style.css');
    const etag = String(first.headers.etag);
    const again = await s.api('GET', '/static/style.css', undefined, { 'if-none-match': etag });
    assert.equal(again.status, 304);
  });
});
