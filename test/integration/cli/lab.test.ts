// `bootbook lab` as users start it: it prints a URL with a token, serves the API,
// and on SIGTERM shuts down cleanly, ending the QEMU of a cell that was running.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { cacheDir } from '../helpers.js';
import { repoRoot } from '../../../server/src/engine/paths.js';
import { makeMessage } from '../../../server/src/kernel/messages.js';

function qemuChildren(parent: number): number[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, ppid, comm]) => Number(ppid) === parent && comm?.startsWith('qemu-system'))
    .map(([pid]) => Number(pid));
}

test('lab serves with a token and SIGTERM ends it and its QEMUs', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bootbook-lab-'));
  const lab = spawn(process.execPath, [join(repoRoot, 'bin/bootbook.js'), 'lab', '--root', root, '--port', '0', '--no-browser'], {
    env: { ...process.env, BOOTBOOK_CACHE: cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  lab.stdout.on('data', (d) => (stdout += d));
  lab.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((ok) => lab.once('exit', (code) => ok(code)));
  // If an assertion fails, the server must not outlive the test (it would keep the runner waiting).
  t.after(() => {
    if (lab.exitCode === null) lab.kill('SIGKILL');
  });
  for (let i = 0; i < 100 && !/token=/.test(stdout); i++) await sleep(100);
  const m = /(http:\/\/127\.0\.0\.1:(\d+))\/lab\?token=([0-9a-f]{48})/.exec(stdout);
  assert.ok(m, `no URL printed: ${stdout}${stderr}`);
  const [, base, , token] = m;

  assert.equal((await fetch(`${base}/api/kernels`)).status, 403, 'the API needs the token');
  const started = await fetch(`${base}/api/kernels`, { method: 'POST', headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'linux-x86_64' }) });
  assert.equal(started.status, 201, await started.clone().text());
  const { id } = (await started.json()) as { id: string };

  const ws = new WebSocket(`${base!.replace('http', 'ws')}/api/kernels/${id}/channels?session_id=t&token=${token}`);
  await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
  t.after(() => ws.terminate());
  let spinning = false;
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { header: { msg_type: string }; content: { text?: string } };
    if (msg.header.msg_type === 'stream' && /spinning/.test(msg.content.text ?? '')) spinning = true;
  });
  ws.send(JSON.stringify(makeMessage('shell', 'execute_request', { code: '#include <bootbook.h>\nint main(void) { printf("spinning\\n"); fflush(stdout); for (;;) {} }\n', silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true }, undefined, 't')));
  for (let i = 0; i < 600 && !spinning; i++) await sleep(100);
  assert.ok(spinning, `the cell never started: ${stderr}`);
  const qemu = qemuChildren(lab.pid!);
  assert.equal(qemu.length, 1);

  lab.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.match(stderr, /SIGTERM, shutting down kernels/);
  await sleep(200);
  assert.throws(() => process.kill(qemu[0]!, 0), 'QEMU is gone');
});
