// The pack search path: a program's or notebook's folder may carry its own packs/
// (found by `bootbook run FILE.c` and `bootbook execute NB.ipynb`), which needs
// trust like an added pack and cannot replace a bundled one; folders on
// $BOOTBOOK_PACK_PATH are the user's own and need none.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HELLO, bootbook, packFolder, sandbox } from './helpers.js';
import { loadPacks } from '../../../server/src/engine/packs/load.js';
import { startServer, type RunningServer } from '../../../server/src/jupyter/server.js';
import type { JupyterMessage } from '../../../server/src/kernel/messages.js';
import { Harness } from '../../unit/kernel/harness.js';

describe('pack search path', { concurrency: 1 }, () => {
  const box = sandbox();
  const project = join(box.root, 'project');
  mkdirSync(join(project, 'packs'), { recursive: true });
  packFolder(join(project, 'packs', 'nbpack'), 'nbpack');
  // A notebook folder cannot shadow a bundled pack: this one is reported, the bundled one runs.
  packFolder(join(project, 'packs', 'fake-bare'), 'bare');
  writeFileSync(join(project, 'hello.c'), HELLO);

  test("bootbook run finds the program folder's packs/, and refuses it until trusted", async () => {
    let r = await bootbook(box, 'run', join(project, 'hello.c'), '--target', 'nbpack', '--json');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pack "nbpack" \(from the notebook folder's packs\/\) would run its own build steps/);
    assert.match(r.stderr, /pack skipped: .*fake-bare\/pack\.json: name: pack "bare" is already provided by .*kernels\/bare/);
    r = await bootbook(box, 'packs', 'trust', 'nbpack');
    assert.equal(r.code, 2, 'from another folder the notebook pack is not on the path');
    assert.match(r.stderr, /no pack named "nbpack"/);
  });

  test('once trusted, a notebook in that folder runs a cell on it (bootbook execute)', async () => {
    // From the notebook's folder, `packs trust` sees its packs/.
    const t = await bootbook({ ...box, root: project }, 'packs', 'trust', 'nbpack');
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /trusted nbpack/);
    const here = JSON.parse((await bootbook({ ...box, root: project }, 'packs', 'sources', '--json')).stdout).packs;
    assert.deepEqual(
      here.filter((p: { name: string }) => p.name === 'nbpack').map((p: { origin: string; trust: string }) => [p.origin, p.trust]),
      [['notebook', 'trusted']],
    );
    const file = join(project, 'lab.ipynb');
    const cell = { cell_type: 'code', id: 'c1', metadata: {}, source: `%target nbpack\n${HELLO}`, outputs: [], execution_count: null };
    writeFileSync(file, JSON.stringify({ cells: [cell], metadata: { kernelspec: { name: 'bare-x86_64', display_name: 'bare', language: 'c' } }, nbformat: 4, nbformat_minor: 5 }));
    const r = await bootbook(box, 'execute', file);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(readFileSync(file, 'utf8')).cells[0].outputs;
    assert.match(JSON.stringify(out), /answer/);
    assert.match(JSON.stringify(out), /nbpack/);
  });
});

describe('$BOOTBOOK_PACK_PATH', () => {
  test("a pack in a folder on $BOOTBOOK_PACK_PATH is the user's own: it runs without trust", async () => {
    const box = sandbox();
    const mine = join(box.root, 'my-packs');
    packFolder(join(mine, 'mypack'), 'mypack');
    writeFileSync(join(box.root, 'hello.c'), HELLO);
    box.env.BOOTBOOK_PACK_PATH = mine;
    const r = await bootbook(box, 'run', join(box.root, 'hello.c'), '--target', 'mypack', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.split('\n')[0]!).status, 'ok');
  });
});

describe("the notebook server's kernel", { concurrency: 1 }, () => {
  // The server runs in this process: point this process's engine at the sandbox.
  const box = sandbox();
  Object.assign(process.env, { BOOTBOOK_PACKS_DIR: box.packsDir, BOOTBOOK_CONFIG: box.configDir, BOOTBOOK_PACK_PATH: '' });
  const root = join(box.root, 'notebooks');
  packFolder(join(root, 'course', 'packs', 'srvpack'), 'srvpack');
  let server: RunningServer | undefined;
  after(() => server?.close());
  const TOKEN = 'search-path-token';

  /** Run one cell in the session's kernel through the manager, as a socket would; the messages it answered with. */
  async function runCell(kernelId: string, code: string): Promise<JupyterMessage[]> {
    const running = server!.kernels.running(kernelId)!;
    const got: JupyterMessage[] = [];
    const req = new Harness(new Map()).execute(code);
    running.connect({ clientSession: 'client-session', send: (m) => got.push(m) });
    running.receive({ clientSession: 'client-session', send: () => undefined }, req);
    const end = Date.now() + 120_000;
    while (!got.some((m) => m.header.msg_type === 'execute_reply' && (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id)) {
      if (Date.now() > end) throw new Error('no execute_reply within 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    return got.filter((m) => (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id);
  }

  test("a notebook's kernel sees the packs/ folder beside the notebook; untrusted, then trusted, it runs", async () => {
    server = await startServer({ root, token: TOKEN, packs: loadPacks().packs, log: () => {} });
    const r = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { Authorization: `token ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: 'course/lab.ipynb', type: 'notebook', name: 'lab.ipynb', kernel: { name: 'bare-x86_64' } }),
    });
    assert.equal(r.status, 201);
    const kernelId = (await r.json()).kernel.id as string;
    let msgs = await runCell(kernelId, `%target srvpack\n${HELLO}`);
    const error = msgs.find((m) => m.header.msg_type === 'error');
    assert.ok(error, 'refused while untrusted');
    assert.match(JSON.stringify(error.content), /pack \\"srvpack\\" \(from the notebook folder's packs\/\) would run its own build steps/);
    const t = await bootbook({ ...box, root: join(root, 'course') }, 'packs', 'trust', 'srvpack');
    assert.equal(t.code, 0, t.stderr);
    msgs = await runCell(kernelId, `%target srvpack\n${HELLO}`);
    const result = msgs.find((m) => m.header.msg_type === 'execute_result');
    assert.ok(result, JSON.stringify(msgs.filter((m) => m.header.msg_type === 'error').map((m) => m.content)));
    assert.match(JSON.stringify(result.content), /answer/);
    // A notebook elsewhere does not see that folder's packs.
    const other = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { Authorization: `token ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: 'other.ipynb', type: 'notebook', name: 'other.ipynb', kernel: { name: 'bare-x86_64' } }),
    });
    msgs = await runCell((await other.json()).kernel.id, `%target srvpack\n${HELLO}`);
    assert.match(JSON.stringify(msgs.find((m) => m.header.msg_type === 'error')?.content), /srvpack/);
  });
});
