// Changing a kernel from a notebook, in real Chromium against a real `bootbook lab`:
// open kite's scheduler source from the frameworks panel, edit it in the Monaco
// viewer, look at the diff, save it as a notebook overlay (a `%%file` cell appears
// at the top of the notebook), run the notebook, and see the overlay in the result:
// the run names the overlaid file and the program calls a function the edit added
// to the kernel. Reopening the file then shows the notebook's overlay.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  codeCells,
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
const NB = 'overlay.ipynb';
const FILE = 'src/sched/sched.c';
// The program asks the kernel for a function only the overlay defines (weak: -1 without it).
const PROGRAM = `%clock icount
#include <bootbook.h>
int e2e_marker(void) __attribute__((weak));
int main(void) {
    bb_metric("marker", e2e_marker ? e2e_marker() : -1, "");
    return 0;
}
`;

function notebookDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'bootbook-e2e-overlay-')), 'notebooks');
  mkdirSync(dir);
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'kite-x86_64', display_name: 'kite · x86_64 lightweight kernel', language: 'c' } },
    cells: [{ id: 'measure', cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: PROGRAM }],
  };
  writeFileSync(join(dir, NB), JSON.stringify(nb));
  return dir;
}

describe('notebook overlays in the front end', { skip, concurrency: 1 }, () => {
  let lab: Lab;
  let b: BrowserSession;
  before(async () => {
    lab = await startLab({ notebooks: notebookDir() });
    b = await openBrowser();
    await openNotebook(b.page, lab, NB);
  });
  after(async () => {
    await b?.close();
    await lab?.close();
  });

  async function openSchedSource() {
    const { page } = b;
    const kite = page.locator('.bb-Pack[data-pack="kite"]');
    if (!(await kite.isVisible())) await page.locator('.jp-SideBar [data-id="bootbook-frameworks"]').click();
    await kite.waitFor({ timeout: 20_000 });
    const sources = kite.locator('.bb-Pack-sources');
    if ((await sources.getAttribute('open')) === null) await sources.locator('> summary').click();
    const file = kite.locator(`.bb-File[data-path="${FILE}"]`);
    await file.waitFor({ timeout: 10_000 });
    await file.click();
    const viewer = page.locator('.bb-SourceViewer:visible');
    try {
      await viewer.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
    } catch (e) {
      await screenshot(page, 'overlay-open-failed');
      throw e;
    }
    return viewer;
  }

  test('edit a kite source, see the diff, save it as an overlay cell at the top of the notebook', async () => {
    const { page } = b;
    const viewer = await openSchedSource();
    const status = viewer.locator('.bb-SourceViewer-status');
    await page.waitForFunction(() => /· from the pack$/.test(document.querySelector('.bb-SourceViewer:not(.lm-mod-hidden) .bb-SourceViewer-status')?.textContent ?? ''), undefined, { timeout: 15_000 });
    // Type at the end of the file, as a user would.
    await viewer.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End'); // the empty line after the file's last newline
    await page.keyboard.insertText('int e2e_marker(void) { return 7; }');
    await page.waitForFunction(() => /edited, not saved$/.test(document.querySelector('.bb-SourceViewer:not(.lm-mod-hidden) .bb-SourceViewer-status')?.textContent ?? ''), undefined, { timeout: 10_000 });

    await viewer.locator('.bb-SourceViewer-diff').click();
    assert.equal(await viewer.locator('.bb-SourceViewer-diff').getAttribute('aria-pressed'), 'true');
    await viewer.locator('.monaco-diff-editor').waitFor({ timeout: 15_000 });
    // The diff worker marks the added line.
    await viewer.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'overlay-01-diff');

    await viewer.locator('.bb-SourceViewer-save').click();
    assert.match(await viewer.locator('.bb-SourceViewer-note').innerText(), /saved into overlay\.ipynb: added it as the first cell; run that cell to apply the overlay/);
    assert.match(await status.innerText(), /from the notebook's overlay \(%%file cell\) · differs from the pack$/);
    // Save again: the same cell is updated, not a second one added.
    await viewer.locator('.bb-SourceViewer-save').click();
    assert.match(await viewer.locator('.bb-SourceViewer-note').innerText(), /updated cell 1/);

    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: NB }).click();
    assert.equal(await codeCells(page).count(), 2);
    // The editor shows only the lines on screen: read the whole cell from the saved file.
    await notebookPanel(page).locator('.jp-Cell').first().locator('.jp-InputPrompt').click();
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => !document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-dirty'), undefined, { timeout: 15_000 });
    const saved = JSON.parse(readFileSync(join(lab.root, NB), 'utf8')) as { cells: { source: string | string[] }[] };
    const first = [saved.cells[0]!.source].flat().join('');
    assert.ok(first.startsWith(`%%file kite:${FILE}\n/*\n * sched.c - the scheduler.`), first.slice(0, 200));
    assert.match(first, /\nint e2e_marker\(void\) \{ return 7; \}\n?$/);
    assert.equal([saved.cells[1]!.source].flat().join(''), PROGRAM);
  });

  test('running the notebook applies the overlay: the result names the file and the kernel has the new function', async () => {
    const { page } = b;
    await runAllCells(page);
    await waitForIdle(page);
    const cells = codeCells(page);
    const confirm = cells.nth(0).locator('.jp-OutputArea-output').first();
    await confirm.scrollIntoViewIfNeeded();
    await confirm.waitFor({ timeout: 30_000 });
    // textContent: an output the notebook has not laid out yet has no innerText.
    assert.match((await confirm.textContent()) ?? '', /kite:src\/sched\/sched\.c overlaid for this notebook \(\d+ lines, differs from the pack in 1 line: \+1 -0\)/);
    const result = cells.nth(1).locator('.jp-OutputArea-executeResult');
    await result.scrollIntoViewIfNeeded();
    await result.locator('.bb-Run-overlays').waitFor({ timeout: 120_000 });
    assert.match((await result.locator('.bb-Run-overlays').textContent()) ?? '', /built with notebook overlay: src\/sched\/sched\.c \(sha256 [0-9a-f]{12}\)/);
    const marker = result.locator('.bb-Metrics tbody tr', { hasText: 'marker' });
    assert.match((await marker.textContent()) ?? '', /marker\s*7/);
    await screenshot(page, 'overlay-02-result');
  });

  test("reopening the file shows the notebook's overlay", async () => {
    const { page } = b;
    const tab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: `kite/${FILE}` });
    await tab.click();
    await tab.locator('.lm-TabBar-tabCloseIcon').click();
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: NB }).click();
    const viewer = await openSchedSource();
    await page.waitForFunction(() => /from the notebook's overlay/.test(document.querySelector('.bb-SourceViewer:not(.lm-mod-hidden) .bb-SourceViewer-status')?.textContent ?? ''), undefined, { timeout: 15_000 });
    assert.match(await viewer.locator('.bb-SourceViewer-status').innerText(), /· from the notebook's overlay \(%%file cell\) · differs from the pack$/);
    assert.deepEqual(unexpectedErrors(b), []);
  });
});
