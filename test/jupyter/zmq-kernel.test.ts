// `bootbook kernel -f CONNECTION_FILE` as a process, driven with zeromq@6 from
// here (no Python needed): heartbeat echo, busy/idle around kernel_info, a
// SIGINT interrupts the running cell (and does not end the kernel), an
// interrupt_request on control does too, and a shutdown_request on control
// ends the process cleanly after its reply.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as zmq from 'zeromq';
import { makeMessage, type Channel, type JupyterMessage } from '../../server/src/kernel/messages.js';
import { deserialize, makeSigner, serialize } from '../../server/src/kernel/zmq/wire.js';
import { killGroup, repoRoot } from './helpers.js';

const SPIN = '%timeout 120\n%target kite\n#include <bootbook.h>\nint main(void) { printf("spinning\\n"); for (;;) { __asm__ volatile(""); } }\n';

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, async () => {
      const s = createServer();
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      return s;
    }),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

describe('bootbook kernel over ZeroMQ', { timeout: 120_000 }, () => {
  const key = randomBytes(16).toString('hex');
  const signer = makeSigner(key);
  const session = randomUUID();
  let dir = '';
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let stderr = '';
  const shell = new zmq.Dealer();
  const control = new zmq.Dealer();
  const iopub = new zmq.Subscriber();
  const hb = new zmq.Request();
  const iopubMsgs: JupyterMessage[] = [];
  const replies: JupyterMessage[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bootbook-zmq-'));
    const [shellPort, controlPort, iopubPort, stdinPort, hbPort] = await freePorts(5);
    const conn = join(dir, 'kernel.json');
    writeFileSync(conn, JSON.stringify({ shell_port: shellPort, control_port: controlPort, iopub_port: iopubPort, stdin_port: stdinPort, hb_port: hbPort, ip: '127.0.0.1', key, transport: 'tcp', signature_scheme: 'hmac-sha256' }));
    child = spawn(process.execPath, [join(repoRoot, 'bin', 'bootbook.js'), 'kernel', '--target', 'kite', '--arch', 'x86_64', '-f', conn], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    exited = new Promise((r) => child.once('exit', (code) => r(code)));
    shell.connect(`tcp://127.0.0.1:${shellPort}`);
    control.connect(`tcp://127.0.0.1:${controlPort}`);
    iopub.connect(`tcp://127.0.0.1:${iopubPort}`);
    iopub.subscribe();
    hb.connect(`tcp://127.0.0.1:${hbPort}`);
    for (const [sock, channel] of [[shell, 'shell'], [control, 'control']] as const) {
      void (async () => {
        for await (const frames of sock) replies.push(deserialize(frames, signer, channel).msg);
      })().catch(() => undefined);
    }
    void (async () => {
      for await (const frames of iopub) iopubMsgs.push(deserialize(frames, signer, 'iopub').msg);
    })().catch(() => undefined);
  });

  after(async () => {
    for (const s of [shell, control, iopub, hb]) s.close();
    killGroup(child);
    rmSync(dir, { recursive: true, force: true });
  });

  async function request(sock: zmq.Dealer, channel: Channel, type: string, content: object): Promise<string> {
    const msg = makeMessage(channel, type, content, undefined, session);
    await sock.send(serialize(msg, signer));
    return msg.header.msg_id;
  }
  async function until<T>(f: () => T | undefined, ms = 30_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = f();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out; stderr: ${stderr}`);
      await sleep(50);
    }
  }
  const replyTo = (id: string) => replies.find((r) => (r.parent_header as { msg_id?: string }).msg_id === id);
  const iopubOf = (id: string) => iopubMsgs.filter((m) => (m.parent_header as { msg_id?: string }).msg_id === id);

  test('heartbeat echoes', async () => {
    await hb.send(Buffer.from('ping'));
    const [echo] = await hb.receive();
    assert.equal(echo!.toString(), 'ping');
  });

  test('kernel_info: a signed reply and busy/idle on iopub', async () => {
    // The SUB socket may join after the first messages: ask until its status arrives.
    let id = '';
    for (let i = 0; i < 40; i++) {
      id = await request(shell, 'shell', 'kernel_info_request', {});
      await until(() => replyTo(id));
      if (iopubOf(id).some((m) => (m.content as { execution_state?: string }).execution_state === 'idle')) break;
      await sleep(100);
    }
    const reply = replyTo(id)!;
    assert.equal(reply.header.msg_type, 'kernel_info_reply');
    assert.equal(reply.header.version, '5.3');
    assert.equal((reply.content as { implementation: string }).implementation, 'bootbook');
    assert.deepEqual(iopubOf(id).map((m) => (m.content as { execution_state?: string }).execution_state), ['busy', 'idle']);
  });

  test('SIGINT interrupts the running cell; the kernel lives on', async () => {
    const id = await request(shell, 'shell', 'execute_request', { code: SPIN, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    await until(() => iopubOf(id).find((m) => m.header.msg_type === 'stream' && String((m.content as { text: string }).text).includes('spinning')));
    process.kill(child.pid!, 'SIGINT');
    const reply = await until(() => replyTo(id), 20_000);
    assert.equal((reply.content as { status: string }).status, 'error');
    assert.equal(child.exitCode, null, 'still running');
  });

  test('interrupt_request on control interrupts too', async () => {
    const id = await request(shell, 'shell', 'execute_request', { code: SPIN, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    await until(() => iopubOf(id).find((m) => m.header.msg_type === 'stream'));
    const intr = await request(control, 'control', 'interrupt_request', {});
    assert.equal((await until(() => replyTo(intr))).header.msg_type, 'interrupt_reply');
    assert.equal(((await until(() => replyTo(id), 20_000)).content as { status: string }).status, 'error');
  });

  test('shutdown_request on control: a reply, then the process exits 0', async () => {
    const id = await request(control, 'control', 'shutdown_request', { restart: false });
    const reply = await until(() => replyTo(id));
    assert.deepEqual(reply.content, { status: 'ok', restart: false });
    assert.equal(await Promise.race([exited, sleep(10_000).then(() => 'still running')]), 0, stderr);
  });
});
