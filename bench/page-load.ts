// Page load of the front end, next to a static page from the same server in the
// same run: headless Chromium (Debian's), a fresh browser context per load (empty
// HTTP cache: a first visit), rounds alternating.
// - notebook: navigation to /lab/tree/getting-started.ipynb until the notebook
//   toolbar's kernel indicator says idle (shell loaded, notebook opened, kernel
//   started and connected); also the time until the shell is up (splash gone).
//   Goal: under 5 s median.
// - static: navigation to /files/static.html (a 1 KB page written into the root) until its load event.
//
//   node dist/bench/page-load.js      (BENCH_RUNS=N, default 7)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, skipReason, startLab } from '../test/e2e/harness.js';
import { median } from 'simple-statistics';

const rounds = Number(process.env.BENCH_RUNS ?? 7);
const GOAL_MS = 5000;

const skip = skipReason();
if (skip) {
  console.log(`page-load: skipped: ${skip}`);
  process.exit(0);
}

const lab = await startLab();
writeFileSync(join(lab.root, 'static.html'), `<!doctype html><meta charset="utf-8"><title>static</title><p>${'A small static page. '.repeat(40)}</p>\n`);
const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });

async function deleteSessions(): Promise<void> {
  const headers = { Authorization: `token ${lab.token}` };
  const sessions = (await (await fetch(`${lab.url}/api/sessions`, { headers })).json()) as { id: string }[];
  for (const s of sessions) await fetch(`${lab.url}/api/sessions/${s.id}`, { method: 'DELETE', headers });
  const kernels = (await (await fetch(`${lab.url}/api/kernels`, { headers })).json()) as { id: string }[];
  for (const k of kernels) await fetch(`${lab.url}/api/kernels/${k.id}`, { method: 'DELETE', headers });
}

/** ms from navigation start to: the shell up, and the notebook's kernel idle. */
async function notebookLoad(): Promise<{ shell: number; idle: number }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(lab.pageUrl('getting-started.ipynb'), { waitUntil: 'commit' });
    const shell = await page.waitForFunction(
      () => document.querySelector('#jp-main-dock-panel') && !document.querySelector('#jupyterlab-splash') && performance.now(),
      undefined,
      { polling: 20, timeout: 60_000 },
    );
    const idle = await page.waitForFunction(
      () => document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]') && performance.now(),
      undefined,
      { polling: 20, timeout: 120_000 },
    );
    return { shell: (await shell.jsonValue()) as number, idle: (await idle.jsonValue()) as number };
  } finally {
    await context.close();
    await deleteSessions(); // every load starts its own kernel, as a first visit does
  }
}

/** ms from navigation start to the load event of a small static file. */
async function staticLoad(): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${lab.url}/files/static.html?token=${encodeURIComponent(lab.token)}`, { waitUntil: 'load' });
    return await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
  } finally {
    await context.close();
  }
}

const shell: number[] = [];
const idle: number[] = [];
const stat: number[] = [];
try {
  await notebookLoad(); // warm-up: the server's first kernel start, OS file cache
  await staticLoad();
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      const n = await notebookLoad();
      shell.push(n.shell);
      idle.push(n.idle);
      stat.push(await staticLoad());
    } else {
      stat.push(await staticLoad());
      const n = await notebookLoad();
      shell.push(n.shell);
      idle.push(n.idle);
    }
  }
} finally {
  await browser.close();
  await lab.close();
}

const mi = median(idle);
const ms = median(stat);
console.log(
  `page load (headless Chromium, fresh context each, ${rounds} rounds alternating, medians): ` +
    `getting-started.ipynb to an idle kernel ${(mi / 1000).toFixed(2)} s (shell up ${(median(shell) / 1000).toFixed(2)} s; ` +
    `range ${(Math.min(...idle) / 1000).toFixed(2)}-${(Math.max(...idle) / 1000).toFixed(2)} s; goal < ${GOAL_MS / 1000} s: ${mi < GOAL_MS ? 'met' : 'NOT met'}), ` +
    `static /files/static.html ${ms.toFixed(1)} ms, ratio ${(mi / ms).toFixed(0)}x`,
);
