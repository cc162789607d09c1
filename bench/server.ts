// Notebook server costs, each next to its reference in the same run:
// 1. per-cell overhead: a kite hello cell executed through the server's kernel
//    socket vs the same program through the engine directly (what `bootbook run`
//    does), alternating, warm cache; goal: median overhead under 50 ms;
// 2. idle memory: RSS of a started `bootbook lab` vs a bare idle node process;
//    goal: under 150 MB;
// 3. 20 sockets, each with its own kernel, executing a cell at once: errors and time.
//
//   node dist/bench/server.js      (BENCH_RUNS=N, default 15)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { loadPacks } from '../server/src/engine/packs/load.js';
import { repoRoot } from '../server/src/engine/paths.js';
import { runProgram } from '../server/src/engine/run.js';
import { startServer } from '../server/src/jupyter/server.js';
import { makeMessage, type JupyterMessage } from '../server/src/kernel/messages.js';
import { median } from 'simple-statistics';

const rounds = Number(process.env.BENCH_RUNS ?? 15);
const TOKEN = 'bench';
const { packs } = loadPacks();
const program = '#include <bootbook.h>\nint main(void) { bb_metric("x", 1, ""); return 0; }\n';

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

const server = await startServer({ root: mkdtempSync(join(tmpdir(), 'bench-nb-')), token: TOKEN, packs, log: () => {} });
const wsBase = server.url.replace('http', 'ws');

async function openKernel(name: string) {
  const r = await fetch(`${server.url}/api/kernels`, { method: 'POST', headers: { Authorization: `token ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
  const { id } = (await r.json()) as { id: string };
  const ws = new WebSocket(`${wsBase}/api/kernels/${id}/channels?session_id=${id}&token=${TOKEN}`);
  await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
  const waiting = new Map<string, (m: JupyterMessage) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as JupyterMessage;
    if (msg.header.msg_type === 'execute_reply') waiting.get((msg.parent_header as { msg_id: string }).msg_id)?.(msg);
  });
  return {
    ws,
    execute(code: string): Promise<JupyterMessage> {
      const req = makeMessage('shell', 'execute_request', { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, undefined, id);
      return new Promise((ok) => {
        waiting.set(req.header.msg_id, ok);
        ws.send(JSON.stringify(req));
      });
    },
  };
}

// 1. Per-cell overhead.
const kernel = await openKernel('kite-x86_64');
await kernel.execute(program); // warm: prepared pack, built image
await runProgram(packs, { source: { text: program, displayName: 'cell' }, target: { pack: 'kite' } });
const viaServer: number[] = [];
const direct: number[] = [];
for (let i = 0; i < rounds; i++) {
  let t0 = performance.now();
  const reply = await kernel.execute(program);
  viaServer.push(performance.now() - t0);
  if ((reply.content as { status: string }).status !== 'ok') throw new Error('cell failed');
  t0 = performance.now();
  const [r] = await runProgram(packs, { source: { text: program, displayName: 'cell' }, target: { pack: 'kite' } });
  direct.push(performance.now() - t0);
  if (r?.status !== 'ok') throw new Error('direct run failed');
}
kernel.ws.close();
const s = median(viaServer);
const d = median(direct);
console.log(`per-cell (kite hello, warm, ${rounds} rounds, medians): server ${s.toFixed(1)} ms, engine directly ${d.toFixed(1)} ms, overhead ${(s - d).toFixed(1)} ms (goal < 50 ms), ratio ${(s / d).toFixed(2)}x`);

// 3. Twenty sockets executing at once.
const many = await Promise.all(Array.from({ length: 20 }, () => openKernel('kite-x86_64')));
const t0 = performance.now();
const replies = await Promise.all(many.map((k) => k.execute(program)));
const errors = replies.filter((r) => (r.content as { status: string }).status !== 'ok').length;
console.log(`20 sockets, 20 kernels, one cell each at once: ${errors} errors, all done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
for (const k of many) k.ws.close();
await server.close();

// 2. Idle memory of a real `bootbook lab` process next to an idle node process.
const lab = spawn(process.execPath, [join(repoRoot, 'bin/bootbook.js'), 'lab', '--port', '0', '--no-browser'], { stdio: ['ignore', 'pipe', 'pipe'] });
const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
let out = '';
lab.stdout.on('data', (c) => (out += c));
for (let i = 0; i < 100 && !out.includes('token='); i++) await sleep(100);
await sleep(2000);
const labRss = rssMb(lab.pid!);
const idleRss = rssMb(idle.pid!);
console.log(`idle memory: bootbook lab ${labRss.toFixed(1)} MB RSS, bare node ${idleRss.toFixed(1)} MB (goal < 150 MB), ratio ${(labRss / idleRss).toFixed(2)}x`);
lab.kill('SIGTERM');
idle.kill();
