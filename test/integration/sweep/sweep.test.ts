// Sweeps with real QEMU: one image for every parameter point, runs spread over
// the pool, failed points recorded while the sweep goes on, cancel keeping the
// finished runs, and the kernel cell showing progress, the table and the chart.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packs } from '../helpers.js';
import { planSweep } from '../../../server/src/engine/sweep/plan.js';
import { runSweep, type SweepProgress } from '../../../server/src/engine/sweep/runner.js';
import { summarizeSweep } from '../../../server/src/engine/sweep/summary.js';
import { runStoredSweep } from '../../../server/src/results/sweep.js';
import { Harness } from '../../unit/kernel/harness.js';
import { PROGRESS_MIME } from '../../../server/src/kernel/sweep-progress.js';
import { SWEEP_MIME } from '../../../server/src/kernel/sweep-cell.js';

const PROGRAM = `#include <bootbook.h>
int main(void) {
    long n = bb_param("n", 10), bad = bb_param("bad", 0);
    uint64_t c0 = bb_cycles();
    volatile long s = 0;
    for (long i = 0; i < n; i++) s += i;
    bb_metric("loop", (double)(bb_cycles() - c0), "cycles");
    return n == bad ? 3 : 0;
}
`;
const source = { text: PROGRAM, displayName: 'sweep.c' };

describe('sweeps on kite', { concurrency: 1 }, () => {
  test('icount sweep: one image, exact repeats, a failed point recorded, progress to the end', async () => {
    const plan = planSweep(packs, { base: { pack: 'kite' }, params: { bad: '300' }, axes: [{ name: 'n', values: ['100', '300', '1000'] }, { name: 'hz', values: ['0', '100'] }], repeat: 2 });
    assert.equal(plan.builds, 1);
    const seen: SweepProgress[] = [];
    const result = await runSweep(packs, { source, plan, repeat: 2, clock: 'icount', onProgress: (p) => seen.push(p) });
    assert.equal(result.runs.length, 12);
    const s = summarizeSweep(result, 2);
    assert.equal(s.failed, 4, 'n=300 exits 3 on both hz values, twice');
    assert.equal(s.done, 12);
    assert.equal(new Set(result.runs.map((r) => r.record.image?.sha256)).size, 1, 'one image for every point');
    for (const p of s.points.filter((x) => x.ok)) assert.equal(p.metrics[0]!.sd, 0, 'icount repeats exactly');
    assert.ok(s.points.find((p) => p.coords.n === '300')!.failures.failed === 2);
    assert.match(s.clock.note, /exact/);
    const last = seen.at(-1)!;
    assert.deepEqual([last.done, last.total, last.failed, last.stage], [12, 12, 4, 'done']);
    assert.ok(seen.some((p) => p.etaS !== null));
  });

  test('cancel keeps the finished runs; the store resumes the rest', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bootbook-sweep-'));
    const plan = planSweep(packs, { base: { pack: 'kite' }, params: {}, axes: [{ name: 'n', values: ['1', '2', '3', '4', '5', '6', '7', '8'] }], repeat: 2 });
    const ac = new AbortController();
    const first = await runStoredSweep(packs, { source, plan, repeat: 2, clock: 'icount', root, label: 't', signal: ac.signal, onProgress: (p) => p.done >= 3 && ac.abort() });
    assert.equal(first.result.cancelled, true);
    const kept = first.summary.done;
    assert.ok(kept >= 3 && kept < 16, `kept ${kept}`);
    const again = await runStoredSweep(packs, { source, plan, repeat: 2, clock: 'icount', root, label: 't' });
    assert.equal(again.id, first.id, 'the same sweep, resumed');
    assert.equal(again.resumed, kept);
    assert.equal(again.summary.done, 16);
    assert.equal(again.result.runs.filter((r) => r.resumed).length, kept);
    const third = await runStoredSweep(packs, { source, plan, repeat: 2, clock: 'icount', root, label: 't' });
    assert.notEqual(third.id, first.id, 'a finished sweep is measured anew');
  });

  test('a notebook cell: progress display, table naming the sweep, chart with PNG', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bootbook-sweep-'));
    const h = new Harness(packs, { defaultTarget: { pack: 'kite' }, resultsRoot: root });
    const req = h.execute(`%sweep n=10,100 target=kite,linux\n%clock icount\n${PROGRAM}`);
    await h.kernel.handle(req);
    const reply = h.content<{ status: string; evalue?: string }>(h.replyTo(req));
    assert.equal(reply.status, 'ok', reply.evalue);
    const iopub = h.sent.filter((m) => (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id);
    const progress = iopub.filter((m) => (m.content as { data?: Record<string, unknown> }).data?.[PROGRESS_MIME]);
    assert.ok(progress.length >= 2);
    assert.equal(progress[0]!.header.msg_type, 'display_data');
    assert.ok(progress.slice(1).every((m) => m.header.msg_type === 'update_display_data'));
    const result = iopub.find((m) => m.header.msg_type === 'execute_result')!;
    const data = (result.content as { data: Record<string, unknown> }).data;
    const sweep = data[SWEEP_MIME] as { id: string; summary: { points: unknown[] } };
    assert.match(String(data['text/plain']), new RegExp(`sweep ${sweep.id}`));
    assert.equal(sweep.summary.points.length, 4);
    const chart = iopub.find((m) => m.header.msg_type === 'display_data' && (m.content as { data: Record<string, unknown> }).data['image/png'])!;
    const cdata = (chart.content as { data: Record<string, unknown> }).data;
    assert.ok(cdata['application/vnd.vegalite.v5+json']);
    assert.equal(Buffer.from(String(cdata['image/png']), 'base64').subarray(1, 4).toString(), 'PNG');
    assert.equal(cdata['text/html'], undefined);
  });

  test('an axis a target lacks is a SweepError naming the line', async () => {
    const h = new Harness(packs, { defaultTarget: { pack: 'kite' }, resultsRoot: mkdtempSync(join(tmpdir(), 'bootbook-sweep-')) });
    const req = h.execute(`%param n=1\n%sweep target=kite,linux hz=0,100\n${PROGRAM}`);
    await h.kernel.handle(req);
    const reply = h.content<{ ename: string; evalue: string }>(h.replyTo(req));
    assert.equal(reply.ename, 'SweepError');
    assert.match(reply.evalue, /line 2: sweep axis hz does not apply to linux.*skip-missing/);
  });
});
