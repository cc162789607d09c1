// The slurm runner against a real Slurm (scripts/slurm-local.sh start: four
// slurmd on this host, reservation r1 on n3,n4). Skipped with the reason when
// no cluster answers, unless CI is set (then they must run).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cacheDir, metric, packs, program } from '../integration/helpers.js';
import { repoRoot } from '../../server/src/engine/paths.js';
import { runProgram } from '../../server/src/engine/run.js';
import { SlurmRunner } from '../../server/src/engine/runners/slurm/runner.js';
import { stagingRoot } from '../../server/src/engine/runners/slurm/config.js';
import { planSweep } from '../../server/src/engine/sweep/plan.js';
import { runSweep } from '../../server/src/engine/sweep/runner.js';
import { needsCluster } from './cluster.js';

const hello = { text: readFileSync(join(repoRoot, 'kernels/kite/examples/hello.c'), 'utf8'), displayName: 'hello.c' };
const kite = { pack: 'kite', options: { hz: '0' } };
const T = 60;
/** Spins for about `ms` of guest time, then reports it: long enough to act on the job while it runs. */
const spin = (ms: number) => ({
  displayName: 'spin.c',
  text: `#include <bootbook.h>\nint main(void) { uint64_t t0 = bb_nanos(); while (bb_nanos() - t0 < ${ms}ull * 1000000ull) {} bb_metric("spun", (double)(bb_nanos() - t0), "ns"); return 0; }\n`,
});

function squeue(jobId: string): string {
  return execFileSync('squeue', ['-h', '-r', '-t', 'all', '-j', jobId, '-o', '%i|%T|%N'], { encoding: 'utf8' });
}

/** The first running bootbook job's id and node (polls squeue). */
async function runningJob(timeoutMs = 60_000): Promise<{ id: string; node: string }> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const out = execFileSync('squeue', ['-h', '-r', '-t', 'running', '-n', 'bootbook', '-o', '%i|%N'], { encoding: 'utf8' }).trim();
    const [id, node] = out.split('\n')[0]?.split('|') ?? [];
    if (id && node) return { id, node };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no bootbook job started running');
}

function stagingLeft(): string[] {
  const root = stagingRoot({});
  return existsSync(root) ? readdirSync(root) : [];
}

describe('slurm runner on a real cluster', { concurrency: 1, ...needsCluster }, () => {
  test('a single run is one batch job and gives the same icount metrics as the local runner', async () => {
    const local = await runProgram(packs, { source: hello, target: kite, clock: 'icount', params: { n: '100000' }, timeoutS: T });
    const [r] = await runProgram(packs, { source: hello, target: kite, clock: 'icount', params: { n: '100000' }, timeoutS: T, runner: new SlurmRunner() });
    assert.equal(local[0]?.status, 'ok', local[0]?.console);
    assert.ok(r);
    assert.equal(r.status, 'ok', `${r.reason} ${r.console}`);
    assert.equal(r.runner.kind, 'slurm');
    assert.match(String(r.runner.jobId), /^\d+$/);
    assert.equal(r.runner.arrayTaskId, undefined);
    assert.match(String(r.runner.node), /^n[1-4]$/);
    assert.deepEqual(r.metrics, local[0]!.metrics);
    assert.equal(metric([r], 'loop_cycles'), metric(local, 'loop_cycles'));
    assert.match(r.console, /hello from kite/);
    assert.deepEqual(r.runner.argv, local[0]!.runner.argv, 'the same QEMU argv (staged copies are an implementation detail)');
    assert.match(squeue(String(r.runner.jobId)), /COMPLETED/);
    assert.deepEqual(stagingLeft(), [], 'staged files are removed');
  });

  test('a sweep is one job array: every record carries the array id and its own task', async () => {
    const plan = planSweep(packs, { base: kite, params: {}, axes: [{ name: 'n', values: ['1000', '2000', '3000', '4000', '5000', '6000'] }], skipMissing: false, repeat: 2 });
    const out = await runSweep(packs, { source: hello, plan, repeat: 2, clock: 'icount', timeoutS: T, runner: new SlurmRunner({ limit: 4 }) });
    assert.equal(out.runs.length, 12);
    assert.equal(out.failed, 0, out.runs.map((r) => `${r.record.status} ${r.record.reason}`).join('\n'));
    const arrays = new Set(out.runs.map((r) => r.record.runner.arrayJobId));
    assert.equal(arrays.size, 1, 'one job array for the whole sweep');
    const tasks = out.runs.map((r) => r.record.runner.arrayTaskId).sort((a, b) => Number(a) - Number(b));
    assert.deepEqual(tasks, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const r of out.runs) assert.equal(r.record.runner.jobId, `${r.record.runner.arrayJobId}_${r.record.runner.arrayTaskId}`);
    // icount: both repeats of a point agree exactly, and the count grows with n.
    const byN = new Map<number, number[]>();
    for (const r of out.runs) byN.set(r.point.params.n!, [...(byN.get(r.point.params.n!) ?? []), metric([r.record], 'loop_cycles')!]);
    for (const [, v] of byN) assert.equal(v[0], v[1]);
    assert.ok(byN.get(6000)![0]! > byN.get(1000)![0]!);
  });

  test('a run inside a reservation lands on its nodes', async () => {
    const records = await runProgram(packs, { source: hello, target: kite, params: { n: '1000' }, repeat: 3, timeoutS: T, runner: new SlurmRunner({ reservation: 'r1' }) });
    for (const r of records) {
      assert.equal(r.status, 'ok', r.reason);
      assert.equal(r.runner.reservation, 'r1');
      assert.match(String(r.runner.node), /^n[34]$/);
    }
    assert.equal(new Set(records.map((r) => r.runner.arrayJobId)).size, 1, 'repeats are one array');
  });

  test('an invalid partition fails fast with Slurm\'s message', async () => {
    const t0 = performance.now();
    const records = await runProgram(packs, { source: hello, target: kite, repeat: 2, timeoutS: T, runner: new SlurmRunner({ partition: 'nosuchpart' }) });
    for (const r of records) {
      assert.equal(r.status, 'runner-error');
      assert.match(r.reason ?? '', /Slurm refused the job: .*[Ii]nvalid partition/);
    }
    const bad = await runProgram(packs, { source: hello, target: kite, timeoutS: T, runner: new SlurmRunner({ reservation: 'nosuchresv' }) });
    assert.match(bad[0]?.reason ?? '', /reservation is invalid/);
    assert.ok(performance.now() - t0 < 30_000);
  });

  test('a guest that never ends is a timeout (the engine limit, shorter than the job time)', async () => {
    const [r] = await runProgram(packs, { source: program('forever.c'), target: { pack: 'kite', options: {} }, timeoutS: 3, runner: new SlurmRunner({ time: '5' }) });
    assert.equal(r?.status, 'timeout', r?.reason);
    assert.equal(r?.runner.kind, 'slurm');
  });

  test('interrupt cancels pending and running jobs (scancel) and records them cancelled', async () => {
    const ac = new AbortController();
    const plan = planSweep(packs, { base: { pack: 'kite', options: {} }, params: {}, axes: [{ name: 'n', values: ['1', '2', '3', '4', '5', '6'] }], skipMissing: false, repeat: 1 });
    const runP = runSweep(packs, { source: program('forever.c'), plan, repeat: 1, timeoutS: 120, signal: ac.signal, runner: new SlurmRunner({ limit: 2 }) });
    const job = await runningJob();
    ac.abort();
    const out = await runP;
    assert.equal(out.cancelled, true);
    assert.equal(out.runs.length, 6);
    for (const r of out.runs) assert.equal(r.record.status, 'cancelled');
    const array = job.id.split('_')[0]!;
    // Slurm says so too: nothing of the array is left pending or running.
    const until = Date.now() + 15_000;
    let states = '';
    while (Date.now() < until) {
      states = squeue(array);
      if (!/PENDING|RUNNING|COMPLETING/.test(states)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.doesNotMatch(states, /PENDING|RUNNING|COMPLETING/);
    assert.match(states, /CANCELLED/);
  });

  test('a node set DOWN during a job: retried on another node, or a runner-error naming NODE_FAIL', async () => {
    for (const retries of [1, 0]) {
      const runP = runProgram(packs, { source: spin(4000), target: { pack: 'kite', options: {} }, timeoutS: T, runner: new SlurmRunner({ retries }) });
      const job = await runningJob();
      execFileSync('scontrol', ['update', `nodename=${job.node}`, 'state=down', 'reason=bootbook-test']);
      try {
        const [r] = await runP;
        assert.ok(r);
        if (retries) {
          assert.equal(r.status, 'ok', `${r.reason}`);
          assert.equal(r.runner.attempts, 2);
          assert.match(JSON.stringify(r.runner.history), /NODE_FAIL/);
        } else {
          assert.equal(r.status, 'runner-error');
          assert.match(r.reason ?? '', /NODE_FAIL/);
        }
      } finally {
        execFileSync('scontrol', ['update', `nodename=${job.node}`, 'state=resume']);
      }
    }
  });

  test('a job that hits its Slurm time limit (1 minute) is a timeout record', async () => {
    // The engine's own limit is far away: only Slurm (TimeLimit + KillWait) stops this guest.
    const t0 = performance.now();
    const [r] = await runProgram(packs, { source: program('forever.c'), target: { pack: 'kite', options: {} }, timeoutS: 600, runner: new SlurmRunner({ time: '1' }) });
    assert.equal(r?.status, 'timeout', r?.reason);
    assert.equal(r?.runner.state, 'TIMEOUT');
    assert.equal(r?.runner.time, '1');
    assert.match(String(r?.runner.node), /^n[1-4]$/);
    const s = (performance.now() - t0) / 1000;
    assert.ok(s >= 55 && s < 150, `stopped by Slurm after ${s.toFixed(0)} s`);
  });

  test('auto acceleration is decided on the node, within what the pack allows, and recorded', async () => {
    const linux = { text: 'int main(void) { return 0; }\n', displayName: 'zero.c' };
    const [l] = await runProgram(packs, { source: linux, target: { pack: 'linux', options: {} }, timeoutS: T, runner: new SlurmRunner() });
    assert.equal(l?.status, 'ok', `${l?.reason} ${l?.console}`);
    const allowed = packs.get('linux')!.manifest.boot.x86_64!.accel ?? ['tcg'];
    assert.ok(allowed.includes(l!.runner.accel as 'tcg'), `${l!.runner.accel} is allowed by the linux pack (${allowed.join(', ')})`);
    assert.equal(l!.runner.accelDecidedOn, 'node');
    const node = String(l!.runner.node);
    assert.match(l!.runner.accelReason ?? '', new RegExp(`^decided on ${node}: `));
    // What the node's script saw and kept: the same accelerator as the record.
    const seen = readFileSync(join(cacheDir, 'node-accel', node), 'utf8').split('|');
    assert.equal(seen[0], l!.runner.accel);
    assert.ok(l!.runner.argv!.join(' ').includes(`-accel ${l!.runner.accel}`), 'the recorded argv is the one the node ran');
    // kite allows tcg only: nothing is left to the node.
    const [k] = await runProgram(packs, { source: hello, target: kite, timeoutS: T, runner: new SlurmRunner() });
    assert.equal(k?.status, 'ok', k?.reason);
    assert.equal(k!.runner.accel, 'tcg');
    assert.equal(k!.runner.accelDecidedOn, undefined);
    // icount needs tcg wherever it runs.
    const [i] = await runProgram(packs, { source: linux, target: { pack: 'linux', options: {} }, clock: 'icount', timeoutS: T, runner: new SlurmRunner() });
    assert.equal(i?.status, 'ok', i?.reason);
    assert.deepEqual([i!.runner.accel, i!.runner.accelDecidedOn], ['tcg', undefined]);
  });

  test('watchers see the job id and its states as they change (what the notebook\'s progress shows)', async () => {
    const runner = new SlurmRunner({ reservation: 'r1' });
    const updates: { jobIds: string[]; counts: Record<string, number>; nodes: string[] }[] = [];
    runner.watch((u) => updates.push(u));
    const records = await runProgram(packs, { source: spin(1500), target: { pack: 'kite', options: {} }, repeat: 3, timeoutS: T, runner });
    for (const r of records) assert.equal(r.status, 'ok', r.reason);
    const array = String(records[0]!.runner.arrayJobId);
    assert.ok(updates.length >= 2, JSON.stringify(updates));
    for (const u of updates) {
      assert.deepEqual(u.jobIds, [array]);
      assert.equal(Object.values(u.counts).reduce((a, b) => a + b, 0), 3, 'every run is counted in some state');
    }
    assert.equal(updates[0]!.counts.PENDING, 3, 'submitted: pending');
    assert.ok(updates.some((u) => (u.counts.RUNNING ?? 0) > 0), 'seen running');
    assert.deepEqual(updates.at(-1)!.counts, { COMPLETED: 3 });
    for (const n of updates.at(-1)!.nodes) assert.match(n, /^n[34]$/);
  });

  test('the test cache is the staging root\'s parent (nothing staged outside it)', () => {
    assert.ok(stagingRoot({}).startsWith(cacheDir));
  });
});
