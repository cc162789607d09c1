// Ctrl-C during a run: the command stops, ends the QEMU it started, and leaves
// no temporary folder behind.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cacheDir, leftoverTempDirs, programsDir } from '../helpers.js';
import { repoRoot } from '../../../server/src/engine/paths.js';

/** PIDs of QEMU processes started by `parent` (QEMU runs in its own process group). */
function qemuChildren(parent: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, ppid, comm]) => Number(ppid) === parent && comm?.startsWith('qemu-system'))
    .map(([pid]) => Number(pid));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('SIGINT during a boot kills QEMU and exits 130', async () => {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/bootbook.js'), 'run', join(programsDir, 'forever.c'), '--target', 'linux', '--timeout', '120'], {
    env: { ...process.env, BOOTBOOK_CACHE: cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let qemu: number[] = [];
  for (let i = 0; i < 600 && qemu.length === 0; i++) {
    await sleep(100);
    qemu = qemuChildren(child.pid!);
  }
  assert.ok(qemu.length > 0, `QEMU never started: ${stderr}`);
  await sleep(500);
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  assert.match(stderr, /SIGINT, stopping runs and cleaning up/);
  await sleep(200);
  for (const pid of qemu) assert.equal(alive(pid), false, `QEMU ${pid} is still running`);
  assert.deepEqual(leftoverTempDirs(), []);
});
