// A slurm cell's live progress: the job ids and per-state counts ride in the
// progress line (text and JSON) as they change; a local cell's line is unchanged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countsText, SlurmRunner } from '../../../server/src/engine/runners/slurm/runner.js';
import { followRunner, ProgressDisplay, PROGRESS_MIME, slurmText } from '../../../server/src/kernel/progress.js';
import { SweepProgressDisplay } from '../../../server/src/kernel/sweep-progress.js';

type Msg = { type: string; content: { data: Record<string, unknown> } };
function sink() {
  const msgs: Msg[] = [];
  return { msgs, publish: (type: string, content: Record<string, unknown>) => msgs.push({ type, content: content as Msg['content'] }) };
}

describe('slurm progress', () => {
  test('state counts read in the order a job moves through them', () => {
    assert.equal(countsText({ COMPLETED: 4, PENDING: 12, RUNNING: 4 }), 'PENDING 12 · RUNNING 4 · COMPLETED 4');
    assert.equal(countsText({ WEIRD: 1, TIMEOUT: 2, PENDING: 0 }), 'TIMEOUT 2 · WEIRD 1');
    assert.equal(slurmText({ jobIds: ['12'], counts: { RUNNING: 1 }, nodes: ['n3'], reservation: 'r1' }), 'slurm job 12 [reservation=r1]: RUNNING 1 on n3');
    assert.equal(slurmText({ jobIds: ['40'], counts: { PENDING: 12, RUNNING: 4, COMPLETED: 4 }, nodes: ['n1', 'n2'], partition: 'debug' }), 'slurm array 40 [partition=debug]: PENDING 12 · RUNNING 4 · COMPLETED 4 on n1, n2');
    assert.equal(slurmText({ jobIds: ['40', '41'], counts: { COMPLETED: 2 }, nodes: [] }), 'slurm jobs 40, 41: COMPLETED 2');
  });

  test('a single run: the progress line gains the job and its state; the JSON carries them as data', () => {
    const s = sink();
    const p = new ProgressDisplay(s.publish, 'kite (x86_64)');
    p.setStage('booting', '1 run');
    const before = s.msgs.at(-1)!.content.data['text/plain'];
    assert.match(String(before), /^kite \(x86_64\) · booting \(1 run\) · \d+\.\d s$/, 'nothing about slurm before its first update');
    p.setRunner({ jobIds: ['7'], counts: { PENDING: 1 }, nodes: [] });
    p.setRunner({ jobIds: ['7'], counts: { RUNNING: 1 }, nodes: ['n2'] });
    const last = s.msgs.at(-1)!;
    assert.equal(last.type, 'update_display_data');
    assert.match(String(last.content.data['text/plain']), /^kite \(x86_64\) · booting \(1 run · slurm job 7: RUNNING 1 on n2\) · \d+\.\d s$/);
    const json = last.content.data[PROGRESS_MIME] as Record<string, unknown>;
    assert.equal(json.detail, '1 run · slurm job 7: RUNNING 1 on n2');
    assert.deepEqual(json.runner, { kind: 'slurm', jobIds: ['7'], counts: { RUNNING: 1 }, nodes: ['n2'] });
    p.finish();
    const n = s.msgs.length;
    p.setRunner({ jobIds: ['7'], counts: { COMPLETED: 1 }, nodes: ['n2'] });
    assert.equal(s.msgs.length, n, 'nothing after the cell was answered');
  });

  test('a sweep: the array\'s counts follow the run counts', () => {
    const s = sink();
    const p = new SweepProgressDisplay(s.publish, 'sweep kite (x86_64)');
    p.start(20);
    p.update({ done: 4, total: 20, failed: 0, etaS: 8, stage: 'booting', resumed: 0 });
    p.setRunner({ jobIds: ['40'], counts: { PENDING: 12, RUNNING: 4, COMPLETED: 4 }, nodes: ['n1'] });
    const last = s.msgs.at(-1)!;
    assert.equal(last.content.data['text/plain'], 'sweep kite (x86_64) · 4/20 runs, ~8 s left · slurm array 40: PENDING 12 · RUNNING 4 · COMPLETED 4 on n1');
    const json = last.content.data[PROGRESS_MIME] as { detail: string; runs: { done: number }; runner: { counts: Record<string, number> } };
    assert.equal(json.runs.done, 4);
    assert.equal(json.runner.counts.PENDING, 12);
    assert.match(json.detail, /^slurm array 40/);
    p.finish();
  });

  test('only a slurm runner is followed; the local pool\'s line stays as it was', () => {
    const seen: unknown[] = [];
    const display = { setRunner: (u: unknown) => seen.push(u) };
    followRunner(undefined, display);
    followRunner({ kind: 'qemu', boot: () => Promise.reject(new Error('unused')) }, display);
    const r = new SlurmRunner({ partition: 'debug' });
    followRunner(r, display);
    assert.equal(seen.length, 0);
    // The runner publishes to its watchers (here: the display) as states change.
    (r as unknown as { batches: Set<unknown[]> }).batches.add([{ state: 'PENDING', arrayJobId: '5' }]);
    (r as unknown as { publish(): void }).publish();
    assert.deepEqual(seen, [{ jobIds: ['5'], counts: { PENDING: 1 }, nodes: [], partition: 'debug' }]);
    (r as unknown as { publish(): void }).publish();
    assert.equal(seen.length, 1, 'an unchanged state is not sent again');
  });
});
