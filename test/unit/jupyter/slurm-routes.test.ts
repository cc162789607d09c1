// GET /bootbook/api/slurm, /bootbook/api/slurm/jobs and POST .../jobs/<id>/cancel through the real app, on a
// machine without Slurm (PATH holds only a shell): a 200 that says "not
// available" and why, never a 500; the user's default runner from runner.json,
// and a broken runner.json named with what is wrong. The cluster itself is
// tested against a real Slurm in test/slurm/cluster-view.test.ts (cancelling in test/slurm/cancel.test.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'bb-slurm-routes-'));
const bin = join(dir, 'bin');
const saved = { PATH: process.env.PATH, BOOTBOOK_RUNNER_CONFIG: process.env.BOOTBOOK_RUNNER_CONFIG };
let s: TestServer;

before(async () => {
  rmSync(bin, { recursive: true, force: true });
  const { mkdirSync } = await import('node:fs');
  mkdirSync(bin);
  symlinkSync('/bin/sh', join(bin, 'sh'));
  process.env.PATH = bin;
  process.env.BOOTBOOK_RUNNER_CONFIG = join(dir, 'runner.json');
  s = await startServer();
});
after(async () => {
  process.env.PATH = saved.PATH;
  if (saved.BOOTBOOK_RUNNER_CONFIG === undefined) delete process.env.BOOTBOOK_RUNNER_CONFIG;
  else process.env.BOOTBOOK_RUNNER_CONFIG = saved.BOOTBOOK_RUNNER_CONFIG;
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('slurm routes without Slurm', () => {
  test('the overview is a 200 saying Slurm is not available, and why', async () => {
    const r = await s.api('GET', '/bootbook/api/slurm');
    assert.equal(r.status, 200);
    const j = r.json();
    assert.equal(j.available, false);
    assert.match(j.why, /Slurm is not installed here/);
    assert.deepEqual([j.partitions, j.nodes, j.reservations], [[], [], []]);
    assert.deepEqual(j.defaultRunner.spec, { kind: 'qemu' }, 'no runner.json: the local pool');
    assert.equal(j.defaultRunner.source, join(dir, 'runner.json'));
  });

  test('the jobs are a 200 saying why they cannot be listed', async () => {
    const r = await s.api('GET', '/bootbook/api/slurm/jobs');
    assert.equal(r.status, 200);
    assert.equal(r.json().available, false);
    assert.match(r.json().why, /squeue is not installed/);
    assert.deepEqual(r.json().jobs, []);
  });

  test("the user's default runner, and a broken runner.json named with what is wrong", async () => {
    writeFileSync(join(dir, 'runner.json'), JSON.stringify({ runner: 'slurm', slurm: { partition: 'debug', exclusive: true } }));
    let j = (await s.api('GET', '/bootbook/api/slurm')).json();
    assert.deepEqual(j.defaultRunner.spec, { kind: 'slurm', options: { partition: 'debug', exclusive: true } });
    writeFileSync(join(dir, 'runner.json'), JSON.stringify({ runner: 'slurm', slurm: { colour: 'red' } }));
    const r = await s.api('GET', '/bootbook/api/slurm');
    assert.equal(r.status, 200);
    j = r.json();
    assert.deepEqual(j.defaultRunner.spec, { kind: 'qemu' });
    assert.match(j.defaultRunner.error, /runner\.json: unknown slurm option "colour"; valid: partition= /);
  });

  test('cancel: an id that is not a job id is a 400 naming it and what is valid, before Slurm is asked', async () => {
    for (const bad of ['12a', '123_', '_4', '123_4_5', '1%3B2', '123_[1-3]', '%20']) {
      const r = await s.api('POST', `/bootbook/api/slurm/jobs/${bad}/cancel`);
      assert.equal(r.status, 400, bad);
      assert.match(r.json().message, /is not a Slurm job id; valid: a job id \(123\), an array task \(123_4\) or a whole array \(123\)/, bad);
      assert.equal(r.json().reason, 'bad-id');
    }
  });

  test('cancel without Slurm: a 503 with the same reason as the overview', async () => {
    for (const id of ['123', '123_4']) {
      const r = await s.api('POST', `/bootbook/api/slurm/jobs/${id}/cancel`);
      assert.equal(r.status, 503, id);
      assert.match(r.json().message, /^Slurm is not available: Slurm is not installed here \(no sbatch, squeue, sinfo, scontrol\)/);
      assert.equal(r.json().reason, 'unavailable');
    }
  });

  test('cancel is POST only', async () => {
    const r = await s.api('GET', '/bootbook/api/slurm/jobs/123/cancel');
    assert.equal(r.status, 405);
  });

  test('only GET', async () => {
    const r = await s.api('POST', '/bootbook/api/slurm', {});
    assert.equal(r.status, 405);
  });
});
