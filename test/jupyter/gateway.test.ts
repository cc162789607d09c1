// Debian's jupyter_server 1.23 as a gateway client of `bootbook lab`'s server:
// `jupyter server --GatewayClient.url=<ours>` sends every kernel request to us
// (kernelspecs, POST /api/kernels with its whole environment, the kernel socket
// without session_id, JSON frames). Through ITS REST and WebSocket API we create
// a session, run a kite cell, interrupt a running one and restart the kernel.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { jupyterEnv, JUPYTER, killGroup, missingClients, packs, type JupyterEnv } from './helpers.js';
import { startServer, type RunningServer } from '../../server/src/jupyter/server.js';

const skip = missingClients(['jupyter_server'], ['jupyter']);
const GATEWAY_TOKEN = randomUUID();
const TOKEN = randomUUID();
const KITE = '#include <bootbook.h>\nint main(void) { printf("hi through the gateway\\n"); bb_metric("x", 7, "u"); return 0; }\n';
const SPIN = '%timeout 120\n#include <bootbook.h>\nint main(void) { printf("spinning\\n"); for (;;) { __asm__ volatile(""); } }\n';

let ours: RunningServer;
let jenv: JupyterEnv;
let jupyter: ChildProcess | undefined;
let base = '';
let log = '';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `token ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

before(async () => {
  if (skip) return;
  ours = await startServer({ root: (jenv = jupyterEnv()).work, token: GATEWAY_TOKEN, packs, log: () => {} });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  jupyter = spawn(
    JUPYTER,
    ['server', `--GatewayClient.url=${ours.url}`, `--GatewayClient.auth_token=${GATEWAY_TOKEN}`, '--allow-root', '--no-browser', `--port=${port}`, '--ip=127.0.0.1', `--ServerApp.token=${TOKEN}`, `--ServerApp.root_dir=${jenv.work}`],
    { env: jenv.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  jupyter.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  jupyter.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  for (let i = 0; ; i++) {
    const ok = await api('GET', '/api/status').then((r) => r.status === 200, () => false);
    if (ok) break;
    if (i > 150 || jupyter.exitCode !== null) throw new Error(`jupyter server did not start:\n${log}`);
    await sleep(200);
  }
});

after(async () => {
  if (jupyter) {
    killGroup(jupyter, 'SIGTERM');
    await Promise.race([new Promise((r) => jupyter!.once('close', r)), sleep(5000)]);
    killGroup(jupyter);
  }
  await ours?.close();
  jenv?.dispose();
});

/** A kernel socket through jupyter_server, collecting messages by parent msg_id. */
class Channels {
  readonly ws: WebSocket;
  readonly messages: Record<string, unknown>[] = [];
  private waiters: (() => void)[] = [];
  constructor(kernelId: string, readonly session = randomUUID()) {
    this.ws = new WebSocket(`${base.replace('http', 'ws')}/api/kernels/${kernelId}/channels?session_id=${session}`, { headers: { Authorization: `token ${TOKEN}` } });
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
      for (const w of this.waiters.splice(0)) w();
    });
  }
  open(): Promise<void> {
    return new Promise((ok, fail) => {
      this.ws.once('open', () => ok());
      this.ws.once('error', fail);
    });
  }
  execute(code: string): string {
    const msgId = randomUUID();
    const header = { msg_id: msgId, msg_type: 'execute_request', session: this.session, username: 'test', date: new Date().toISOString(), version: '5.3' };
    this.ws.send(JSON.stringify({ channel: 'shell', header, parent_header: {}, metadata: {}, content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, buffers: [] }));
    return msgId;
  }
  of(msgId: string): { msg_type: string; channel: string; content: Record<string, unknown> }[] {
    return this.messages
      .filter((m) => (m.parent_header as { msg_id?: string }).msg_id === msgId)
      .map((m) => ({ msg_type: (m.header as { msg_type: string }).msg_type, channel: m.channel as string, content: m.content as Record<string, unknown> }));
  }
  async until(pred: () => boolean, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out; messages: ${JSON.stringify(this.messages.map((m) => (m.header as { msg_type: string }).msg_type))}`);
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), sleep(500)]);
    }
  }
  reply(msgId: string) {
    return this.of(msgId).find((m) => m.msg_type === 'execute_reply');
  }
}

describe('jupyter_server with GatewayClient pointed at bootbook', { skip, timeout: 240_000 }, () => {
  let kernelId = '';
  let ch: Channels;

  test('kernelspecs come from bootbook, with logos', async () => {
    const r = await api<{ kernelspecs: Record<string, { spec: { display_name: string }; resources: Record<string, string> }> }>('GET', '/api/kernelspecs');
    assert.equal(r.status, 200);
    assert.ok(r.json.kernelspecs['kite-x86_64'], `kernelspecs: ${Object.keys(r.json.kernelspecs)}`);
    const logo = r.json.kernelspecs['kite-x86_64']!.resources['logo-64x64'];
    assert.ok(logo, 'a 64x64 logo');
    const png = await fetch(`${base}/kernelspecs/kite-x86_64/logo-64x64.png`, { headers: { Authorization: `token ${TOKEN}` } });
    assert.equal(png.status, 200, log);
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG, fetched from bootbook through the gateway');
  });

  test('a session through jupyter_server starts a bootbook kernel', async () => {
    const r = await api<{ id: string; kernel: { id: string; name: string } }>('POST', '/api/sessions', { path: 'gw.ipynb', type: 'notebook', name: 'gw.ipynb', kernel: { name: 'kite-x86_64' } });
    assert.equal(r.status, 201, `${JSON.stringify(r.json)}\n${log}`);
    kernelId = r.json.kernel.id;
    assert.equal(r.json.kernel.name, 'kite-x86_64');
    assert.ok(ours.kernels.running(kernelId), 'the kernel runs in bootbook, under the same id');
    ch = new Channels(kernelId);
    await ch.open();
  });

  test('a kite cell runs', async () => {
    const id = ch.execute(KITE);
    await ch.until(() => !!ch.reply(id));
    assert.equal(ch.reply(id)!.content.status, 'ok', JSON.stringify(ch.of(id)));
    const out = ch.of(id).filter((m) => m.msg_type === 'stream').map((m) => m.content.text).join('');
    assert.match(out, /hi through the gateway/);
    assert.ok(ch.of(id).some((m) => m.msg_type === 'execute_result'));
    assert.equal(ch.reply(id)!.content.execution_count, 1);
  });

  test('interrupt stops a running cell', async () => {
    const id = ch.execute(SPIN);
    await ch.until(() => ch.of(id).some((m) => m.msg_type === 'stream' && String(m.content.text).includes('spinning')));
    const r = await api('POST', `/api/kernels/${kernelId}/interrupt`, {});
    assert.equal(r.status, 204, JSON.stringify(r.json));
    await ch.until(() => !!ch.reply(id), 20_000);
    assert.equal(ch.reply(id)!.content.status, 'error');
    assert.ok(ch.of(id).some((m) => m.msg_type === 'error'));
  });

  test('restart gives a fresh kernel that runs cells again', async () => {
    const r = await api<{ id: string; execution_state: string }>('POST', `/api/kernels/${kernelId}/restart`, {});
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.id, kernelId);
    const model = await api<{ id: string; name: string; last_activity: string; execution_state: string }>('GET', `/api/kernels/${kernelId}`);
    assert.equal(model.status, 200);
    assert.equal(model.json.name, 'kite-x86_64');
    const id = ch.execute(KITE);
    await ch.until(() => !!ch.reply(id));
    assert.equal(ch.reply(id)!.content.status, 'ok');
    assert.equal(ch.reply(id)!.content.execution_count, 1, 'the count starts again after a restart');
  });

  test('deleting the session shuts the bootbook kernel down', async () => {
    const sessions = await api<{ id: string }[]>('GET', '/api/sessions');
    ch.ws.close();
    for (const s of sessions.json) assert.equal((await api('DELETE', `/api/sessions/${s.id}`)).status, 204);
    for (let i = 0; i < 50 && ours.kernels.running(kernelId); i++) await sleep(100);
    assert.equal(ours.kernels.running(kernelId), undefined);
  });
});
