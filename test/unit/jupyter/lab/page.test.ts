// The application's pages: index.html with {{PAGE_CONFIG}} replaced once by the
// page config JSON, for /lab, /lab/tree/<path> and /lab/workspaces/<name>; the
// token handed over only to a page that presented it; nothing in a value can
// end the script element.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../../server/src/engine/paths.js';
import { DISABLED_EXTENSIONS, PLACEHOLDER, renderPage, scriptSafeJson } from '../../../../server/src/jupyter/lab/page.js';
import { startServer, type TestServer } from '../helpers.js';
import { configOf, fakeBuild } from './fixture.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('the application page', () => {
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

  test('/lab carries the full page config', async () => {
    const r = await s.api('GET', '/lab');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    const c = configOf(r.text);
    assert.deepEqual(
      { ...c, serverRoot: undefined },
      {
        appName: 'bootbook',
        appVersion: version,
        baseUrl: '/',
        wsUrl: '',
        token: s.token,
        appUrl: '/lab',
        treeUrl: '/lab/tree',
        fullStaticUrl: '/static',
        staticUrl: '/static',
        settingsUrl: '/lab/api/settings',
        themesUrl: '/lab/api/themes',
        translationsApiUrl: '/lab/api/translations',
        workspacesApiUrl: '/lab/api/workspaces',
        fullAppUrl: '/lab',
        fullSettingsUrl: '/lab/api/settings',
        fullThemesUrl: '/lab/api/themes',
        fullTranslationsApiUrl: '/lab/api/translations',
        fullWorkspacesApiUrl: '/lab/api/workspaces',
        labextensionsUrl: '/lab/extensions',
        fullLabextensionsUrl: '/lab/extensions',
        federated_extensions: [],
        terminalsAvailable: false,
        mode: 'multiple-document',
        notebookStartsKernel: true,
        treePath: '',
        workspace: 'default',
        licensesUrl: '',
        disabledExtensions: DISABLED_EXTENSIONS,
        deferredExtensions: [],
        serverRoot: undefined,
      },
    );
    assert.equal(c.serverRoot, s.root);
    assert.ok(DISABLED_EXTENSIONS.includes('@jupyterlab/apputils-extension:announcements'), 'no news pop-up');
    assert.equal(count(r.text, 'jupyter-config-data'), 1);
    assert.equal(count(r.text, PLACEHOLDER), 0, 'the placeholder is replaced');
    assert.ok(r.text.endsWith('<script src="/static/main.js"></script></body></html>'), 'the rest of the template is intact');
  });

  test('/lab/tree/<path> gives the decoded treePath', async () => {
    assert.equal(configOf((await s.api('GET', '/lab/tree/notebooks/getting-started.ipynb')).text).treePath, 'notebooks/getting-started.ipynb');
    assert.equal(configOf((await s.api('GET', '/lab/tree/a%20b/%C3%A9t%C3%A9.ipynb')).text).treePath, 'a b/été.ipynb');
    assert.equal(configOf((await s.api('GET', '/lab/tree/')).text).treePath, '');
    assert.equal((await s.api('GET', '/lab/tree/%E0%A4%A')).status, 400, 'malformed encoding');
  });

  test('/lab/workspaces/<name>[/tree/<path>] gives the workspace', async () => {
    let c = configOf((await s.api('GET', '/lab/workspaces/w1')).text);
    assert.equal(c.workspace, 'w1');
    assert.equal(c.treePath, '');
    c = configOf((await s.api('GET', '/lab/workspaces/auto-x/tree/sub/a.ipynb?reset=1')).text);
    assert.equal(c.workspace, 'auto-x');
    assert.equal(c.treePath, 'sub/a.ipynb');
    assert.equal((await s.api('GET', '/lab/workspaces/w1/elsewhere')).status, 404);
  });

  test('</script>, comments, $-patterns and the placeholder itself in a value stay inside the JSON', async () => {
    const nasty = '</script><script>alert(1)</script><!-- $& $1 $` {{PAGE_CONFIG}} \u2028';
    const r = await s.api('GET', `/lab/tree/${encodeURIComponent(nasty)}`);
    assert.equal(r.status, 200);
    assert.equal(count(r.text, '</script>'), 2, 'only the template\'s own two script ends');
    assert.equal(count(r.text, '<script'), 2);
    assert.ok(!r.text.includes('<!--'));
    assert.equal(count(r.text, PLACEHOLDER), 1, 'the one in the value, left as text: the substitution happened once, by position');
    assert.equal(configOf(r.text).treePath, nasty, 'the value arrives intact');
  });

  test('renderPage replaces exactly one placeholder and refuses a template without one', () => {
    const out = renderPage(`a${PLACEHOLDER}b${PLACEHOLDER}c`, { x: '$&' });
    assert.equal(out, `a{"x":"$\\u0026"}b${PLACEHOLDER}c`);
    assert.throws(() => renderPage('<html></html>', {}), /no \{\{PAGE_CONFIG\}\} placeholder/);
    assert.equal(scriptSafeJson({ v: '<>&' }), '{"v":"\\u003c\\u003e\\u0026"}');
  });

  test('a page opened with ?token= gets the token and the login cookie; with the cookie alone it gets no token', async () => {
    const first = await s.raw('GET', `/lab?token=${s.token}`, { headers: { accept: 'text/html' } });
    assert.equal(first.status, 200);
    assert.equal(configOf(first.text).token, s.token);
    const cookies = ([] as string[]).concat(first.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
    assert.ok(cookies.some((c) => c.startsWith('bootbook-login-')), 'login cookie set');
    const again = await s.raw('GET', '/lab/tree/x.ipynb', { headers: { accept: 'text/html', cookie: cookies.join('; ') } });
    assert.equal(again.status, 200);
    assert.equal(configOf(again.text).token, '', 'the cookie-authenticated page goes on with the cookie');
    assert.equal(configOf(again.text).treePath, 'x.ipynb');
  });

  test('without a token or cookie the page is refused, and a wrong token too', async () => {
    assert.equal((await s.raw('GET', '/lab', { headers: { accept: 'text/html' } })).status, 403);
    const wrong = await s.raw('GET', '/lab?token=nope', { headers: { accept: 'text/html' } });
    assert.equal(wrong.status, 403);
    assert.ok(!wrong.text.includes(s.token));
  });
});

describe('page config under a base URL, and broken or missing builds', () => {
  test('every URL in the page config is under the base URL', async () => {
    const build = await fakeBuild();
    const s = await startServer({ staticDir: build, baseUrl: '/user/ada/' });
    try {
      const c = configOf((await s.api('GET', '/user/ada/lab/tree/a.ipynb')).text);
      assert.equal(c.baseUrl, '/user/ada/');
      assert.equal(c.fullStaticUrl, '/user/ada/static');
      assert.equal(c.fullSettingsUrl, '/user/ada/lab/api/settings');
      assert.equal(c.treePath, 'a.ipynb');
      assert.equal((await s.api('GET', '/user/ada/static/main.js')).status, 200);
    } finally {
      await s.close();
      await rm(build, { recursive: true, force: true });
    }
  });

  test('a template without the placeholder is a 500 that names the fix in the log', async () => {
    const build = await fakeBuild('<!doctype html><p>old build</p>');
    const s = await startServer({ staticDir: build });
    try {
      const r = await s.api('GET', '/lab');
      assert.equal(r.status, 500);
      assert.match(s.logs.join('\n'), /no \{\{PAGE_CONFIG\}\} placeholder: rebuild/);
    } finally {
      await s.close();
      await rm(build, { recursive: true, force: true });
    }
  });

  test('no build: the placeholder page', async () => {
    const s = await startServer({ staticDir: join(tmpdir(), 'bootbook-no-build') });
    try {
      const r = await s.api('GET', '/lab/tree/a.ipynb');
      assert.equal(r.status, 200);
      assert.match(r.text, /front end is not built yet/);
    } finally {
      await s.close();
    }
  });

  const realBuild = join(repoRoot, 'app', 'build');
  test('the real build: its template has the placeholder once, and it is filled in', { skip: existsSync(join(realBuild, 'index.html')) ? false : 'app/build is not built' }, async () => {
    const template = readFileSync(join(realBuild, 'index.html'), 'utf8');
    assert.equal(count(template, PLACEHOLDER), 1);
    const s = await startServer({ staticDir: realBuild });
    try {
      const r = await s.api('GET', '/lab');
      assert.equal(count(r.text, PLACEHOLDER), 0);
      assert.equal(configOf(r.text).appName, 'bootbook');
      const ids = (await s.api('GET', '/lab/api/settings?ids_only=true')).json().settings.map((x: { id: string }) => x.id);
      assert.ok(ids.includes('@jupyterlab/apputils-extension:themes'));
      const css = await s.api('GET', '/lab/api/themes/@jupyterlab/theme-dark-extension/index.css');
      assert.equal(css.status, 200);
    } finally {
      await s.close();
    }
  });
});
