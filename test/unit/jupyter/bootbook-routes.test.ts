// bootbook's own API for the front end: packs, their files, and confinement of
// file paths to the pack's folder. The routes run behind the real router and
// error mapping in a minimal node:http server (createApp registers them too).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPacks } from '../../../server/src/engine/packs/load.js';
import type { Pack } from '../../../server/src/engine/packs/types.js';
import { toErrorReply } from '../../../server/src/jupyter/errors.js';
import { sendJson, splitTarget } from '../../../server/src/jupyter/http.js';
import { matchRoute } from '../../../server/src/jupyter/router.js';
import { bootbookRoutes, type PackInfo } from '../../../server/src/jupyter/routes/bootbook.js';

interface Got {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let server: Server;
let port: number;
let base: string;

/** Raw node:http, so `..` and `%2e%2e` reach the server as written. */
function get(path: string): Promise<Got> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        ok({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

before(async () => {
  const { packs } = loadPacks();
  // A fixture pack beside the real ones: a link inside, a link out, a dotfile, a binary file.
  base = await realpath(await mkdtemp(join(tmpdir(), 'bootbook-packs-')));
  const dir = join(base, 'fixture');
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'src', 'main.c'), 'int main(void) { return 0; }\n');
  await writeFile(join(dir, '.secret'), 'hidden\n');
  await writeFile(join(dir, 'blob.bin'), Buffer.from([1, 0, 2]));
  await writeFile(join(base, 'outside.txt'), 'top secret\n');
  await symlink(join(base, 'outside.txt'), join(dir, 'out-link.txt'));
  await symlink(join(dir, 'src', 'main.c'), join(dir, 'in-link.c'));
  const fixture: Pack = {
    dir,
    hash: 'x',
    manifest: {
      name: 'fixture',
      version: '1',
      summary: 's',
      architectures: ['x86_64'],
      interfaces: [],
      options: {},
      tools: {},
      build: {},
      boot: {},
      examples: [{ file: '../outside.txt', title: 'escapes' }],
    },
  };
  const all = new Map([...packs, ['fixture', fixture]]);
  const routes = bootbookRoutes(all);
  server = createServer((req, res) => {
    void (async () => {
      const m = matchRoute(routes, req.method ?? 'GET', splitTarget(req.url ?? '/').path);
      if (!m || 'allowed' in m) return sendJson(res, 404, { message: 'no route', reason: null });
      const reply = await m.route.handler({ req, res, params: m.params, query: new URLSearchParams(), body: undefined, baseUrl: '/' });
      if (reply !== 'handled' && 'json' in reply) sendJson(res, reply.status, reply.json);
    })().catch((e: unknown) => {
      const r = toErrorReply(e);
      sendJson(res, r.status, r.body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  await rm(base, { recursive: true, force: true });
});

describe('GET /bootbook/api/packs', () => {
  test('lists every pack with options, examples, README and kernelspecs', async () => {
    const r = await get('/bootbook/api/packs');
    assert.equal(r.status, 200);
    const packs = r.json.packs as PackInfo[];
    assert.deepEqual(packs.map((p) => p.name).sort(), ['bare', 'fixture', 'kite', 'linux']);
    const kite = packs.find((p) => p.name === 'kite')!;
    assert.equal(kite.version, '0.1.0');
    assert.deepEqual(kite.architectures, ['x86_64', 'riscv64']);
    assert.ok(kite.interfaces.includes('bootbook/1'));
    const hz = kite.options.find((o) => o.name === 'hz')!;
    assert.deepEqual([hz.type, hz.default, hz.min, hz.max, hz.unit, hz.stage], ['integer', 100, 0, 10000, 'Hz', 'boot']);
    const sched = kite.options.find((o) => o.name === 'sched')!;
    assert.deepEqual(sched.values, ['rr', 'coop']);
    assert.deepEqual(kite.options.find((o) => o.name === 'cpus')!.architectures, ['x86_64']);
    assert.ok(kite.examples.length > 0);
    assert.match(kite.examples[0]!.source ?? '', /#include <bootbook.h>/);
    assert.match(kite.readme ?? '', /kite/);
    assert.deepEqual(kite.kernelspecs.riscv64, { name: 'kite-riscv64', displayName: 'kite · riscv64 lightweight kernel' });
    const linux = packs.find((p) => p.name === 'linux')!;
    assert.equal(linux.kernelspecs.x86_64!.name, 'linux-x86_64');
  });

  test('an example path that leaves the pack has no source; a pack without README has null', async () => {
    const fixture = (await get('/bootbook/api/packs/fixture')).json as PackInfo;
    assert.equal(fixture.examples[0]!.source, null);
    assert.equal(fixture.readme, null);
  });

  test('an unknown pack is a JSON 404 naming the packs', async () => {
    const r = await get('/bootbook/api/packs/nope/files');
    assert.equal(r.status, 404);
    assert.match(r.json.message, /No pack named "nope".*kite/);
  });
});

describe('GET /bootbook/api/packs/<name>/files', () => {
  test("lists the pack's regular files, relative and sorted, without dotfiles or links", async () => {
    const r = await get('/bootbook/api/packs/fixture/files');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.files, ['blob.bin', 'src/main.c']);
    const kite = await get('/bootbook/api/packs/kite/files');
    assert.ok(kite.json.files.includes('pack.json'));
    assert.ok(kite.json.files.includes('src/kernel/main.c'));
    assert.ok(kite.json.files.every((f: string) => !f.startsWith('/')));
  });

  test("a file's text", async () => {
    const r = await get('/bootbook/api/packs/kite/files/src/kernel/main.c');
    assert.equal(r.status, 200);
    assert.equal(r.json.path, 'src/kernel/main.c');
    assert.match(r.json.content, /#include/);
    const enc = await get('/bootbook/api/packs/kite/files/src%2Fkernel%2Fmain.c');
    assert.equal(enc.json.content, r.json.content);
  });

  test('a link that stays inside the pack can be read', async () => {
    const r = await get('/bootbook/api/packs/fixture/files/in-link.c');
    assert.equal(r.status, 200);
    assert.match(r.json.content, /int main/);
  });

  test('traversal, absolute paths and links out are refused; nothing outside is read', async () => {
    for (const path of ['../outside.txt', '%2e%2e/outside.txt', '..%2Foutside.txt', 'src/../../outside.txt', '%2Fetc%2Fpasswd', 'out-link.txt']) {
      const r = await get(`/bootbook/api/packs/fixture/files/${path}`);
      assert.equal(r.status, 403, path);
      assert.doesNotMatch(JSON.stringify(r.json), /top secret/, path);
    }
  });

  test('dotfiles and missing files are 404, folders too; binary files are refused', async () => {
    assert.equal((await get('/bootbook/api/packs/fixture/files/.secret')).status, 404);
    assert.equal((await get('/bootbook/api/packs/fixture/files/nope.c')).status, 404);
    assert.equal((await get('/bootbook/api/packs/fixture/files/src')).status, 404);
    const bin = await get('/bootbook/api/packs/fixture/files/blob.bin');
    assert.equal(bin.status, 400);
    assert.match(bin.json.message, /not a text file/);
  });
});
