// /lab/api/settings: schemas from the build's schemas.json, the user's text kept
// verbatim (JSON5 with comments) in <config>/settings/<package>/<plugin>.jupyterlab-settings,
// written atomically, surviving a restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfigDir } from '../../../../server/src/jupyter/lab/paths.js';
import { startServer, type TestServer } from '../helpers.js';
import { fakeBuild, SCHEMAS } from './fixture.js';

const THEMES = '@jupyterlab/apputils-extension:themes';
const RAW = '{\n  // Dark, for the evening\n  "theme": "JupyterLab Dark",\n  trailing: [1, 2,],\n}\n';

describe('/lab/api/settings', () => {
  let s: TestServer;
  let build: string;
  let config: string;
  before(async () => {
    build = await fakeBuild();
    config = await mkdtemp(join(tmpdir(), 'bootbook-config-'));
    s = await startServer({ staticDir: build, configDir: config });
  });
  after(async () => {
    await s.close();
    await rm(build, { recursive: true, force: true });
    await rm(config, { recursive: true, force: true });
  });

  test('?ids_only=true lists the plugin ids of schemas.json', async () => {
    const r = await s.api('GET', '/lab/api/settings?ids_only=true');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { settings: Object.keys(SCHEMAS.plugins).sort().map((id) => ({ id })) });
  });

  test('the list has each plugin with schema and version, raw "{}" when never saved', async () => {
    const list = (await s.api('GET', '/lab/api/settings')).json().settings;
    assert.equal(list.length, 3);
    const themes = list.find((x: { id: string }) => x.id === THEMES);
    assert.deepEqual(themes, {
      id: THEMES,
      schema: SCHEMAS.plugins[THEMES].schema,
      version: '4.6.4',
      raw: '{}',
      settings: {},
      last_modified: null,
      created: null,
    });
  });

  test('PUT stores the JSON5 text verbatim (204), GET gives it back, the file is where JupyterLab keeps it', async () => {
    const put = await s.api('PUT', `/lab/api/settings/${THEMES}`, { raw: RAW });
    assert.equal(put.status, 204);
    assert.equal(put.text, '');
    const got = (await s.api('GET', `/lab/api/settings/${THEMES}`)).json();
    assert.equal(got.raw, RAW);
    assert.equal(got.version, '4.6.4');
    assert.ok(Date.parse(got.last_modified) > 0 && Date.parse(got.created) > 0);
    const file = join(config, 'settings', '@jupyterlab', 'apputils-extension', 'themes.jupyterlab-settings');
    assert.equal(await readFile(file, 'utf8'), RAW);
    assert.deepEqual(await readdir(join(config, 'settings', '@jupyterlab', 'apputils-extension')), ['themes.jupyterlab-settings'], 'no temporary file left');
    // Percent-encoded ids (as some clients send them) name the same plugin.
    assert.equal((await s.api('GET', `/lab/api/settings/${encodeURIComponent(THEMES)}`)).json().raw, RAW);
    // An unscoped package.
    assert.equal((await s.api('PUT', '/lab/api/settings/plain-extension:plugin', { raw: '{}' })).status, 204);
    assert.equal(await readFile(join(config, 'settings', 'plain-extension', 'plugin.jupyterlab-settings'), 'utf8'), '{}');
  });

  test('unknown plugins are 404s and write nothing; bad bodies are 400s', async () => {
    assert.equal((await s.api('GET', '/lab/api/settings/@jupyterlab/nope:x')).status, 404);
    assert.equal((await s.api('PUT', '/lab/api/settings/@jupyterlab/nope:x', { raw: '{}' })).status, 404);
    assert.equal((await s.api('PUT', '/lab/api/settings/..%2F..%2Fescape:x', { raw: '{}' })).status, 404);
    assert.equal((await s.api('PUT', `/lab/api/settings/${THEMES}`, { settings: {} })).status, 400);
    assert.equal((await s.api('PUT', `/lab/api/settings/${THEMES}`, { raw: 7 })).status, 400);
    assert.equal((await s.api('PUT', `/lab/api/settings/${THEMES}`, 'not json')).status, 400);
    assert.equal((await s.api('PUT', `/lab/api/settings/${THEMES}`, { raw: 'x'.repeat(1024 * 1024 + 1) })).status, 400);
    assert.equal((await s.api('GET', `/lab/api/settings/${THEMES}`)).json().raw, RAW, 'the saved text is unchanged');
    assert.deepEqual((await readdir(config)).sort(), ['settings']);
  });

  test('saved settings survive a restart (a new server on the same folder)', async () => {
    const again = await startServer({ staticDir: build, configDir: config });
    try {
      assert.equal((await again.api('GET', `/lab/api/settings/${THEMES}`)).json().raw, RAW);
    } finally {
      await again.close();
    }
  });

  test('a cookie-authenticated PUT needs the _xsrf header (the browser path)', async () => {
    const page = await s.raw('GET', `/lab?token=${s.token}`);
    const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
    const xsrf = cookies.find((c) => c.startsWith('_xsrf='))!.slice('_xsrf='.length);
    const body = JSON.stringify({ raw: '{}' });
    const headers = { cookie: cookies.join('; '), 'content-type': 'application/json', origin: s.origin };
    assert.equal((await s.raw('PUT', '/lab/api/settings/plain-extension:plugin', { headers, body })).status, 403);
    assert.equal((await s.raw('PUT', '/lab/api/settings/plain-extension:plugin', { headers: { ...headers, 'x-xsrftoken': xsrf }, body })).status, 204);
  });
});

test('the settings folder: $BOOTBOOK_CONFIG, else $XDG_CONFIG_HOME/bootbook, else ~/.config/bootbook', () => {
  assert.equal(defaultConfigDir({ BOOTBOOK_CONFIG: '/x/cfg', XDG_CONFIG_HOME: '/y' }), '/x/cfg');
  assert.equal(defaultConfigDir({ XDG_CONFIG_HOME: '/y' }), '/y/bootbook');
  assert.equal(defaultConfigDir({ XDG_CONFIG_HOME: 'relative' }), join(homedir(), '.config', 'bootbook'));
  assert.equal(defaultConfigDir({}), join(homedir(), '.config', 'bootbook'));
});
