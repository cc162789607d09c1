// The kernel socket with real clients: JupyterLab's own client library
// (@jupyterlab/services, v1 binary subprotocol) and a raw `ws` client speaking
// legacy JSON. Cells boot for real in QEMU (kite: fast; linux for a long boot).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { KernelManager, ServerConnection, type KernelMessage } from '@jupyterlab/services';
import { packs } from '../helpers.js';
import { liveProcessCount } from '../../../server/src/engine/cleanup.js';
import { startServer, type RunningServer } from '../../../server/src/jupyter/server.js';
import { decodeV1, encodeV1, V1_PROTOCOL } from '../../../server/src/jupyter/ws/codec.js';
import { makeMessage, type JupyterMessage } from '../../../server/src/kernel/messages.js';

const TOKEN = 'test-token';
const HELLO = '%target kite\n#include <bootbook.h>\nint main(void) { printf("hi from kite\\n"); bb_metric("x", 7, "u"); return 0; }\n';

let server: RunningServer;
let settings: ServerConnection.ISettings;

/** The `ws` client class JupyterLab's library is given, recording each socket's negotiated subprotocol. */
const negotiated: string[] = [];
class RecordingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.once('open', () => negotiated.push(this.protocol));
  }
}

before(async () => {
  server = await startServer({ root: mkdtempSync(join(tmpdir(), 'bootbook-nb-')), token: TOKEN, packs, log: () => {} });
  settings = ServerConnection.makeSettings({ baseUrl: `${server.url}/`, wsUrl: server.url.replace('http', 'ws') + '/', token: TOKEN, WebSocket: RecordingWebSocket as unknown as typeof globalThis.WebSocket, appendToken: true });
});
after(async () => {
  await server.close();
  assert.equal(liveProcessCount(), 0, 'no QEMU outlives the server');
});

/** Run one cell through JupyterLab's client; collect its iopub messages. */
async function execute(kernel: Awaited<ReturnType<KernelManager['startNew']>>, code: string) {
  const iopub: KernelMessage.IIOPubMessage[] = [];
  const future = kernel.requestExecute({ code, stop_on_error: false });
  future.onIOPub = (m) => void iopub.push(m);
  const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
  return { reply, iopub };
}

describe('kernel socket, v1 binary subprotocol (JupyterLab client)', { concurrency: 1 }, () => {
  let manager: KernelManager;
  before(() => {
    manager = new KernelManager({ serverSettings: settings });
  });
  after(() => manager.dispose());

  test('the client negotiates v1 and gets kernel_info for C', async () => {
    const kernel = await manager.startNew({ name: 'kite-x86_64' });
    for (let i = 0; i < 100 && kernel.connectionStatus !== 'connected'; i++) await sleep(50);
    assert.equal(kernel.connectionStatus, 'connected');
    const info = await kernel.requestKernelInfo();
    assert.equal(kernel.serverSettings.wsUrl.startsWith('ws://'), true);
    assert.equal((info!.content as KernelMessage.IInfoReply).language_info.name, 'c');
    assert.equal(negotiated.at(-1), V1_PROTOCOL);
    await kernel.shutdown();
  });

  test('a cell streams its console and ends with the run bundle', async () => {
    const kernel = await manager.startNew({ name: 'kite-x86_64' });
    const { reply, iopub } = await execute(kernel, HELLO);
    assert.equal(reply.content.status, 'ok');
    const text = iopub.filter((m) => m.header.msg_type === 'stream').map((m) => (m.content as { text: string }).text).join('');
    assert.match(text, /hi from kite/);
    const result = iopub.find((m) => m.header.msg_type === 'execute_result');
    const data = (result!.content as { data: Record<string, { records: { metrics: { name: string; value: number }[] }[] }> }).data;
    assert.equal(data['application/vnd.bootbook.run+json']!.records[0]!.metrics[0]!.value, 7);
    assert.deepEqual(iopub.filter((m) => m.header.msg_type === 'status').map((m) => (m.content as { execution_state: string }).execution_state).at(-1), 'idle');
    await kernel.shutdown();
  });

  test('a compile error is an error reply with the cell line, and the next cell runs', async () => {
    const kernel = await manager.startNew({ name: 'kite-x86_64' });
    const bad = await execute(kernel, '%target kite\n#include <bootbook.h>\nint main(void) {\n  return nope;\n}\n');
    assert.equal(bad.reply.content.status, 'error');
    assert.equal((bad.reply.content as KernelMessage.IReplyErrorContent).ename, 'CompileError');
    assert.match((bad.reply.content as KernelMessage.IReplyErrorContent).evalue, /line 4/);
    const good = await execute(kernel, HELLO);
    assert.equal(good.reply.content.status, 'ok');
    await kernel.shutdown();
  });

  test('interrupt during a boot stops it at once and leaves no QEMU', async () => {
    const kernel = await manager.startNew({ name: 'linux-x86_64' });
    const future = kernel.requestExecute({ code: '#include <bootbook.h>\nint main(void) { printf("spinning\\n"); fflush(stdout); for (;;) {} }\n' });
    let spinning = false;
    future.onIOPub = (m) => {
      if (m.header.msg_type === 'stream' && /spinning/.test((m.content as { text: string }).text)) spinning = true;
    };
    for (let i = 0; i < 300 && !spinning; i++) await sleep(100);
    assert.ok(spinning, 'the guest started');
    const t0 = performance.now();
    await kernel.interrupt();
    const reply = (await future.done.catch((e: { msg?: KernelMessage.IExecuteReplyMsg }) => e.msg ?? e)) as KernelMessage.IExecuteReplyMsg;
    assert.equal(reply.content.status, 'error');
    assert.equal((reply.content as KernelMessage.IReplyErrorContent).ename, 'Interrupted');
    assert.ok(performance.now() - t0 < 5000, 'interrupt answered within seconds');
    await sleep(200);
    assert.equal(liveProcessCount(), 0);
    await kernel.shutdown();
  });
});

/** A raw socket client: legacy JSON (no subprotocol) or v1. */
async function rawSocket(kernelId: string, session: string, v1: boolean) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/kernels/${kernelId}/channels?session_id=${session}&token=${TOKEN}`, v1 ? [V1_PROTOCOL] : []);
  const received: JupyterMessage[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => received.push(isBinary ? decodeV1(data) : (JSON.parse(data.toString()) as JupyterMessage)));
  await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
  const send = (msg: JupyterMessage) => ws.send(v1 ? encodeV1(msg) : JSON.stringify(msg));
  return { ws, received, send };
}

async function waitFor(pred: () => boolean, ms = 60_000) {
  for (let t = 0; t < ms && !pred(); t += 100) await sleep(100);
  assert.ok(pred(), 'timed out waiting');
}

async function startKernel(name: string): Promise<string> {
  const r = await fetch(`${server.url}/api/kernels`, { method: 'POST', headers: { Authorization: `token ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
  assert.equal(r.status, 201);
  return ((await r.json()) as { id: string }).id;
}

describe('kernel socket, legacy JSON and reconnection (raw ws client)', { concurrency: 1 }, () => {
  test('legacy JSON: no subprotocol, text frames, a reply to kernel_info', async () => {
    const id = await startKernel('kite-x86_64');
    const c = await rawSocket(id, 's1', false);
    assert.equal(c.ws.protocol, '');
    const req = makeMessage('shell', 'kernel_info_request', {}, undefined, 's1');
    c.send(req);
    await waitFor(() => c.received.some((m) => m.header.msg_type === 'kernel_info_reply'));
    const reply = c.received.find((m) => m.header.msg_type === 'kernel_info_reply')!;
    assert.equal(reply.parent_header.msg_id, req.header.msg_id);
    assert.equal(reply.channel, 'shell');
    c.ws.close();
  });

  test('iopub reaches every socket of a kernel; the reply goes to the requester only', async () => {
    const id = await startKernel('kite-x86_64');
    const a = await rawSocket(id, 'sa', true);
    const b = await rawSocket(id, 'sb', false);
    const req = makeMessage('shell', 'execute_request', { code: HELLO, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, undefined, 'sa');
    a.send(req);
    await waitFor(() => a.received.some((m) => m.header.msg_type === 'execute_reply'));
    await waitFor(() => b.received.some((m) => m.header.msg_type === 'execute_result'));
    assert.ok(!b.received.some((m) => m.header.msg_type === 'execute_reply'), 'the other socket gets no reply');
    a.ws.close();
    b.ws.close();
  });

  test('outputs of a cell that finishes while the client is away are delivered on reconnect', async () => {
    const id = await startKernel('linux-x86_64');
    const session = randomUUID();
    const first = await rawSocket(id, session, true);
    const req = makeMessage('shell', 'execute_request', { code: '#include <bootbook.h>\nint main(void) { bb_metric("late", 1, ""); return 0; }\n', silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, undefined, session);
    first.send(req);
    await waitFor(() => first.received.some((m) => m.header.msg_type === 'execute_input'));
    first.ws.close();
    // Wait until the kernel is idle again: the cell finished with nobody connected.
    await waitFor(() => server.kernels.get(id)?.execution_state === 'idle', 60_000);
    const again = await rawSocket(id, session, true);
    await waitFor(() => again.received.some((m) => m.header.msg_type === 'execute_reply'), 10_000);
    const result = again.received.find((m) => m.header.msg_type === 'execute_result');
    assert.ok(result, 'the execute_result was kept for the session');
    assert.equal(again.received.find((m) => m.header.msg_type === 'execute_reply')!.parent_header.msg_id, req.header.msg_id);
    again.ws.close();
  });

  test('a socket without the token is refused', async () => {
    const id = await startKernel('kite-x86_64');
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/kernels/${id}/channels?session_id=x`);
    const status = await new Promise<number>((ok) => ws.once('unexpected-response', (_req, res) => ok(res.statusCode ?? 0)).once('open', () => ok(101)));
    assert.equal(status, 403);
  });
});
