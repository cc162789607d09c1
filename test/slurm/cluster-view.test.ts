// What the Cluster panel reads (GET /bootbook/api/slurm, /bootbook/api/slurm/jobs)
// from a real Slurm: scripts/slurm-local.sh's partition, nodes n1-n4 and
// reservation r1, and a bootbook job in the queue with its state.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../unit/jupyter/helpers.js';
import { needsCluster } from './cluster.js';

describe('the cluster overview from a real Slurm', { concurrency: 1, ...needsCluster }, () => {
  let s: TestServer;
  const jobs: string[] = [];
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    if (jobs.length) execFileSync('scancel', jobs);
    await s?.close();
  });

  test('partitions, nodes n1-n4 and reservation r1', async () => {
    const r = await s.api('GET', '/bootbook/api/slurm');
    assert.equal(r.status, 200);
    const o = r.json();
    assert.equal(o.available, true, o.why);
    const debug = o.partitions.find((p: { name: string }) => p.name === 'debug');
    assert.deepEqual([debug?.isDefault, debug?.nodes], [true, ['n1', 'n2', 'n3', 'n4']]);
    assert.deepEqual(o.nodes.map((n: { name: string }) => n.name), ['n1', 'n2', 'n3', 'n4']);
    for (const n of o.nodes) assert.match(n.state, /^(idle|reserved|mixed|allocated|completing)/);
    const r1 = o.reservations.find((x: { name: string }) => x.name === 'r1');
    assert.ok(r1, JSON.stringify(o.reservations));
    assert.deepEqual([r1.nodes, r1.users, r1.state, r1.use], ['n[3-4]', 'root', 'ACTIVE', '%runner slurm reservation=r1']);
    assert.match(r1.flags, /IGNORE_JOBS/);
    assert.equal(o.accounting.available, false, 'the local cluster has no slurmdbd');
    assert.match(o.accounting.detail, /sacct does not answer \(Slurm accounting storage is disabled\)/);
  });

  test("bootbook's jobs with their states, and nothing else's", async () => {
    const mine = execFileSync('sbatch', ['--parsable', '--job-name=bootbook', '--output=/dev/null', '--array=0-3%1', '--wrap', 'sleep 30'], { encoding: 'utf8' }).trim();
    const other = execFileSync('sbatch', ['--parsable', '--job-name=not-bootbook', '--output=/dev/null', '--wrap', 'sleep 30'], { encoding: 'utf8' }).trim();
    jobs.push(mine, other);
    let v;
    const until = Date.now() + 20_000;
    do {
      v = (await s.api('GET', '/bootbook/api/slurm/jobs')).json();
      if (v.jobs.some((j: { id: string; state: string }) => j.id === `${mine}_0` && j.state === 'RUNNING')) break;
      await new Promise((r) => setTimeout(r, 300));
    } while (Date.now() < until);
    assert.equal(v.available, true);
    const ours = v.jobs.filter((j: { arrayJobId: string }) => j.arrayJobId === mine);
    assert.deepEqual(ours.map((j: { id: string; state: string }) => `${j.id} ${j.state}`).sort(), [`${mine}_0 RUNNING`, `${mine}_[1-3%1] PENDING`]);
    assert.ok(!v.jobs.some((j: { arrayJobId: string }) => j.arrayJobId === other), 'only jobs named bootbook');
    assert.ok(v.counts.PENDING >= 3 && v.counts.RUNNING >= 1, JSON.stringify(v.counts));
  });
});
