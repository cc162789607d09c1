// getting-started.ipynb in real Chromium against a real `bootbook lab` (real
// kernels booting in QEMU): run all cells from the menu; the linux and kite cells
// show their metrics tables; the compile-error cell shows its error at line 4;
// an endless loop is stopped from the toolbar's stop button and the next cell runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appendCell,
  cellWithSource,
  kernelStatus,
  notebookPanel,
  openBrowser,
  openNotebook,
  runAllCells,
  screenshot,
  skipReason,
  startLab,
  unexpectedErrors,
  waitForIdle,
  type BrowserSession,
  type Lab,
} from './harness.js';

const skip = skipReason();
const NB = 'getting-started.ipynb';

describe('getting-started.ipynb', { skip, concurrency: 1 }, () => {
  let lab: Lab;
  let b: BrowserSession;
  before(async () => {
    lab = await startLab();
    b = await openBrowser();
  });
  after(async () => {
    await b?.close();
    await lab?.close();
  });

  test('opens with an idle Linux kernel', async () => {
    const panel = await openNotebook(b.page, lab, NB);
    assert.equal(await kernelStatus(b.page), 'idle');
    assert.match(await panel.locator('.jp-NotebookPanel-toolbar').innerText(), /Linux 6\.1/);
    await screenshot(b.page, 'notebook-01-open');
  });

  test('Run All Cells: linux and kite cells show metrics tables, the broken cell a compile error at line 4', async () => {
    const { page } = b;
    await runAllCells(page);
    await waitForIdle(page, 600_000);
    const linux = cellWithSource(page, 'hello from Linux');
    const kite = cellWithSource(page, 'hello from kite');
    const param = cellWithSource(page, 'cycles_per_iteration');
    const broken = cellWithSource(page, 'undefined_name');
    for (const [name, cell, metric] of [
      ['linux', linux, 'loop'],
      ['kite', kite, 'loop'],
      ['param', param, 'cycles_per_iteration'],
    ] as const) {
      // The notebook renders off-screen cells lazily (content-visibility): look at each in view.
      await cell.scrollIntoViewIfNeeded();
      // The run's result (execute_result): a table of the run and one of the metrics. (The cell
      // also has the console's stdout stream, and an empty text/plain display that the kernel
      // updates while it runs.)
      const table = cell.locator('.jp-OutputArea-executeResult table');
      await table.first().waitFor({ timeout: 10_000 });
      assert.ok((await table.count()) >= 1, `${name}: a table in the output`);
      const text = (await cell.locator('.jp-Cell-outputArea').textContent()) ?? '';
      assert.match(text, new RegExp(metric), `${name}: the metric ${metric} is in the table`);
      assert.doesNotMatch(text, /Error/, `${name}: no error`);
      assert.match(text, name === 'kite' ? /kite \(x86_64\)/ : /linux \(x86_64\)/, `${name}: ran on its target`);
    }
    // innerText is empty for a cell the notebook has not rendered (off screen): look at it first.
    await linux.scrollIntoViewIfNeeded();
    await linux.locator('.jp-Cell-outputArea', { hasText: 'cycles' }).waitFor({ timeout: 10_000 }).catch(() => undefined);
    assert.match(await linux.locator('.jp-Cell-outputArea').innerText(), /cycles/);
    await screenshot(page, 'notebook-02-linux-cell');
    await kite.scrollIntoViewIfNeeded();
    await screenshot(page, 'notebook-03-kite-cell');

    await broken.scrollIntoViewIfNeeded();
    const error = broken.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
    await error.first().waitFor({ timeout: 10_000 });
    assert.match(await error.first().innerText(), /line 4: error: .*undefined_name/);
    await broken.scrollIntoViewIfNeeded();
    await screenshot(page, 'notebook-04-compile-error');

    // The error's name is in the notebook (JupyterLab shows only the traceback): save and read the file.
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => !document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-mod-dirty, .lm-DockPanel-tabBar .jp-mod-dirty'), undefined, { timeout: 30_000 });
    const saved = JSON.parse(readFileSync(join(lab.root, NB), 'utf8')) as { cells: { source: string | string[]; outputs?: { output_type: string; ename?: string; traceback?: string[] }[] }[] };
    const cell = saved.cells.find((c) => [c.source].flat().join('').includes('undefined_name'))!;
    const err = cell.outputs?.find((o) => o.output_type === 'error');
    assert.equal(err?.ename, 'CompileError');
    assert.match(err?.traceback?.join('\n') ?? '', /line 4/);
    assert.deepEqual(unexpectedErrors(b), []);
  });

  test('an endless loop is stopped from the toolbar, then the next cell runs', async () => {
    const { page } = b;
    const loop = await appendCell(page, '%target linux\n#include <bootbook.h>\n\nint main(void) {\n    printf("spinning forever\\n");\n    for (;;) {}\n    return 0;\n}\n');
    await loop.locator('.jp-InputPrompt').click();
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'busy', undefined, { timeout: 30_000 });
    // Let it build and boot into the loop (Linux takes a few seconds under TCG).
    const spun = await loop
      .locator('.jp-Cell-outputArea', { hasText: 'spinning forever' })
      .waitFor({ timeout: 60_000 })
      .then(() => true)
      .catch(() => false);
    if (!spun) await page.waitForTimeout(5_000);
    await page.waitForTimeout(2_000); // well into the loop
    assert.equal(await kernelStatus(page), 'busy', 'still running: the loop does not end by itself');
    await screenshot(page, 'notebook-05-loop-running');
    await notebookPanel(page).locator('.jp-NotebookPanel-toolbar [data-jp-item-name="interrupt"] .jp-ToolbarButtonComponent, .jp-NotebookPanel-toolbar [data-jp-item-name="interrupt"] button').first().click();
    await waitForIdle(page, 60_000);
    const loopOut = await loop.locator('.jp-Cell-outputArea').innerText();
    assert.match(loopOut, /Interrupted/);
    await screenshot(page, 'notebook-06-interrupted');

    const next = await appendCell(page, '%target kite\n#include <bootbook.h>\n\nint main(void) {\n    printf("after the interrupt\\n");\n    bb_metric("answer", 42, "");\n    return 0;\n}\n');
    await next.locator('.jp-InputPrompt').click();
    await page.keyboard.press('Control+Enter');
    await next.locator('.jp-Cell-outputArea', { hasText: 'answer' }).waitFor({ timeout: 120_000 });
    await waitForIdle(page, 60_000);
    const text = await next.locator('.jp-Cell-outputArea').innerText();
    assert.match(text, /answer/);
    assert.doesNotMatch(text, /Interrupted|Error/);
    await next.scrollIntoViewIfNeeded();
    await screenshot(page, 'notebook-07-next-cell-ran');
    assert.deepEqual(unexpectedErrors(b), []);
  });
});
