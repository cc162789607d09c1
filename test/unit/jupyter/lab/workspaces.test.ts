// /lab/api/workspaces persisted on disk beside the settings: one
// <id>.jupyterlab-workspace file each, ids encoded so no id names a path.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from '../helpers.js';

const layout = (id: string) => ({ data: { 'layout-restorer:data': { main: { dock: null } }, 'file-browser:cwd': { path: 'sub' } }, metadata: { id } });

describe('/lab/api/workspaces on disk', () => {
  let s: TestServer;
  let config: string;
  before(async () => {
    config = await mkdtemp(join(tmpdir(), 'bootbook-config-'));
    s = await startServer({ configDir: config });
  });
  after(async () => {
    await s.close();
    await rm(config, { recursive: true, force: true });
  });

  test('a saved workspace is a file, read back after a restart, listed, deleted', async () => {
    assert.deepEqual((await s.api('GET', '/lab/api/workspaces')).json(), { workspaces: { ids: [], values: [] } });
    assert.equal((await s.api('PUT', '/lab/api/workspaces/default', layout('default'))).status, 204);
    const file = join(config, 'workspaces', 'default.jupyterlab-workspace');
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(onDisk.data, layout('default').data, 'nulls are kept as layout data');
    assert.ok(onDisk.metadata.created && onDisk.metadata.last_modified);

    const again = await startServer({ configDir: config });
    try {
      const back = (await again.api('GET', '/lab/api/workspaces/default')).json();
      assert.deepEqual(back.data, layout('default').data);
      assert.equal(back.metadata.created, onDisk.metadata.created);
      assert.deepEqual((await again.api('GET', '/lab/api/workspaces')).json().workspaces.ids, ['default']);
    } finally {
      await again.close();
    }
    assert.equal((await s.api('DELETE', '/lab/api/workspaces/default')).status, 204);
    assert.equal((await s.api('DELETE', '/lab/api/workspaces/default')).status, 404);
    assert.deepEqual((await s.api('GET', '/lab/api/workspaces/default')).json(), { data: {}, metadata: { id: 'default' } });
  });

  test('ids with slashes and dots stay file names inside the folder', async () => {
    for (const id of ['a/b', '..', '../../escape', 'auto-x']) {
      const path = `/lab/api/workspaces/${encodeURIComponent(id).replace(/\./g, '%2E')}`;
      assert.equal((await s.raw('PUT', path, { headers: { authorization: `token ${s.token}`, 'content-type': 'application/json' }, body: JSON.stringify(layout(id)) })).status, 204, id);
      assert.equal((await s.raw('GET', path, { headers: { authorization: `token ${s.token}` } })).json().metadata.id, id);
    }
    const names = (await readdir(join(config, 'workspaces'))).sort();
    assert.deepEqual(names, ['%2E.%2F..%2Fescape.jupyterlab-workspace', '%2E..jupyterlab-workspace', 'a%2Fb.jupyterlab-workspace', 'auto-x.jupyterlab-workspace']);
    assert.deepEqual((await readdir(config)).sort(), ['workspaces'], 'nothing written beside');
    assert.deepEqual((await s.api('GET', '/lab/api/workspaces')).json().workspaces.ids.sort(), ['..', '../../escape', 'a/b', 'auto-x']);
  });

  test('metadata.id must match, and the body must be a workspace', async () => {
    assert.equal((await s.api('PUT', '/lab/api/workspaces/one', layout('two'))).status, 400);
    assert.equal((await s.api('PUT', '/lab/api/workspaces/one', { data: {} })).status, 400);
    assert.equal((await s.api('PUT', `/lab/api/workspaces/${'x'.repeat(300)}`, layout('x'.repeat(300)))).status, 400);
  });
});
