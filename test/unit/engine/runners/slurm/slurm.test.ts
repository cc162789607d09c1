// The slurm runner's pure parts: state mapping, squeue parsing, options, sbatch flags.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultTime, parseSlurmOptions, sbatchFlags } from '../../../../../server/src/engine/runners/slurm/config.js';
import { compactRanges, slurmMessage } from '../../../../../server/src/engine/runners/slurm/runner.js';
import { classifyState, parseSqueue, taskIds } from '../../../../../server/src/engine/runners/slurm/state.js';
import { decideStatus } from '../../../../../server/src/engine/guest/status.js';
import { parseReservations } from '../../../../../server/src/cli/slurm.js';

const fail = (why: string): never => {
  throw new Error(why);
};

describe('slurm states', () => {
  test('each state maps to what the runner does', () => {
    for (const s of ['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'SUSPENDED']) assert.equal(classifyState(s), 'waiting');
    assert.equal(classifyState('COMPLETED'), 'done');
    assert.equal(classifyState('FAILED'), 'done');
    assert.equal(classifyState('TIMEOUT'), 'timeout');
    assert.equal(classifyState('DEADLINE'), 'timeout');
    assert.equal(classifyState('NODE_FAIL'), 'node-fail');
    assert.equal(classifyState('BOOT_FAIL'), 'node-fail');
    assert.equal(classifyState('CANCELLED by 0'), 'cancelled');
    assert.equal(classifyState('OUT_OF_MEMORY'), 'error');
  });
  test('a TIMEOUT job is a timeout record; a runner error keeps its cause', () => {
    assert.equal(decideStatus([], { code: null, signal: null, timedOut: true, cancelled: false, stderr: '' }, 'isa-debug-exit').status, 'timeout');
    const v = decideStatus([], { code: null, signal: null, timedOut: false, cancelled: false, stderr: '', runnerError: 'job 3 was lost to a node failure (NODE_FAIL on n2)' }, 'isa-debug-exit');
    assert.deepEqual([v.status, v.reason], ['runner-error', 'job 3 was lost to a node failure (NODE_FAIL on n2)']);
  });
  test('squeue lines, with pending tasks not yet split off', () => {
    const rows = parseSqueue('27|0|COMPLETED|None|n1\n27|2-3,5%4|PENDING|JobArrayTaskLimit|\n30|N/A|RUNNING|None|n2\ngarbage\n');
    assert.deepEqual(rows, [
      { arrayJobId: '27', taskId: 0, state: 'COMPLETED', reason: '', node: 'n1' },
      { arrayJobId: '27', taskId: 2, state: 'PENDING', reason: 'JobArrayTaskLimit', node: '' },
      { arrayJobId: '27', taskId: 3, state: 'PENDING', reason: 'JobArrayTaskLimit', node: '' },
      { arrayJobId: '27', taskId: 5, state: 'PENDING', reason: 'JobArrayTaskLimit', node: '' },
      { arrayJobId: '30', state: 'RUNNING', reason: '', node: 'n2' },
    ]);
    assert.equal(taskIds('N/A'), undefined);
    assert.deepEqual(taskIds('[1,3-4]'), [1, 3, 4]);
    assert.deepEqual(compactRanges([5, 0, 1, 2, 7, 8]), '0-2,5,7-8');
  });
});

describe('slurm options', () => {
  test('parsed from k=v words and the flag exclusive', () => {
    assert.deepEqual(parseSlurmOptions(['partition=p', 'reservation=r1', 'account=a', 'qos=normal', 'time=1:30:00', 'exclusive', 'limit=8', 'retries=2'], fail), {
      partition: 'p', reservation: 'r1', account: 'a', qos: 'normal', time: '1:30:00', exclusive: true, limit: 8, retries: 2,
    });
    assert.throws(() => parseSlurmOptions(['queue=x'], fail), /unknown slurm option "queue"/);
    assert.throws(() => parseSlurmOptions(['partition='], fail), /needs a value/);
    assert.throws(() => parseSlurmOptions(['limit=0'], fail), /whole number from 1/);
    assert.throws(() => parseSlurmOptions(['partition=a b'], fail), /not a valid name/);
  });
  test('sbatch flags: never requeued; the time defaults to the run timeout plus a minute', () => {
    assert.deepEqual(sbatchFlags({ partition: 'p', reservation: 'r', exclusive: true }, 30_000), ['--parsable', '--no-requeue', '--job-name=bootbook', '--partition=p', '--reservation=r', '--time=2', '--exclusive']);
    assert.equal(defaultTime(600_000), '11');
    assert.ok(sbatchFlags({ time: '5' }, 1000).includes('--time=5'));
  });
  test("Slurm's own message is kept", () => {
    assert.equal(slurmMessage('sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified\n'), 'error: Batch job submission failed: Invalid partition name specified');
  });
  test('reservations from scontrol show reservation', () => {
    const r = parseReservations('ReservationName=r1 StartTime=2026-01-01T00:00:00 EndTime=2027-01-01T00:00:00 Duration=365-00:00:00\n   Nodes=n[3-4] NodeCnt=2 Users=root Flags=IGNORE_JOBS\n\nReservationName=r2 Nodes=n1\n');
    assert.deepEqual(r.map((x) => [x.name, x.fields.Nodes]), [['r1', 'n[3-4]'], ['r2', 'n1']]);
  });
});
