// Themes (/lab/api/themes/<package>/<file> from build/themes/), translations
// (English only) and the static files of the build.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { startServer, type TestServer } from '../helpers.js';
import { fakeBuild } from './fixture.js';

describe('themes, translations, static files', () => {
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

  test('a theme stylesheet and the file it imports are text/css', async () => {
    for (const file of ['index.css', 'variables.css']) {
      const r = await s.api('GET', `/lab/api/themes/@jupyterlab/theme-light-extension/${file}`);
      assert.equal(r.status, 200, file);
      assert.equal(r.headers['content-type'], 'text/css; charset=UTF-8');
    }
    assert.match((await s.api('GET', '/lab/api/themes/%40jupyterlab/theme-light-extension/index.css')).text, /variables\.css/);
  });

  test('missing themes and traversal out of themes/ are refused', async () => {
    assert.equal((await s.api('GET', '/lab/api/themes/@jupyterlab/theme-dark-extension/index.css')).status, 404);
    assert.equal((await s.api('GET', '/lab/api/themes/')).status, 404);
    for (const path of ['/lab/api/themes/..%2Fschemas.json', '/lab/api/themes/%2e%2e/index.html', '/lab/api/themes/../schemas.json']) {
      const r = await s.raw('GET', path, { headers: { authorization: `token ${s.token}` } });
      assert.ok(r.status === 404 || r.status === 403, `${path}: ${r.status}`);
      assert.doesNotMatch(r.text, /generatedBy|PAGE_CONFIG/);
    }
  });

  test('translations: English is the one language, its catalog is empty', async () => {
    assert.deepEqual((await s.api('GET', '/lab/api/translations')).json(), { data: { en: { displayName: 'English', nativeName: 'English' } }, message: '' });
    for (const locale of ['default', 'en']) assert.deepEqual((await s.api('GET', `/lab/api/translations/${locale}`)).json(), { data: {}, message: '' });
    const fr = (await s.api('GET', '/lab/api/translations/fr_FR')).json();
    assert.deepEqual(fr.data, {});
    assert.match(fr.message, /not installed/);
  });

  test('/static/<file> serves the build, never the unfilled template or schemas outside it', async () => {
    const js = await s.api('GET', '/static/main.js');
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=UTF-8');
    assert.equal((await s.api('GET', '/static/index.html')).status, 404);
  });
});
