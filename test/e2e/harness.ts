// End-to-end harness: a real `bootbook lab` server (in-process, real kernels and
// QEMU) over a temporary copy of notebooks/, serving the production front end in
// app/build, driven by Debian's Chromium through playwright-core. Reused by every
// e2e test (and by bench/page-load.ts); see test/e2e/README.md.
//
//   const lab = await startLab();
//   const b = await openBrowser();
//   await openNotebook(b.page, lab, 'getting-started.ipynb');
//   await runAllCells(b.page);
//   await waitForIdle(b.page);
//   await screenshot(b.page, 'after-run');
//   assert.deepEqual(unexpectedErrors(b), []);
//   await b.close(); await lab.close();
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Locator, type Page } from 'playwright-core';
import { repoRoot } from '../../server/src/engine/paths.js';
import { loadPacks } from '../../server/src/engine/packs/load.js';
import { startServer, type RunningServer } from '../../server/src/jupyter/server.js';

export const APP_BUILD = join(repoRoot, 'app', 'build');
export const CHROMIUM = process.env.BOOTBOOK_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(repoRoot, 'test', 'e2e', 'artifacts');

/** Flags for Chromium as root in a container (NOTES.md, "Browsers"). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why the e2e tests cannot run here, or false. Outside CI a missing build or browser
 * skips them (say so); in CI (`CI` set) they must run, so this throws instead.
 */
export function skipReason(): string | false {
  const missing: string[] = [];
  if (!existsSync(join(APP_BUILD, 'index.html'))) missing.push('app/build is missing (npm run build:app, or node app/build-if-stale.mjs)');
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  if (!missing.length) return false;
  const reason = `end-to-end tests need the front end and Chromium: ${missing.join('; ')}`;
  if (process.env.CI) throw new Error(`${reason} (CI is set: these tests must run)`);
  return reason;
}

export interface Lab {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  token: string;
  /** The temporary notebook root (a copy of notebooks/). */
  root: string;
  /** The temporary settings/workspaces folder ($BOOTBOOK_CONFIG of this server). */
  configDir: string;
  server: RunningServer;
  /** `${url}/lab[/tree/<path>]?token=...` */
  pageUrl(path?: string): string;
  close(): Promise<void>;
}

export interface LabOptions {
  /** Folder copied as the root (default: the repository's notebooks/). */
  notebooks?: string;
  token?: string;
  /** Server log lines (default: kept in `logs` of the result, printed on failure by the caller if wanted). */
  log?: (line: string) => void;
  /** Prebuilt JupyterLab extensions to load (`bootbook lab --labextensions`), e.g. extension/labextension. */
  labextensions?: string[];
}

/** Start the notebook server in this process: real packs and kernels, app/build as the front end. */
export async function startLab(opts: LabOptions = {}): Promise<Lab & { logs: string[] }> {
  const base = mkdtempSync(join(tmpdir(), 'bootbook-e2e-'));
  const root = join(base, 'notebooks');
  cpSync(opts.notebooks ?? join(repoRoot, 'notebooks'), root, { recursive: true });
  // Settings and workspaces of this server only: never the user's ~/.config/bootbook.
  const configDir = join(base, 'config');
  process.env.BOOTBOOK_CONFIG = configDir;
  const token = opts.token ?? `e2e-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const logs: string[] = [];
  const server = await startServer({
    root,
    token,
    packs: loadPacks().packs,
    staticDir: APP_BUILD,
    labextensions: opts.labextensions,
    log: opts.log ?? ((line) => logs.push(line)),
  });
  return {
    url: server.url,
    token,
    root,
    configDir,
    server,
    logs,
    pageUrl(path?: string) {
      const tree = path ? `/tree/${path.split('/').map(encodeURIComponent).join('/')}` : '';
      return `${server.url}/lab${tree}?token=${encodeURIComponent(token)}`;
    },
    async close() {
      await server.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  page: Page;
  context: BrowserContext;
  /** console.error / console.warning texts, in order (with their source URL). */
  consoleErrors: string[];
  consoleWarnings: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Requests that got a 4xx/5xx or failed outright. */
  failedRequests: string[];
  close(): Promise<void>;
}

export interface BrowserOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

/** A fresh Chromium (its own user-data-dir) with one page whose errors are collected. */
export async function openBrowser(opts: BrowserOptions = {}): Promise<BrowserSession> {
  const userData = mkdtempSync(join(tmpdir(), 'bootbook-chromium-'));
  const context = await chromium.launchPersistentContext(userData, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const session: BrowserSession = {
    page,
    context,
    consoleErrors: [],
    consoleWarnings: [],
    pageErrors: [],
    failedRequests: [],
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userData, { recursive: true, force: true });
    },
  };
  const where = (m: ConsoleMessage) => {
    const l = m.location();
    return l.url ? ` (${l.url.replace(/\?token=[^&]*/, '?token=…')}:${l.lineNumber})` : '';
  };
  page.on('console', (m) => {
    if (m.type() === 'error') session.consoleErrors.push(m.text() + where(m));
    else if (m.type() === 'warning') session.consoleWarnings.push(m.text() + where(m));
  });
  page.on('pageerror', (e) => session.pageErrors.push(`${e.name}: ${e.message}`));
  page.on('requestfailed', (r) => session.failedRequests.push(`${r.method()} ${stripToken(r.url())}: ${r.failure()?.errorText ?? 'failed'}`));
  page.on('response', (r) => {
    if (r.status() >= 400) session.failedRequests.push(`${r.request().method()} ${stripToken(r.url())}: ${r.status()}`);
  });
  return session;
}

const stripToken = (url: string) => url.replace(/([?&]token=)[^&]*/, '$1…');

/**
 * Console messages known to be harmless, each with why. Anything else a test sees is
 * a failure. Keep this list short and specific.
 */
export const HARMLESS_CONSOLE: { pattern: RegExp; why: string }[] = [];

/** Console errors and page errors not in HARMLESS_CONSOLE. */
export function unexpectedErrors(s: BrowserSession): string[] {
  return [...s.pageErrors, ...s.consoleErrors].filter((t) => !HARMLESS_CONSOLE.some((h) => h.pattern.test(t)));
}

/** Wait for the JupyterLab shell to be up: the main dock panel, and the splash screen gone. */
export async function waitForApp(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('#jp-main-dock-panel').waitFor({ state: 'visible', timeout });
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached', timeout });
}

/** Open the lab (optionally at a tree path) with ?token= and wait for the shell. */
export async function openLab(page: Page, lab: Lab, path?: string): Promise<void> {
  await page.goto(lab.pageUrl(path));
  await waitForApp(page);
}

/** The active notebook panel. */
export function notebookPanel(page: Page): Locator {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)').first();
}

/** Open a notebook (path relative to the lab root) through its /lab/tree URL; resolves when its kernel is idle. */
export async function openNotebook(page: Page, lab: Lab, path: string, timeout = 120_000): Promise<Locator> {
  await openLab(page, lab, path);
  const panel = notebookPanel(page);
  await panel.locator('.jp-Cell').first().waitFor({ state: 'visible', timeout });
  await waitForIdle(page, timeout);
  return panel;
}

/** Run > Run All Cells, through the menu bar as a user would. */
export async function runAllCells(page: Page): Promise<void> {
  await clickMenu(page, 'Run', 'Run All Cells');
}

/** Click a top-level menu, then an item of it (by its visible label). */
export async function clickMenu(page: Page, menu: string, item: string): Promise<void> {
  await page.locator('#jp-menu-panel .lm-MenuBar-itemLabel', { hasText: new RegExp(`^${escapeRe(menu)}$`) }).click();
  await page.locator('.lm-Menu:visible .lm-Menu-itemLabel', { hasText: new RegExp(`^${escapeRe(item)}$`) }).first().click();
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The notebook toolbar's kernel status indicator ('idle', 'busy', 'starting', ...). */
export async function kernelStatus(page: Page): Promise<string | null> {
  const el = notebookPanel(page).locator('.jp-Notebook-ExecutionIndicator').first();
  return (await el.count()) ? el.getAttribute('data-status') : null;
}

/**
 * Wait until the active notebook's kernel is idle (toolbar indicator) and no cell is
 * queued or running (no `[*]` prompt), twice in a row 300 ms apart: a run-all
 * passes through idle between cells.
 */
export async function waitForIdle(page: Page, timeout = 300_000): Promise<void> {
  const panel = notebookPanel(page);
  const deadline = Date.now() + timeout;
  let calm = 0;
  while (calm < 2) {
    if (Date.now() > deadline) throw new Error(`the kernel was not idle within ${timeout} ms (status ${await kernelStatus(page)})`);
    const idle = (await kernelStatus(page)) === 'idle';
    const running = await panel.locator('.jp-InputArea-prompt', { hasText: '[*]' }).count();
    calm = idle && running === 0 ? calm + 1 : 0;
    await page.waitForTimeout(300);
  }
}

/** Save a PNG of the page as test/e2e/artifacts/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The code cells of the active notebook, in order. */
export function codeCells(page: Page): Locator {
  return notebookPanel(page).locator('.jp-CodeCell');
}

/** The first code cell whose source contains `text`. */
export function cellWithSource(page: Page, text: string): Locator {
  return codeCells(page).filter({ has: page.locator('.jp-InputArea-editor', { hasText: text }) }).first();
}

/** Add a code cell at the end of the active notebook with this source; leaves it selected (command mode). */
export async function appendCell(page: Page, source: string): Promise<Locator> {
  const cells = codeCells(page);
  const before = await cells.count();
  await notebookPanel(page).locator('.jp-Cell').last().locator('.jp-InputPrompt').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.waitForFunction((n) => document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell').length > n, before);
  await page.keyboard.press('Enter'); // edit mode
  // insertText types no keys: no auto-closed brackets, no auto-indent.
  await page.keyboard.insertText(source);
  await page.keyboard.press('Escape');
  return cells.nth(before);
}
