// The prebuilt (federated) bootbook extension loading in our own application, in real
// Chromium: `bootbook lab` with extension/labextension (what `npm run build:labextension`
// writes and `bootbook jupyter install` copies into a JupyterLab) as a prebuilt extension, so
// the copy compiled into app/build is not started (`bootbook lab --extension prebuilt`).
// Checked: the container and the extension's chunks were fetched from /lab/extensions/ with
// JavaScript types and caching headers; every bootbook plugin registered is the federated
// module's own object and got the application's services (shared singletons); its ./style
// module injected the CSS; the frameworks panel and the target picker show; a kite cell runs
// and its result is drawn by the bootbook results renderer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'playwright-core';
import { repoRoot } from '../../server/src/engine/paths.js';
import {
  appendCell,
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

const NAME = '@bootbook/jupyterlab-extension';
const PREBUILT = join(repoRoot, 'extension', 'labextension');
const NB = 'getting-started.ipynb';

function whyNot(): string | false {
  const base = skipReason();
  if (base) return base;
  if (existsSync(join(PREBUILT, 'package.json'))) return false;
  const reason = 'extension/labextension is not built: run `npm run build:labextension`';
  if (process.env.CI) throw new Error(`${reason} (CI is set: this test must run)`);
  return reason;
}
const skip = whyNot();

describe('the prebuilt (federated) extension in our application', { skip, concurrency: 1 }, () => {
  let lab: Lab & { logs: string[] };
  let b: BrowserSession;
  const fromExtension: Response[] = [];
  before(async () => {
    lab = await startLab({ labextensions: [PREBUILT] });
    b = await openBrowser();
    b.page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith(`/lab/extensions/${NAME}/`)) fromExtension.push(r);
    });
    // Test-only: ask the page to expose the application (window.jupyterapp), to look at its
    // plugins. The page config is edited in the page before the bundle reads it (fulfilling the
    // document through page.route would make Chromium block its sockets to 127.0.0.1).
    await b.page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const el = document.getElementById('jupyter-config-data');
        try {
          const config = JSON.parse(el?.textContent ?? '') as Record<string, unknown>;
          config.exposeAppInBrowser = true;
          el!.textContent = JSON.stringify(config);
          observer.disconnect();
        } catch {
          // not there (or not complete) yet
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await openNotebook(b.page, lab, NB);
  });
  after(async () => {
    await b?.close();
    await lab?.close();
  });

  test('the container and the extension module were fetched from /lab/extensions/, typed and cached', async () => {
    const load = (JSON.parse(readFileSync(join(PREBUILT, 'package.json'), 'utf8')) as { jupyterlab: { _build: { load: string } } }).jupyterlab._build.load;
    const paths = fromExtension.map((r) => new URL(r.url()).pathname);
    const entry = fromExtension.find((r) => new URL(r.url()).pathname === `/lab/extensions/${NAME}/${load}`);
    assert.ok(entry, `no request for ${load}; got: ${paths.join(', ') || 'none'}`);
    assert.equal(entry.status(), 200);
    const headers = await entry.allHeaders();
    assert.equal(headers['content-type'], 'text/javascript; charset=UTF-8');
    assert.match(headers['cache-control'] ?? '', /max-age=31536000, immutable/);
    // The exposed ./extension and ./style modules live in chunks of their own, loaded from there too.
    const chunks = fromExtension.filter((r) => /\/static\/[\w-]+\.[0-9a-f]+\.js$/.test(new URL(r.url()).pathname) && !r.url().includes('remoteEntry'));
    assert.ok(chunks.length >= 1, `no chunk of the extension was loaded: ${paths.join(', ')}`);
    for (const r of fromExtension) assert.equal(r.status(), 200, r.url());
  });

  test('every bootbook plugin is the federated module\'s own object, and the bundled copy is not started', async () => {
    const facts = await b.page.evaluate(async (name) => {
      type Plugin = { id: string; activate: unknown };
      const w = window as unknown as {
        _JUPYTERLAB?: Record<string, { get(m: string): Promise<() => { default: Plugin | Plugin[] }> }>;
        jupyterapp?: { pluginRegistry: { _plugins: Map<string, { activate: unknown }> }; isPluginActivated(id: string): boolean };
      };
      const container = w._JUPYTERLAB?.[name];
      if (!container || !w.jupyterapp) return { container: !!container, app: !!w.jupyterapp, ids: [], same: [], activated: [] };
      const exported = (await container.get('./extension'))().default;
      const plugins = Array.isArray(exported) ? exported : [exported];
      const registered = w.jupyterapp.pluginRegistry._plugins;
      return {
        container: true,
        app: true,
        ids: plugins.map((p) => p.id),
        same: plugins.map((p) => registered.get(p.id)?.activate === p.activate),
        activated: plugins.map((p) => w.jupyterapp!.isPluginActivated(p.id)),
      };
    }, NAME);
    assert.ok(facts.container, `window._JUPYTERLAB has no ${NAME}`);
    assert.ok(facts.app, 'window.jupyterapp is not exposed');
    assert.ok(facts.ids.length >= 5, `plugins: ${facts.ids.join(', ')}`);
    assert.ok(facts.ids.every((id) => id.startsWith('bootbook:') || id.startsWith(`${NAME}:`)), facts.ids.join(', '));
    assert.deepEqual(facts.same, facts.ids.map(() => true), `registered plugin objects that are not the federated ones: ${facts.ids.filter((_, i) => !facts.same[i]).join(', ')}`);
    assert.ok(facts.activated.some(Boolean), 'no federated plugin was activated');
  });

  test('its ./style module put the extension\'s CSS in the page', async () => {
    const styled = await b.page.evaluate(() => Array.from(document.querySelectorAll('style')).some((s) => (s.textContent ?? '').includes('.bb-Frameworks')));
    assert.ok(styled, 'no <style> element with the extension\'s rules');
  });

  test('the frameworks panel lists the packs and the target picker shows the notebook\'s target', async () => {
    const { page } = b;
    assert.match(await notebookPanel(page).locator('.bb-TargetToolbarItem-button').innerText(), /Linux 6\.1 · x86_64/);
    await page.locator('.jp-SideBar [data-id="bootbook-frameworks"]').click();
    const kite = page.locator('.bb-Pack[data-pack="kite"]');
    await kite.waitFor({ timeout: 20_000 });
    assert.match(await kite.locator('.bb-Pack-title').innerText(), /kite\s*\d+\.\d+\.\d+/);
    assert.equal(await page.locator('.bb-Pack[data-pack="linux"]').count(), 1);
    await screenshot(page, 'prebuilt-extension-01-frameworks');
  });

  test('a kite cell runs and the bootbook results renderer draws its result', async () => {
    const { page } = b;
    const source = ['%target kite', '%clock icount', '#include <bootbook.h>', '', 'int main(void) {', '    bb_metric("answer", 42, "");', '    return 0;', '}'].join('\n');
    const cell = await appendCell(page, source);
    await page.keyboard.press('Shift+Enter');
    await waitForIdle(page);
    await cell.scrollIntoViewIfNeeded();
    const out = cell.locator('.jp-OutputArea-executeResult');
    await out.locator('.bb-RunRenderer .bb-Metrics').waitFor({ timeout: 30_000 });
    assert.match(await out.locator('.bb-Run-headline').innerText(), /kite \(x86_64\) · ok · exit 0/);
    assert.match(await out.locator('.bb-Metrics').innerText(), /answer\s+42/);
    assert.equal(await out.locator('.bootbook-result').count(), 0, 'the kernel\'s text/html rendering is not used');
    await screenshot(page, 'prebuilt-extension-02-kite-result');
  });

  test('no unexpected console errors, and no shared-module version warnings', () => {
    assert.deepEqual(unexpectedErrors(b), []);
    assert.deepEqual(b.consoleWarnings.filter((w) => /shared|singleton|version/i.test(w)), []);
    assert.deepEqual(lab.logs.filter((l) => l.includes('prebuilt extension left out')), []);
  });
});
