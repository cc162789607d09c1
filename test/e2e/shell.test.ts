// The JupyterLab shell served by a real `bootbook lab`, in real Chromium: it
// starts with no error dialog and no console error, shows the example notebooks,
// works both with ?token= and with the login cookie alone, and both themes load.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickMenu,
  openBrowser,
  openLab,
  screenshot,
  skipReason,
  startLab,
  unexpectedErrors,
  waitForApp,
  type BrowserSession,
  type Lab,
} from './harness.js';

const skip = skipReason();

describe('the application shell', { skip, concurrency: 1 }, () => {
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

  test('starts with the launcher and file browser, no error dialog, no console error', async () => {
    const { page } = b;
    await openLab(page, lab);
    await page.locator('.jp-Launcher').first().waitFor({ state: 'visible', timeout: 30_000 });
    // The file browser lists the example notebook.
    await page.locator('.jp-DirListing-item[title*="getting-started.ipynb"], .jp-DirListing-itemText:has-text("getting-started.ipynb")').first().waitFor({ timeout: 30_000 });
    // The launcher offers the kernels of the server (at least linux and kite).
    const launcherText = await page.locator('.jp-Launcher').first().innerText();
    assert.match(launcherText, /Linux/);
    assert.match(launcherText, /kite/i);
    await page.waitForTimeout(1500); // late errors (settings, themes, polling) show up within this
    await screenshot(page, 'shell-01-start');
    assert.equal(await page.locator('.jp-Dialog').count(), 0, 'no error dialog');
    assert.deepEqual(unexpectedErrors(b), [], 'no console or page errors');
    assert.deepEqual(b.failedRequests, [], 'no failed request');
    // The page config reached the application.
    assert.equal(await page.title().then((t) => typeof t), 'string');
    const config = JSON.parse((await page.locator('#jupyter-config-data').textContent()) ?? '{}');
    assert.equal(config.appName, 'bootbook');
    assert.equal(config.token, lab.token, 'opened with ?token=, the page carries the token');
  });

  test('a reload without ?token= works on the login cookie alone', async () => {
    const { page } = b;
    await page.goto(`${lab.url}/lab`);
    await waitForApp(page);
    const config = JSON.parse((await page.locator('#jupyter-config-data').textContent()) ?? '{}');
    assert.equal(config.token, '', 'a cookie-authenticated page is not handed the token');
    await page.locator('.jp-DirListing-itemText', { hasText: 'getting-started.ipynb' }).first().waitFor({ timeout: 30_000 });
    // A state-changing request from the app (saving a setting: XSRF + cookie) succeeds.
    await clickMenu(page, 'Settings', 'Theme');
    await page.locator('.lm-Menu:visible .lm-Menu-itemLabel', { hasText: /^JupyterLab Dark$/ }).click();
    await page.waitForFunction(() => document.body.dataset.jpThemeName === 'JupyterLab Dark', undefined, { timeout: 30_000 });
    await page.waitForTimeout(1000);
    await screenshot(page, 'shell-02-cookie-dark');
    assert.equal(await page.locator('.jp-Dialog').count(), 0, 'no error dialog');
    assert.deepEqual(unexpectedErrors(b), []);
    assert.deepEqual(b.failedRequests, []);
  });

  test('the dark theme was saved as a setting and loads with the next page; light loads again', async () => {
    const { page } = b;
    await openLab(page, lab);
    await page.waitForFunction(() => document.body.dataset.jpThemeName === 'JupyterLab Dark', undefined, { timeout: 30_000 });
    const saved = readFileSync(join(lab.configDir, 'settings', '@jupyterlab', 'apputils-extension', 'themes.jupyterlab-settings'), 'utf8');
    assert.match(saved, /JupyterLab Dark/, 'the theme choice is a settings file of this server');
    const bg = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--jp-layout-color0').trim());
    assert.notEqual(bg, '', 'the dark theme stylesheet is applied');
    await screenshot(page, 'shell-03-dark-after-reload');
    await clickMenu(page, 'Settings', 'Theme');
    await page.locator('.lm-Menu:visible .lm-Menu-itemLabel', { hasText: /^JupyterLab Light$/ }).click();
    await page.waitForFunction(() => document.body.dataset.jpThemeName === 'JupyterLab Light', undefined, { timeout: 30_000 });
    await page.waitForTimeout(1000);
    const light = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--jp-layout-color0').trim());
    assert.notEqual(light, bg, 'the light theme has its own colours');
    await screenshot(page, 'shell-04-light');
    assert.deepEqual(unexpectedErrors(b), []);
    assert.deepEqual(b.failedRequests, []);
  });
});
