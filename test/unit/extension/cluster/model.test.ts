// The Cluster panel's model without a DOM: polling only while visible, backing
// off while nothing changes, errors kept and cleared; where a notebook runs from
// its cells' %runner lines or the user's default; where a result ran; cancelling a job.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cancelTarget, cellRunner, ClusterModel, countsText, jobsToShow, notebookRunner, whereRan, type ClusterApi, type ClusterOverview, type JobsView, type Scheduler } from '../../../../extension/src/cluster/model.js';

const overview = (available = true): ClusterOverview => ({
  available,
  ...(available ? {} : { why: 'Slurm is not installed here' }),
  partitions: [{ name: 'debug', isDefault: true, availability: 'up', timeLimit: 'infinite', nodes: ['n1', 'n2'] }],
  nodes: [],
  reservations: [],
  accounting: { available: false, detail: 'sacct does not answer' },
  defaultRunner: { spec: { kind: 'qemu' }, source: '/home/u/.config/bootbook/runner.json' },
  errors: [],
});
const jobsOf = (...states: string[]): JobsView => ({ available: true, jobs: states.map((state, i) => ({ id: `9_${i}`, arrayJobId: '9', state, reason: '', nodes: 'n1', partition: 'debug', reservation: '', user: 'u', elapsed: '0:01', timeLimit: '2:00' })), counts: {} });

/** A clock the test moves: scheduled callbacks run when `advance` says so. */
function fakeClock() {
  const queue: { at: number; fn: () => void }[] = [];
  let now = 0;
  const scheduler: Scheduler = {
    after(ms, fn) {
      const item = { at: now + ms, fn };
      queue.push(item);
      return () => queue.splice(queue.indexOf(item), 1);
    },
  };
  return {
    scheduler,
    pending: () => queue.length,
    async advance(ms: number) {
      now += ms;
      for (const item of queue.filter((q) => q.at <= now)) {
        queue.splice(queue.indexOf(item), 1);
        item.fn();
      }
      await new Promise((r) => setImmediate(r));
    },
  };
}

function api(jobs: () => JobsView, avail = true) {
  const calls = { overview: 0, jobs: 0, cancelled: [] as string[] };
  const a: ClusterApi = {
    overview: async () => (calls.overview++, overview(avail)),
    jobs: async () => (calls.jobs++, jobs()),
    cancel: async (id) => (calls.cancelled.push(id), { jobId: id, cancelled: [{ id, state: 'RUNNING' }] }),
  };
  return { a, calls };
}

const poll = { minMs: 1000, maxMs: 8000, overviewEveryMs: 10_000 };

describe('cluster model', () => {
  test('polls only while visible, backs off while nothing changes, stays fast while jobs run', async () => {
    let current = jobsOf();
    const { a, calls } = api(() => current);
    const clock = fakeClock();
    const m = new ClusterModel(a, poll, clock.scheduler);
    let changes = 0;
    m.onChange(() => changes++);
    await new Promise((r) => setImmediate(r));
    assert.equal(calls.jobs, 0, 'hidden: no request');
    m.setVisible(true);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, { overview: 1, jobs: 1, cancelled: [] });
    assert.equal(changes, 1);
    assert.equal(m.delayMs, 1000, 'the first answer is a change');
    await clock.advance(1000);
    assert.equal(m.delayMs, 2000, 'unchanged: back off');
    await clock.advance(2000);
    assert.equal(m.delayMs, 4000);
    await clock.advance(4000);
    await clock.advance(8000);
    assert.equal(m.delayMs, 8000, 'capped');
    assert.equal(calls.overview, 2, 'the overview is re-read every overviewEveryMs, not every poll');
    current = jobsOf('PENDING', 'RUNNING');
    await clock.advance(8000);
    assert.equal(m.delayMs, 1000, 'a change: fast again');
    assert.equal(m.jobs?.jobs.length, 2);
    await clock.advance(1000);
    assert.equal(m.delayMs, 1000, 'jobs still pending/running: stay fast');
    m.setVisible(false);
    const n = calls.jobs;
    assert.equal(clock.pending(), 0, 'hidden: nothing scheduled');
    await clock.advance(60_000);
    assert.equal(calls.jobs, n);
  });

  test('an unreachable server is an error that backs off; the next success clears it', async () => {
    let fail = true;
    const a: ClusterApi = {
      overview: async () => {
        if (fail) throw new Error("bootbook's server could not be reached");
        return overview();
      },
      jobs: async () => jobsOf(),
      cancel: async () => assert.fail('not cancelled here'),
    };
    const clock = fakeClock();
    const m = new ClusterModel(a, poll, clock.scheduler);
    m.setVisible(true);
    await new Promise((r) => setImmediate(r));
    assert.match(m.error ?? '', /could not be reached/);
    assert.equal(m.delayMs, 2000);
    fail = false;
    await clock.advance(2000);
    assert.equal(m.error, undefined);
    assert.equal(m.overview?.available, true);
  });

  test('no Slurm: the overview says why and the queue is not asked', async () => {
    const { a, calls } = api(() => jobsOf(), false);
    const m = new ClusterModel(a, poll, fakeClock().scheduler);
    await m.refresh();
    assert.equal(m.overview?.available, false);
    assert.match(m.overview?.why ?? '', /not installed/);
    assert.equal(calls.jobs, 0);
    assert.equal(m.jobs, undefined);
  });

  test('the panel lists waiting and running jobs first, then the newest finished, at most N', () => {
    const j = (id: string, state: string) => ({ ...jobsOf(state).jobs[0]!, id, arrayJobId: id.split('_')[0]! });
    const { shown, hiddenFinished } = jobsToShow([j('3_0', 'COMPLETED'), j('12_1', 'COMPLETED'), j('12_0', 'COMPLETED'), j('5_[2-9%2]', 'PENDING'), j('5_1', 'RUNNING'), j('4', 'CANCELLED')], 3);
    assert.deepEqual(shown.map((x) => x.id), ['5_1', '5_[2-9%2]', '12_0', '12_1', '4']);
    assert.equal(hiddenFinished, 1);
  });

  test('cancel asks the server for that job, then reads the queue again to show its new state', async () => {
    let current = jobsOf('RUNNING');
    const { a, calls } = api(() => current);
    const m = new ClusterModel(a, poll, fakeClock().scheduler);
    await m.refresh();
    assert.equal(m.jobs?.jobs[0]!.state, 'RUNNING');
    let changes = 0;
    m.onChange(() => changes++);
    const readsBefore = calls.jobs;
    current = jobsOf('CANCELLED');
    const answer = await m.cancel('9_0');
    assert.deepEqual(calls.cancelled, ['9_0']);
    assert.deepEqual(answer, { jobId: '9_0', cancelled: [{ id: '9_0', state: 'RUNNING' }] });
    assert.equal(calls.jobs, readsBefore + 1, 'the queue is read again');
    assert.equal(m.jobs?.jobs[0]!.state, 'CANCELLED');
    assert.equal(changes, 1, 'the panel is told');
  });

  test("a refused cancel rejects with the server's reason, and the queue is still read again", async () => {
    const { a, calls } = api(() => jobsOf('RUNNING'));
    a.cancel = async (id) => {
      throw new Error(`job ${id} is not one of bootbook's jobs of user u`);
    };
    const m = new ClusterModel(a, poll, fakeClock().scheduler);
    await m.refresh();
    const reads = calls.jobs;
    await assert.rejects(m.cancel('7'), /job 7 is not one of bootbook's jobs of user u/);
    assert.equal(calls.jobs, reads + 1);
  });

  test("what a row's Cancel button cancels: the job or task, an array's pending range as the whole array, nothing once ended", () => {
    const j = (id: string, state: string) => ({ id, arrayJobId: id.split('_')[0]!, state });
    assert.deepEqual(cancelTarget(j('12', 'RUNNING')), { id: '12', what: 'Slurm job 12' });
    assert.deepEqual(cancelTarget(j('12_3', 'PENDING')), { id: '12_3', what: 'Slurm job 12_3' });
    assert.deepEqual(cancelTarget(j('12_[4-9%2]', 'PENDING')), { id: '12', what: 'Slurm job array 12 (all its tasks)' });
    for (const state of ['COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT', 'COMPLETING']) assert.equal(cancelTarget(j('12_3', state)), undefined, state);
  });

  test('state counts in order', () => {
    assert.equal(countsText({ COMPLETED: 4, RUNNING: 4, PENDING: 12 }), 'PENDING 12 · RUNNING 4 · COMPLETED 4');
  });
});

describe('where a notebook runs', () => {
  test("a cell's %runner comes from the directive lines at its top only", () => {
    assert.deepEqual(cellRunner('%target kite\n%runner slurm partition=debug reservation=r1\nint main(void){}'), ['slurm', 'partition=debug', 'reservation=r1']);
    assert.deepEqual(cellRunner('%runner qemu\nint main(void){}'), ['qemu']);
    assert.equal(cellRunner('int main(void){}\n%runner slurm'), undefined, 'after the C starts it is not a directive');
    assert.equal(cellRunner('%repeat 3\nint x;'), undefined);
  });

  test('one place, the user default, or mixed', () => {
    const slurmCell = '%runner slurm reservation=r1\nint main(void){return 0;}';
    const plain = 'int main(void){return 0;}';
    assert.equal(notebookRunner([plain, plain]).text, 'runs on qemu (local)');
    assert.equal(notebookRunner([]).text, 'runs on qemu (local)');
    const all = notebookRunner([slurmCell, slurmCell]);
    assert.deepEqual([all.text, all.kind], ['runs on slurm reservation=r1', 'slurm']);
    const byDefault = notebookRunner([plain], { kind: 'slurm', options: { partition: 'debug', exclusive: true } });
    assert.equal(byDefault.text, 'runs on slurm partition=debug exclusive');
    assert.match(byDefault.title, /runner\.json/);
    const mixed = notebookRunner([slurmCell, plain, '%runner qemu\nint x;']);
    assert.equal(mixed.kind, 'mixed');
    assert.equal(mixed.text, 'runs on 2 places');
    assert.match(mixed.title, /slurm reservation=r1: 1 cell\nqemu \(local\): 2 cells/);
    // A cell of %runner alone is the notebook's default for the cells after it, not a place itself.
    const notebookDefault = notebookRunner(['%runner slurm partition=debug', plain, plain]);
    assert.equal(notebookDefault.text, 'runs on slurm partition=debug');
    assert.equal(notebookRunner([plain, '%runner slurm partition=debug', plain]).text, 'runs on 2 places', 'only the cells after it');
  });

  test('a result says where it ran; a local result says nothing new', () => {
    assert.equal(whereRan([{ runner: { kind: 'qemu' } }]), '');
    const recs = [0, 1].map((i) => ({ runner: { kind: 'slurm', node: i ? 'n4' : 'n3', reservation: 'r1', arrayJobId: '12' } }));
    assert.equal(whereRan(recs), 'ran on slurm: nodes n3, n4 (reservation=r1; job 12)');
    assert.equal(whereRan([{ runner: { kind: 'slurm', partition: 'debug', arrayJobId: '3' } }]), 'ran on slurm: no node (partition=debug; job 3)');
  });
});
