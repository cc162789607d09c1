// A notebook kernel running %runner slurm cells on the real cluster: the cell's
// progress names the job and the states of its runs as they change, and the
// result (text, HTML, records) says it ran on slurm and on which node; a sweep's
// progress follows its job array.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { RunRecord } from '../../server/src/engine/record.js';
import { PROGRESS_MIME } from '../../server/src/kernel/progress.js';
import { packs } from '../integration/helpers.js';
import { Harness } from '../unit/kernel/harness.js';
import { needsCluster } from './cluster.js';

const SPIN = `#include <bootbook.h>
int main(void) {
    uint64_t t0 = bb_nanos();
    while (bb_nanos() - t0 < (uint64_t)bb_param("ms", 1500) * 1000000ull) {}
    bb_metric("spun", (double)(bb_nanos() - t0), "ns");
    return 0;
}
`;

type Data = Record<string, unknown>;
const progressLines = (h: Harness, req: Parameters<Harness['of']>[0]) =>
  h
    .iopub(req)
    .filter((m) => ['display_data', 'update_display_data'].includes(m.header.msg_type))
    .map((m) => (m.content as { data: Data }).data)
    .filter((d) => d[PROGRESS_MIME]);

// Sweep results go to a temporary store, not to the working folder's .bootbook/.
const resultsDir = mkdtempSync(join(tmpdir(), 'bootbook-slurm-results-'));
process.env.BOOTBOOK_RESULTS_ROOT = resultsDir;
after(() => rmSync(resultsDir, { recursive: true, force: true }));

describe('slurm cells in the notebook kernel', { concurrency: 1, ...needsCluster }, () => {
  test('a single run: job and states in the progress, the node in the result', async () => {
    const h = new Harness(packs);
    const req = h.execute(`%target kite\n%runner slurm reservation=r1\n${SPIN}`);
    await h.kernel.handle(req);
    assert.equal(h.content(h.replyTo(req)).status, 'ok', JSON.stringify(h.content(h.replyTo(req))));
    const lines = progressLines(h, req);
    const texts = lines.map((d) => String(d['text/plain']));
    assert.ok(texts.some((t) => /booting \(1 run · slurm job \d+ \[reservation=r1\]: (PENDING|RUNNING) 1/.test(t)), texts.join('\n'));
    const withRunner = lines.map((d) => d[PROGRESS_MIME] as { runner?: { jobIds: string[]; counts: Record<string, number> } }).filter((j) => j.runner);
    assert.ok(withRunner.length >= 2, 'the state is sent again as it changes');
    assert.ok(withRunner.some((j) => j.runner!.counts.RUNNING === 1), JSON.stringify(withRunner));
    const result = h.iopub(req, 'execute_result')[0]!.content as { data: Data };
    const records = (result.data['application/vnd.bootbook.run+json'] as { records: RunRecord[] }).records;
    const node = String(records[0]!.runner.node);
    assert.match(node, /^n[34]$/);
    assert.match(String(result.data['text/plain']), new RegExp(`ran on slurm: node ${node} \\(reservation=r1; job ${records[0]!.runner.arrayJobId}\\)`));
    assert.match(String(result.data['text/html']), new RegExp(`ran on slurm: node ${node}`));
    assert.equal(withRunner.at(-1)!.runner!.jobIds[0], records[0]!.runner.arrayJobId);
  });

  test('a cell of %runner alone sets where the later cells run, a cell\'s own %runner wins, a restart forgets it', async () => {
    const h = new Harness(packs);
    const runOn = async (code: string) => {
      const req = h.execute(code);
      await h.kernel.handle(req);
      assert.equal(h.content(h.replyTo(req)).status, 'ok', JSON.stringify(h.content(h.replyTo(req))));
      const result = h.iopub(req, 'execute_result')[0]!.content as { data: Data };
      return (result.data['application/vnd.bootbook.run+json'] as { records: RunRecord[] }).records[0]!.runner;
    };
    const set = h.execute('%runner slurm reservation=r1');
    await h.kernel.handle(set);
    assert.equal(h.content(h.replyTo(set)).status, 'ok');
    const said = h.iopub(set, 'stream').map((m) => (m.content as { text: string }).text).join('');
    assert.match(said, /later cells of this notebook run on slurm \(reservation=r1\), unless a cell says otherwise/);
    const fast = SPIN.replace('1500', '10');
    const onSlurm = await runOn(`%target kite\n${fast}`);
    assert.equal(onSlurm.kind, 'slurm');
    assert.match(String(onSlurm.node), /^n[34]$/, 'inside the reservation');
    assert.equal((await runOn(`%target kite\n%runner qemu\n${fast}`)).kind, 'qemu', "the cell's own %runner wins");
    await h.ask('shutdown_request', { restart: true }, 'control');
    assert.equal((await runOn(`%target kite\n${fast}`)).kind, 'qemu', 'a restart forgets the notebook default');
  });

  test('a sweep: the array\'s state counts in the progress, where it ran in the result', async () => {
    const h = new Harness(packs);
    const req = h.execute(`%target kite\n%runner slurm limit=2\n%sweep ms=300,400,500,600\n${SPIN}`);
    await h.kernel.handle(req);
    assert.equal(h.content(h.replyTo(req)).status, 'ok', JSON.stringify(h.content(h.replyTo(req))));
    const texts = progressLines(h, req).map((d) => String(d['text/plain']));
    // Short jobs may go from PENDING to COMPLETED between two polls, so RUNNING is not always seen:
    // what must hold is that the counts are sent as they change, from PENDING to all COMPLETED.
    assert.ok(texts.some((t) => /runs.* · slurm array \d+: PENDING \d/.test(t)), texts.join('\n'));
    const states = new Set(texts.map((t) => /slurm array \d+: (.*)$/.exec(t)?.[1]).filter(Boolean));
    assert.ok(states.size >= 3, `the state counts change as the jobs go: ${[...states].join(' | ')}`);
    assert.ok(texts.some((t) => /slurm array \d+: COMPLETED 4 on n/.test(t)), texts.join('\n'));
    const result = h.iopub(req, 'execute_result')[0]!.content as { data: Data };
    assert.match(String(result.data['text/plain']), /ran on slurm: nodes? n\d(, n\d)* \(job \d+\)/);
  });
});
