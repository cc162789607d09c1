// Cancelling from the Cluster panel against the real cluster: POST
// /bootbook/api/slurm/jobs/<id>/cancel refuses jobs that are not bootbook's,
// unknown and ended ones, and cancels bootbook's; a notebook cell whose job is
// cancelled that way ends promptly as cancelled with the reason, and a sweep
// whose array task is cancelled accounts for every point.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunRecord } from '../../server/src/engine/record.js';
import { PROGRESS_MIME } from '../../server/src/kernel/progress.js';
import { packs } from '../integration/helpers.js';
import { Harness } from '../unit/kernel/harness.js';
import { startServer, type TestServer } from '../unit/jupyter/helpers.js';
import { needsCluster } from './cluster.js';

const SPIN = `#include <bootbook.h>
int main(void) {
    uint64_t t0 = bb_nanos();
    while (bb_nanos() - t0 < (uint64_t)bb_param("ms", 60000) * 1000000ull) {}
    bb_metric("spun", (double)(bb_nanos() - t0), "ns");
    return 0;
}
`;

const resultsDir = mkdtempSync(join(tmpdir(), 'bootbook-slurm-cancel-'));
process.env.BOOTBOOK_RESULTS_ROOT = resultsDir;
after(() => rmSync(resultsDir, { recursive: true, force: true }));

const sbatch = (name: string, ...extra: string[]) => execFileSync('sbatch', ['--parsable', `--job-name=${name}`, '--output=/dev/null', ...extra, '--wrap', 'sleep 60'], { encoding: 'utf8' }).trim();
const squeueState = (id: string) => execFileSync('squeue', ['-h', '-t', 'all', '-j', id, '-o', '%T'], { encoding: 'utf8' }).trim();

/** The job ids a cell's progress line has named so far. */
function jobIdsOf(h: Harness, req: Parameters<Harness['of']>[0]): string[] {
  for (const m of h.iopub(req).reverse()) {
    const d = (m.content as { data?: Record<string, unknown> }).data?.[PROGRESS_MIME] as { runner?: { jobIds: string[]; counts: Record<string, number> } } | undefined;
    if (d?.runner?.jobIds.length) return d.runner.jobIds;
  }
  return [];
}

async function until<T>(what: string, fn: () => T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('cancelling bootbook jobs on a real Slurm', { concurrency: 1, ...needsCluster }, () => {
  let s: TestServer;
  const jobs: string[] = [];
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    // The test's own jobs only; scancel of one that already ended is harmless (stdio ignored).
    if (jobs.length) execFileSync('scancel', jobs, { stdio: 'ignore' });
    await s?.close();
  });
  const cancel = (id: string) => s.api('POST', `/bootbook/api/slurm/jobs/${id}/cancel`);

  test("another job is refused with a 403 and keeps running; unknown and ended ones are a 404 and a 409", async () => {
    const other = sbatch('not-bootbook');
    jobs.push(other);
    const r = await cancel(other);
    assert.equal(r.status, 403, r.text);
    assert.match(r.json().message, new RegExp(`job ${other} is not one of bootbook's jobs of user \\w+ \\(it is "not-bootbook" of \\w+\\)`));
    assert.match(squeueState(other), /PENDING|RUNNING/, 'still there');
    const unknown = await cancel('999999999');
    assert.equal(unknown.status, 404);
    assert.match(unknown.json().message, /Slurm does not know job 999999999/);
    const mine = sbatch('bootbook');
    jobs.push(mine);
    assert.equal((await cancel(mine)).status, 200);
    await until('the job to be CANCELLED', () => squeueState(mine) === 'CANCELLED');
    const again = await cancel(mine);
    assert.equal(again.status, 409);
    assert.match(again.json().message, new RegExp(`job ${mine} has already ended \\(CANCELLED\\)`));
  });

  test('an array task, then the whole array: what was cancelled is in the answer', async () => {
    const arr = sbatch('bootbook', '--array=0-3%1');
    jobs.push(arr);
    await until('task 0 to run', () => squeueState(`${arr}_0`) === 'RUNNING');
    const one = await cancel(`${arr}_2`);
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.json(), { jobId: `${arr}_2`, cancelled: [{ id: `${arr}_2`, state: 'PENDING' }] });
    const all = await cancel(arr);
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.json().cancelled.map((j: { id: string; state: string }) => `${j.id} ${j.state}`).sort(), [`${arr}_0 RUNNING`, `${arr}_[1,3%1] PENDING`]);
    await until('every task CANCELLED', () => squeueState(`${arr}_0`) === 'CANCELLED');
  });

  test('a cell whose job is cancelled through the route ends promptly, cancelled, with the reason', async () => {
    const h = new Harness(packs);
    const req = h.execute(`%target kite\n%runner slurm\n${SPIN}`);
    const done = h.kernel.handle(req);
    const [jobId] = await until('the job id in the progress', () => jobIdsOf(h, req).length ? jobIdsOf(h, req) : undefined);
    await until('the job to run', () => squeueState(jobId!) === 'RUNNING');
    const r = await cancel(jobId!);
    assert.equal(r.status, 200, r.text);
    const t0 = Date.now();
    await done;
    const ms = Date.now() - t0;
    assert.ok(ms < 15_000, `the cell ended ${ms} ms after the cancel`);
    const reply = h.content(h.replyTo(req)) as { status: string; ename?: string; evalue?: string };
    assert.equal(reply.status, 'error');
    assert.equal(reply.ename, 'Cancelled');
    assert.match(reply.evalue ?? '', new RegExp(`^job ${jobId} was cancelled outside bootbook \\(scancel; Slurm says CANCELLED`));
  });

  test('a sweep with one array task cancelled: every point is accounted for, the cancelled one as cancelled', async () => {
    const h = new Harness(packs);
    const req = h.execute(`%target kite\n%runner slurm limit=1\n%sweep ms=200,300,60000\n${SPIN}`);
    const done = h.kernel.handle(req);
    const [arr] = await until('the array id in the progress', () => jobIdsOf(h, req).length ? jobIdsOf(h, req) : undefined);
    // Task 2 (60 s) waits behind the limit: cancel it while pending, as the panel's row for it would.
    const r = await cancel(`${arr}_2`);
    assert.equal(r.status, 200, r.text);
    await done;
    const reply = h.content(h.replyTo(req)) as { status: string; ename?: string; evalue?: string };
    assert.equal(reply.ename, 'Cancelled', JSON.stringify(reply));
    assert.match(reply.evalue ?? '', /^1 of 3 runs were cancelled outside bootbook \(first: job \d+_2 was cancelled outside bootbook/);
    const result = h.iopub(req, 'execute_result')[0]!.content as { data: Record<string, unknown> };
    const sweep = result.data['application/vnd.bootbook.sweep+json'] as { summary: { total: number; points: { runs: number; ok: number }[] }; records: RunRecord[] };
    assert.equal(sweep.summary.total, 3);
    assert.deepEqual(sweep.summary.points.map((p) => [p.runs, p.ok]), [[1, 1], [1, 1], [1, 0]]);
    assert.deepEqual(sweep.records.map((x) => x.status), ['ok', 'ok', 'cancelled']);
    assert.match(String(sweep.records[2]!.reason), /cancelled outside bootbook/);
  });
});
