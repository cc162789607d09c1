// Packs from elsewhere in the front end, in real Chromium against a real `bootbook
// lab`: a local index (made by the test) lists a pack in a local git repository;
// the Kernel frameworks panel shows it under Available; Install fetches it; a cell
// targeting it is refused until the pack is trusted through the Trust… dialog;
// then the cell builds, boots and reports its metric. User pack folder and config
// folder are temporary (never the real ~).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { git, packFolder } from '../integration/packs/helpers.js';
import { makeIndexEntry } from '../../server/src/engine/packs/sources.js';
import { cellWithSource, openBrowser, openNotebook, screenshot, skipReason, startLab, unexpectedErrors, waitForIdle, type BrowserSession, type Lab } from './harness.js';

const skip = skipReason();
const NB = 'packs-panel.ipynb';
const CELL = '%target panelpack\n#include <bootbook.h>\nint main(void) { bb_metric("answer", 42, ""); return 0; }\n';

describe('frameworks panel: available packs, install, trust', { skip, concurrency: 1 }, () => {
  let lab: Lab;
  let b: BrowserSession;
  const base = mkdtempSync(join(tmpdir(), 'bootbook-e2e-packs-'));

  before(async () => {
    process.env.BOOTBOOK_PACKS_DIR = join(base, 'user-packs');
    process.env.BOOTBOOK_PACK_PATH = '';
    const repo = join(base, 'panelpack');
    mkdirSync(repo);
    packFolder(repo, 'panelpack');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'panelpack: first version');
    const entry = await makeIndexEntry(repo, { source: `file://${repo}` });
    writeFileSync(join(base, 'index.json'), JSON.stringify({ title: 'e2e index', packs: [{ ...entry, summary: 'a pack from a local index' }] }));
    lab = await startLab();
    mkdirSync(lab.configDir, { recursive: true });
    writeFileSync(join(lab.configDir, 'indexes.json'), JSON.stringify({ indexes: [join(base, 'index.json')] }));
    const cell = { cell_type: 'code', id: 'packcell', metadata: {}, source: CELL, outputs: [], execution_count: null };
    writeFileSync(join(lab.root, NB), JSON.stringify({ cells: [cell], metadata: { kernelspec: { name: 'bare-x86_64', display_name: 'bare', language: 'c' } }, nbformat: 4, nbformat_minor: 5 }));
    b = await openBrowser();
    await openNotebook(b.page, lab, NB);
  });
  after(async () => {
    await b?.close();
    await lab?.close();
    rmSync(base, { recursive: true, force: true });
  });

  const runCell = async () => {
    const cell = cellWithSource(b.page, 'panelpack');
    await cell.locator('.jp-InputPrompt').click();
    await b.page.keyboard.press('Shift+Enter');
    await waitForIdle(b.page);
    await cell.scrollIntoViewIfNeeded();
    return cell;
  };

  test('the index pack is listed under Available and installs with one click', async () => {
    const { page } = b;
    await page.locator('.jp-SideBar [data-id="bootbook-frameworks"]').click();
    const offer = page.locator('.bb-Available-pack[data-available="panelpack"]');
    await offer.waitFor({ timeout: 20_000 });
    assert.match(await offer.innerText(), /a pack from a local index/);
    assert.match(await offer.innerText(), /x86_64, riscv64, aarch64/);
    await offer.scrollIntoViewIfNeeded();
    await screenshot(page, 'packs-panel-01-available');
    await offer.locator('button[data-action="install"]').click();
    const card = page.locator('.bb-Pack[data-pack="panelpack"]');
    await card.waitFor({ timeout: 60_000 });
    await offer.waitFor({ state: 'detached', timeout: 10_000 });
    assert.match(await card.locator('.bb-Pack-origin').innerText(), /added from file:\/\/.*panelpack[\s\S]*Not trusted/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'packs-panel-02-installed-untrusted');
  });

  test('before trust, a cell targeting it is refused with how to trust it', async () => {
    const cell = await runCell();
    const out = cell.locator('.jp-OutputArea');
    await b.page.waitForFunction(() => /packs trust panelpack/.test(document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.match(await out.innerText(), /would run its own build steps on this machine/);
  });

  test('Trust… explains what will run, and after accepting the cell builds and runs', async () => {
    const { page } = b;
    const card = page.locator('.bb-Pack[data-pack="panelpack"]');
    await card.locator('button[data-action="trust"]').click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /Trust the pack "panelpack"\?/);
    assert.match(await dialog.innerText(), /will run on this machine/);
    await screenshot(page, 'packs-panel-03-trust-dialog');
    await dialog.locator('.jp-Dialog-button.jp-mod-warn').click();
    await card.locator('.bb-Pack-untrusted').waitFor({ state: 'detached', timeout: 10_000 });
    const cell = await runCell();
    const result = cell.locator('.jp-OutputArea-executeResult');
    await result.waitFor({ timeout: 120_000 });
    assert.match(await result.innerText(), /answer[\s\S]*42/);
    await screenshot(page, 'packs-panel-04-cell-ran');
    assert.deepEqual(unexpectedErrors(b), []);
  });
});
