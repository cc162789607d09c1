// The server's pack-source API (routes/bootbook.ts) behind the real app: what the
// configured index offers, installing one (the new pack's targets work at once),
// its trust state, trusting it, and the errors: a bad body names the field, a hash
// mismatch is refused with that reason.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bootbook, packRepo, sandbox } from './helpers.js';
import { loadPacks } from '../../../server/src/engine/packs/load.js';
import { startServer, type RunningServer } from '../../../server/src/jupyter/server.js';

const TOKEN = 'packs-api-token';
const box = sandbox();
// This process's engine reads the sandbox too (the server runs in-process).
Object.assign(process.env, { BOOTBOOK_PACKS_DIR: box.packsDir, BOOTBOOK_CONFIG: box.configDir, BOOTBOOK_PACK_PATH: '' });
let server: RunningServer;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await fetch(`${server.url}/bootbook/api/${path}`, {
    method,
    headers: { Authorization: `token ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, json: await r.json() };
}

describe('pack sources over the server API', { concurrency: 1 }, () => {
  const repo = packRepo(box, 'apipack');
  const indexFile = join(box.root, 'index.json');

  before(async () => {
    const made = await bootbook(box, 'packs', 'index', 'make', repo.dir, '--source', `file://${repo.dir}`);
    assert.equal(made.code, 0, made.stderr);
    const index = JSON.parse(made.stdout);
    index.packs.push({ ...index.packs[0], name: 'badhash', hash: '0'.repeat(64) });
    writeFileSync(indexFile, JSON.stringify(index));
    mkdirSync(box.configDir, { recursive: true });
    writeFileSync(join(box.configDir, 'indexes.json'), JSON.stringify({ indexes: [indexFile] }));
    server = await startServer({ root: mkdtempSync(join(tmpdir(), 'bootbook-nb-')), token: TOKEN, packs: loadPacks().packs, log: () => {} });
  });
  after(() => server.close());

  test('GET pack-index lists what the indexes offer, not installed yet', async () => {
    const r = await api('GET', 'pack-index');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.packs.map((p: { name: string; installed: string }) => [p.name, p.installed]), [['apipack', 'no'], ['badhash', 'no']]);
    assert.deepEqual(r.json.problems, []);
  });

  test('POST pack-sources installs from the index; the pack and its kernelspecs appear without a restart', async () => {
    const r = await api('POST', 'pack-sources', { source: 'apipack' });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.equal(r.json.pack.name, 'apipack');
    assert.equal(r.json.pack.commit, repo.v1);
    assert.equal(r.json.loaded, true);
    const packs = await api('GET', 'packs');
    assert.ok(packs.json.packs.some((p: { name: string }) => p.name === 'apipack'));
    const specs = await (await fetch(`${server.url}/api/kernelspecs`, { headers: { Authorization: `token ${TOKEN}` } })).json();
    assert.ok('apipack-x86_64' in specs.kernelspecs);
    const idx = await api('GET', 'pack-index');
    assert.equal(idx.json.packs[0].installed, 'yes');
  });

  test('GET pack-sources says where each pack comes from and that the new one is untrusted; POST trust records it', async () => {
    let r = await api('GET', 'pack-sources');
    const mine = r.json.packs.find((p: { name: string }) => p.name === 'apipack');
    assert.equal(mine.origin, 'added');
    assert.equal(mine.trust, 'untrusted');
    assert.equal(mine.installed.source, `file://${repo.dir}`);
    assert.equal(r.json.packs.find((p: { name: string }) => p.name === 'kite').trust, 'not-needed');
    r = await api('POST', 'packs/apipack/trust', {});
    assert.equal(r.status, 200);
    assert.equal(r.json.trust, 'trusted');
    const trust = JSON.parse(readFileSync(join(box.configDir, 'trust.json'), 'utf8'));
    assert.equal(trust.packs.apipack.hash, mine.installed.hash);
  });

  test('bad requests name what is wrong; a hash mismatch is refused with its reason', async () => {
    let r = await api('POST', 'pack-sources', { source: 'apipack', colour: 'red' });
    assert.equal(r.status, 400);
    assert.match(r.json.message, /unknown field "colour"/);
    r = await api('POST', 'pack-sources', {});
    assert.equal(r.status, 400);
    assert.match(r.json.message, /missing field "source"/);
    r = await api('POST', 'pack-sources', { source: 'badhash' });
    assert.equal(r.status, 409);
    assert.equal(r.json.reason, 'invalid-pack');
    assert.match(r.json.message, /refused badhash: its content hash .* does not match the index's/);
    r = await api('POST', 'packs/nosuch/trust', {});
    assert.equal(r.status, 404);
    r = await api('POST', 'pack-sources', { source: 'apipack' });
    assert.equal(r.status, 400);
    assert.match(r.json.message, /already added/);
  });
});
