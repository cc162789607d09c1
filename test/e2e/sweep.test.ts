// A sweep in real Chromium: the cell's progress bar moves while the runs go, and
// the result is a live Vega-Lite chart (JupyterLab's vega5 renderer), not only
// its static PNG.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendCell,
  openBrowser,
  openNotebook,
  screenshot,
  skipReason,
  startLab,
  unexpectedErrors,
  waitForIdle,
  type BrowserSession,
  type Lab,
} from './harness.js';

const skip = skipReason();

const SWEEP = `%target kite
%sweep n=1000000,2000000,4000000,8000000
%repeat 4
%clock icount
#include <bootbook.h>

int main(void) {
    long n = bb_param("n", 1);
    uint64_t c0 = bb_cycles();
    volatile long sum = 0;
    for (long i = 0; i < n; i++) sum += i;
    bb_metric("loop", (double)(bb_cycles() - c0), "instructions");
    return 0;
}
`;

describe('a sweep cell in the browser', { skip, concurrency: 1 }, () => {
  let lab: Lab;
  let b: BrowserSession;
  before(async () => {
    lab = await startLab();
    b = await openBrowser();
    await openNotebook(b.page, lab, 'getting-started.ipynb');
  });
  after(async () => {
    await b?.close();
    await lab?.close();
  });

  test('the progress bar moves during the sweep and a live chart shows at the end', async () => {
    const { page } = b;
    const cell = await appendCell(page, SWEEP);
    await cell.locator('.jp-InputPrompt').click();
    await page.keyboard.press('Control+Enter');
    // Sample the bar while it exists: a moving bar shows more than one value.
    const seen = new Set<string>();
    const bar = cell.locator('[role="progressbar"]');
    for (let i = 0; i < 1200; i++) {
      const value = await bar.first().getAttribute('aria-valuenow', { timeout: 100 }).catch(() => null);
      if (value !== null) seen.add(value);
      if (seen.size >= 2) break;
      if (i > 50 && seen.size > 0 && !(await bar.count())) break;
      await page.waitForTimeout(100);
    }
    await screenshot(page, 'sweep-01-progress');
    assert.ok(seen.size >= 2, `the progress bar showed ${[...seen].join(', ') || 'nothing'}`);
    await waitForIdle(page, 300_000);
    const chart = cell.locator('.vega-embed');
    await chart.first().waitFor({ timeout: 30_000 });
    assert.ok((await chart.locator('canvas, svg').count()) > 0, 'the live chart drew something');
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, 'sweep-02-chart');
    assert.doesNotMatch(await cell.locator('.jp-Cell-outputArea').innerText(), /Error/);
    assert.deepEqual(unexpectedErrors(b), []);
  });
});
