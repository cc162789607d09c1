// The bootbook JupyterLab extension in real Chromium against a real `bootbook lab`:
// the Kernel frameworks panel lists linux and kite with their options and opens a
// pack source file in the Monaco viewer; the target picker edits a cell's %target
// line; the boot console follows a running cell's console stream; the results
// renderer shows the metrics table (and a progress bar while the cell runs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendCell,
  cellWithSource,
  codeCells,
  notebookPanel,
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
const NB = 'getting-started.ipynb';

/** The text of a code cell's editor. */
async function cellText(cell: ReturnType<typeof codeCells>): Promise<string> {
  return (await cell.locator('.jp-InputArea-editor .cm-content').innerText()).replace(/\u00a0/g, ' ');
}

describe('bootbook extension', { skip, concurrency: 1 }, () => {
  let lab: Lab;
  let b: BrowserSession;
  before(async () => {
    lab = await startLab();
    b = await openBrowser();
    await openNotebook(b.page, lab, NB);
  });
  after(async () => {
    await b?.close();
    await lab?.close();
  });

  test('the Kernel frameworks panel lists linux and kite with their options', async () => {
    const { page } = b;
    await page.locator('.jp-SideBar [data-id="bootbook-frameworks"]').click();
    const linux = page.locator('.bb-Pack[data-pack="linux"]');
    const kite = page.locator('.bb-Pack[data-pack="kite"]');
    await kite.waitFor({ timeout: 20_000 });
    await linux.waitFor();
    assert.match(await kite.locator('.bb-Pack-title').innerText(), /kite\s*0\.1\.0/);
    assert.match(await kite.locator('.bb-Pack-facts').innerText(), /x86_64[\s\S]*riscv64/);
    for (const o of ['cpus', 'mem', 'hz', 'sched', 'pages']) assert.equal(await kite.locator(`tr[data-option="${o}"]`).count(), 1, `kite option ${o}`);
    for (const o of ['cpus', 'mem', 'cmdline']) assert.equal(await linux.locator(`tr[data-option="${o}"]`).count(), 1, `linux option ${o}`);
    const hz = await kite.locator('tr[data-option="hz"]').innerText();
    assert.match(hz, /integer[\s\S]*100 Hz[\s\S]*0 – 10000/);
    assert.match(await kite.locator('tr[data-option="sched"]').innerText(), /rr \| coop/);
    assert.ok(await kite.locator('.bb-Example button', { hasText: 'Insert example' }).count() > 0);
    assert.equal(await kite.locator('button', { hasText: 'New notebook for this target' }).count(), 1);
    await screenshot(page, 'extension-01-frameworks');
    // The README, rendered as markdown.
    await kite.locator('.bb-Pack-readme > summary').click();
    await kite.locator('.bb-Pack-readmeBody .jp-RenderedMarkdown h1, .bb-Pack-readmeBody .jp-RenderedMarkdown h2').first().waitFor({ timeout: 10_000 });
    await kite.locator('.bb-Pack-readme').scrollIntoViewIfNeeded();
    await screenshot(page, 'extension-02-frameworks-readme');
  });

  test('the frameworks panel opens a pack source file in the Monaco viewer, with C highlighting', async () => {
    const { page } = b;
    const kite = page.locator('.bb-Pack[data-pack="kite"]');
    await kite.locator('.bb-Pack-sources > summary').click();
    const file = kite.locator('.bb-File[data-path="src/kernel/main.c"]');
    await file.waitFor({ timeout: 10_000 });
    await file.click();
    const viewer = page.locator('.bb-SourceViewer:visible');
    await viewer.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => (document.querySelector('.bb-SourceViewer .view-lines')?.textContent ?? '').includes('#include'), undefined, { timeout: 15_000 });
    // Monarch tokens: several distinct token classes (keywords, strings, comments...) means C was recognised.
    await page.waitForFunction(() => new Set(Array.from(document.querySelectorAll('.bb-SourceViewer .view-lines span[class^="mtk"]')).map((s) => s.className)).size >= 3, undefined, { timeout: 15_000 });
    assert.match(await viewer.locator('.bb-SourceViewer-status').innerText(), /kite\/src\/kernel\/main\.c · [\d,]+ bytes · from the pack$/);
    await screenshot(page, 'extension-03-source-viewer');
    // Back to the notebook.
    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: NB }).click();
  });

  test("the target picker edits a cell's %target line, and the toolbar shows the notebook's target", async () => {
    const { page } = b;
    const panel = notebookPanel(page);
    assert.match(await panel.locator('.bb-TargetToolbarItem-button').innerText(), /Linux 6\.1 · x86_64/);
    const cell = cellWithSource(page, 'hello from Linux');
    const original = await cellText(cell);
    assert.doesNotMatch(original, /%target/);
    await cell.locator('.jp-InputPrompt').click();
    const badge = cell.locator('.bb-CellTarget');
    await badge.waitFor({ state: 'visible' });
    assert.match(await badge.innerText(), /linux · x86_64/);
    await badge.click();
    await page.locator('.bb-TargetMenu .lm-Menu-itemLabel', { hasText: /^kite · riscv64/ }).click();
    await page.waitForFunction(() => !!document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .bb-CellTarget.bb-mod-differs'));
    const edited = await cellText(cell);
    assert.match(edited, /^%target kite arch=riscv64\n#include <bootbook.h>/);
    assert.equal(await badge.innerText(), 'kite · riscv64');
    await screenshot(page, 'extension-04-target-picker');
    // The kite cell's own `%target kite` differs from the notebook: it shows a badge; the
    // notebook's target removes the line again.
    await badge.click();
    await page.locator('.bb-TargetMenu .lm-Menu-itemLabel', { hasText: "Notebook's Target" }).click();
    await page.waitForFunction(
      () => !Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')).some((c) => c.textContent?.includes('hello from Linux') && c.querySelector('.bb-CellTarget.bb-mod-differs')),
    );
    assert.equal(await cellText(cell), original);
    const kiteCell = cellWithSource(page, 'hello from kite');
    assert.equal(await kiteCell.locator('.bb-CellTarget').innerText(), 'kite · x86_64');
  });

  test('the boot console follows a running cell; its result shows the metrics table, with a progress bar while it runs', async () => {
    const { page } = b;
    await page.locator('.jp-SideBar [data-id="bootbook-boot-console"]').click();
    const consolePanel = page.locator('.bb-BootConsole');
    await consolePanel.waitFor({ state: 'visible' });
    const source = [
      '#include <bootbook.h>',
      '',
      'int main(void) {',
      '    for (int i = 0; i < 5; i++) printf("\\x1b[32mtick %d\\x1b[0m <b>not bold</b>\\n", i);',
      '    bb_metric("ticks", 5, "");',
      '    return 0;',
      '}',
    ].join('\n');
    const cell = await appendCell(page, source);
    await page.keyboard.press('Shift+Enter');
    const stages = new Set<string>();
    let sawBar = false;
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const stage = (await consolePanel.getAttribute('data-stage')) ?? '';
      stages.add(stage);
      if (!sawBar) sawBar = (await cell.locator('.bb-Progress-bar').count()) > 0;
      if (stage === 'done') break;
      await page.waitForTimeout(100);
    }
    await waitForIdle(page);
    assert.ok(stages.has('done'), `stages seen: ${[...stages].join(', ')}`);
    assert.ok(['building', 'booting', 'running'].some((s) => stages.has(s)), `stages seen: ${[...stages].join(', ')}`);
    const text = await consolePanel.locator('.bb-BootConsole-console').innerText();
    assert.match(text, /tick 0 <b>not bold<\/b>[\s\S]*tick 4/);
    assert.equal(await consolePanel.locator('.bb-BootConsole-console b').count(), 0, 'guest text is never markup');
    assert.ok((await consolePanel.locator('.bb-BootConsole-console .bb-ansi-fg-green', { hasText: 'tick 0' }).count()) > 0, 'ANSI green as a class');
    assert.match(await consolePanel.locator('.bb-BootConsole-summary').innerText(), /linux \(x86_64\) · done: ok · \d+\.\d s/);
    await consolePanel.locator('.bb-BootConsole-result .bb-Metrics').waitFor();
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, 'extension-05-boot-console');

    // The results renderer replaced the kernel's HTML table.
    const out = cell.locator('.jp-OutputArea-executeResult');
    await out.locator('.bb-RunRenderer .bb-Metrics').waitFor({ timeout: 10_000 });
    assert.equal(await out.locator('.bootbook-result').count(), 0, 'the text/html rendering is not used');
    const metrics = await out.locator('.bb-Metrics').innerText();
    assert.match(metrics, /metric\s+value\s+unit[\s\S]*ticks\s+5/);
    assert.match(await out.locator('.bb-Run-headline').innerText(), /linux \(x86_64\) · ok · exit 0/);
    assert.match(await out.locator('.bb-Run-line').innerText(), /build[\s\S]*boot[\s\S]*total/);
    assert.equal(await out.locator('details.bb-Run-console[open]').count(), 0, 'the console starts collapsed');
    assert.ok(sawBar, 'a progress bar showed while the cell ran');
    assert.equal(await cell.locator('.bb-Progress-bar').count(), 0, 'and went away at the end');
    await screenshot(page, 'extension-06-results');
  });

  test('no unexpected console errors', () => {
    assert.deepEqual(unexpectedErrors(b), []);
  });
});
