// The Cluster panel's parsers, on output captured from the local four-node
// cluster (scripts/slurm-local.sh) while jobs ran: fixtures/ beside this file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { expandHostlist, parseNodes, parsePartitions, parseQueuedJobs, parseReservations, stateCounts, taskCount } from '../../../../../server/src/engine/runners/slurm/cluster.js';
import { parseSacct } from '../../../../../server/src/engine/runners/slurm/accounting.js';
import { repoRoot } from '../../../../../server/src/engine/paths.js';

const fixture = (name: string) => readFileSync(join(repoRoot, 'test/unit/engine/runners/slurm/fixtures', name), 'utf8');

describe('slurm cluster parsers', () => {
  test('host lists expand as Slurm writes them', () => {
    assert.deepEqual(expandHostlist('n[1-4]'), ['n1', 'n2', 'n3', 'n4']);
    assert.deepEqual(expandHostlist('n[1-2,5],gpu7'), ['n1', 'n2', 'n5', 'gpu7']);
    assert.deepEqual(expandHostlist('node[08-10]'), ['node08', 'node09', 'node10']);
    assert.deepEqual(expandHostlist('(null)'), []);
  });

  test('partitions: the default is marked, nodes merged across state groups', () => {
    assert.deepEqual(parsePartitions(fixture('sinfo-partitions.txt')), [{ name: 'debug', isDefault: true, availability: 'up', timeLimit: 'infinite', nodes: ['n1', 'n2', 'n3', 'n4'] }]);
    const two = parsePartitions('debug*|up|infinite|n[3-4]\ndebug*|up|infinite|n[1-2]\ngpu|down|1:00:00|g1\n');
    assert.deepEqual(two.map((p) => [p.name, p.isDefault, p.availability, p.nodes.join(' ')]), [['debug', true, 'up', 'n3 n4 n1 n2'], ['gpu', false, 'down', 'g1']]);
  });

  test('nodes: one entry per node, with its state and cpus', () => {
    const nodes = parseNodes(fixture('sinfo-nodes.txt'));
    assert.deepEqual(nodes.map((n) => `${n.name}:${n.state}:${n.cpus}:${n.partitions.join(',')}`), ['n1:allocated:2:debug', 'n2:mixed:2:debug', 'n3:mixed:2:debug', 'n4:reserved:2:debug']);
    const twice = parseNodes('n10|a|down|4|bootbook-test\nn2|a|idle|4|none\nn2|b*|idle|4|none\n');
    assert.deepEqual(twice.map((n) => [n.name, n.partitions, n.reason]), [['n2', ['a', 'b'], ''], ['n10', ['a'], 'bootbook-test']]);
  });

  test('reservations: name, nodes, times, users, state', () => {
    const [r1, ...rest] = parseReservations(fixture('scontrol-reservations.txt'));
    assert.equal(rest.length, 0);
    assert.equal(r1?.name, 'r1');
    assert.equal(r1?.fields.Nodes, 'n[3-4]');
    assert.equal(r1?.fields.Users, 'root');
    assert.equal(r1?.fields.State, 'ACTIVE');
    assert.match(r1?.fields.StartTime ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(parseReservations('No reservations in the system\n'), []);
  });

  test('queued jobs: array ranges count every pending task', () => {
    const jobs = parseQueuedJobs(fixture('squeue-jobs.txt'));
    assert.equal(jobs.length, 15);
    const pending = jobs.find((j) => j.id === '11_[3-9%3]')!;
    assert.deepEqual([pending.state, pending.reason, pending.nodes, pending.reservation], ['PENDING', 'JobArrayTaskLimit', '', '']);
    const inR1 = jobs.find((j) => j.id === '12')!;
    assert.deepEqual([inR1.state, inR1.nodes, inR1.reservation], ['RUNNING', 'n3', 'r1']);
    assert.equal(taskCount('11_[3-9%3]'), 7);
    assert.equal(taskCount('11_[1,3-5]'), 4);
    assert.equal(taskCount('11_2'), 1);
    const counts = stateCounts(jobs);
    assert.equal(counts.PENDING, 7);
    assert.equal(counts.RUNNING, 4);
    assert.equal(counts.COMPLETED, 4);
    assert.equal(counts.CANCELLED, 4 + 4 + 4);
  });

  test('sacct lines: array tasks, single jobs, "CANCELLED by 0" and no node', () => {
    const s = parseSacct(fixture('sacct-states.txt'));
    assert.deepEqual(s, [
      { arrayJobId: '1', taskId: 0, state: 'COMPLETED', reason: '', node: 'n1' },
      { arrayJobId: '1', taskId: 1, state: 'TIMEOUT', reason: '', node: 'n2' },
      { arrayJobId: '2', state: 'NODE_FAIL', reason: '', node: 'n3' },
      { arrayJobId: '3', state: 'CANCELLED', reason: '', node: '' },
      { arrayJobId: '4', state: 'RUNNING', reason: '', node: 'n4' },
    ]);
    assert.deepEqual(parseSacct(fixture('sacct-disabled.txt')), [], 'no accounting: nothing parsed');
  });
});
