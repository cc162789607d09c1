// The Cluster panel and a Slurm cell in real Chromium against the real local
// cluster (scripts/slurm-local.sh: n1-n4, reservation r1 on n3,n4). Skipped with
// the reason when there is no front-end build, no Chromium or no cluster
// (unless CI is set: then they must run, as in test/slurm/). Last, a running
// job is cancelled from its row's Cancel button.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { needsCluster } from '../slurm/cluster.js';
import { appendCell, openBrowser, openNotebook, screenshot, skipReason, startLab, unexpectedErrors, waitForIdle, type BrowserSession, type Lab } from './harness.js';

const skip = skipReason() || needsCluster.skip || false;

// Spins ~4 s of guest time so the job is seen pending/running, then reports it.
const SLURM_CELL = `%target kite
%runner slurm reservation=r1
#include <bootbook.h>

int main(void) {
    uint64_t t0 = bb_nanos();
    while (bb_nanos() - t0 < 4000ull * 1000000ull) {}
    bb_metric("spun", (double)(bb_nanos() - t0), "ns");
    return 0;
}
`;

describe('the Cluster panel and a slurm cell in the browser', { skip, concurrency: 1 }, () => {
  let lab: Lab;
  let b: BrowserSession;
  const saved = process.env.BOOTBOOK_RUNNER_CONFIG;
  before(async () => {
    // No per-user default here: the notebook runs locally unless a cell says otherwise.
    process.env.BOOTBOOK_RUNNER_CONFIG = join(tmpdir(), 'bootbook-e2e-no-runner.json');
    lab = await startLab();
    b = await openBrowser();
    await openNotebook(b.page, lab, 'getting-started.ipynb');
  });
  after(async () => {
    await b?.close();
    await lab?.close();
    if (saved === undefined) delete process.env.BOOTBOOK_RUNNER_CONFIG;
    else process.env.BOOTBOOK_RUNNER_CONFIG = saved;
  });

  test('the panel lists the partition, nodes n1-n4 and reservation r1', async () => {
    const { page } = b;
    await page.locator('.jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id="bootbook-cluster"]').click();
    const panel = page.locator('#bootbook-cluster');
    await panel.locator('.bb-Cluster-reservations [data-reservation="r1"]').waitFor({ timeout: 30_000 });
    for (const n of ['n1', 'n2', 'n3', 'n4']) assert.equal(await panel.locator(`.bb-Cluster-nodes tr[data-node="${n}"]`).count(), 1, `node ${n} listed`);
    const r1 = await panel.locator('.bb-Cluster-reservations [data-reservation="r1"]').innerText();
    assert.match(r1, /n\[3-4\]/);
    assert.match(r1, /ACTIVE/);
    assert.match(r1, /%runner slurm reservation=r1/);
    assert.match(await panel.locator('.bb-Cluster-partitions').innerText(), /debug \(default\)/);
    await screenshot(page, 'cluster-01-panel');
  });

  test('the toolbar says where cells run; a %runner slurm cell shows its job and states, and its result names the node', async () => {
    const { page } = b;
    const label = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .bb-RunnerLabel');
    await label.waitFor({ timeout: 30_000 });
    assert.equal(await label.innerText(), 'runs on qemu (local)');
    const cell = await appendCell(page, SLURM_CELL);
    await page.waitForFunction(() => /runs on 2 places/.test(document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .bb-RunnerLabel')?.textContent ?? ''), undefined, { timeout: 10_000 });
    assert.match((await label.getAttribute('title')) ?? '', /slurm reservation=r1: 1 cell/);

    await cell.locator('.jp-InputPrompt').click();
    await page.keyboard.press('Control+Enter');
    // Sample the progress line while it shows: the job id and its states as they change.
    const seen = new Set<string>();
    const head = cell.locator('.bb-Progress-text');
    for (let i = 0; i < 1200; i++) {
      const text = await head.first().innerText({ timeout: 100 }).catch(() => null);
      if (text) seen.add(text.replace(/ · [\d.]+ s$/, ''));
      if ([...seen].some((t) => /RUNNING 1/.test(t)) && i % 10 === 0) await screenshot(page, 'cluster-02-slurm-progress');
      if (i > 50 && seen.size && !(await head.count())) break;
      await page.waitForTimeout(100);
    }
    const lines = [...seen];
    assert.ok(lines.some((t) => /slurm job \d+ \[reservation=r1\]: (PENDING|RUNNING) 1/.test(t)), `progress showed: ${lines.join(' | ')}`);
    assert.ok(lines.some((t) => /RUNNING 1 on n[34]/.test(t)), `a running state on a reserved node: ${lines.join(' | ')}`);
    await waitForIdle(page, 180_000);
    const out = cell.locator('.jp-Cell-outputArea');
    await out.locator('.bb-Run-where').waitFor({ timeout: 30_000 });
    const where = await out.locator('.bb-Run-where').innerText();
    assert.match(where, /^ran on slurm: node n[34] \(reservation=r1; job \d+\)$/);
    assert.match(await out.innerText(), /spun/);
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, 'cluster-03-slurm-result');

    // The panel lists the job (squeue keeps finished jobs MinJobAge seconds) with its final state.
    const jobId = /job (\d+)\)/.exec(where)![1]!;
    const row = page.locator(`#bootbook-cluster .bb-Cluster-jobs tr[data-job="${jobId}"]`);
    await row.waitFor({ timeout: 60_000 });
    await page.waitForFunction((id) => document.querySelector(`#bootbook-cluster .bb-Cluster-jobs tr[data-job="${id}"]`)?.getAttribute('data-state') === 'COMPLETED', jobId, { timeout: 60_000 });
    await screenshot(page, 'cluster-04-panel-jobs');
    assert.deepEqual(unexpectedErrors(b), []);
  });

  test("Cancel on a running job's row, confirmed in the dialog, ends the cell as cancelled", async () => {
    const { page } = b;
    const cell = await appendCell(page, SLURM_CELL.replace('4000ull', '120000ull'));
    await cell.locator('.jp-InputPrompt').click();
    await page.keyboard.press('Control+Enter');
    const head = cell.locator('.bb-Progress-text').first();
    let jobId: string | undefined;
    for (let i = 0; i < 600 && !jobId; i++) {
      jobId = /slurm job (\d+)/.exec(await head.innerText({ timeout: 100 }).catch(() => ''))?.[1];
      if (!jobId) await page.waitForTimeout(100);
    }
    assert.ok(jobId, 'the progress line names the job');
    const row = page.locator(`#bootbook-cluster .bb-Cluster-jobs tr[data-job="${jobId}"]`);
    await page.waitForFunction((id) => document.querySelector(`#bootbook-cluster .bb-Cluster-jobs tr[data-job="${id}"]`)?.getAttribute('data-state') === 'RUNNING', jobId, { timeout: 60_000 });
    const button = row.locator('button.bb-Cluster-cancel');
    assert.match((await button.getAttribute('title')) ?? '', new RegExp(`Cancel Slurm job ${jobId} \\(scancel\\)`));
    await button.click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`Cancel Slurm job ${jobId}\\? Its runs will be recorded as cancelled\\.`));
    await screenshot(page, 'cluster-05-cancel-dialog');
    await dialog.locator('button', { hasText: 'Cancel job' }).click();
    await waitForIdle(page, 60_000);
    const out = cell.locator('.jp-Cell-outputArea');
    await page.waitForFunction((el) => /cancelled outside bootbook/.test(el?.textContent ?? ''), await out.elementHandle(), { timeout: 30_000 });
    assert.match(await out.innerText(), new RegExp(`Cancelled: job ${jobId} was cancelled outside bootbook \\(scancel; Slurm says CANCELLED`));
    await page.waitForFunction((id) => document.querySelector(`#bootbook-cluster .bb-Cluster-jobs tr[data-job="${id}"]`)?.getAttribute('data-state') === 'CANCELLED', jobId, { timeout: 30_000 });
    assert.equal(await row.locator('button.bb-Cluster-cancel').count(), 0, 'no Cancel on a job that ended');
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, 'cluster-06-cancelled');
    assert.deepEqual(unexpectedErrors(b), []);
  });
});
