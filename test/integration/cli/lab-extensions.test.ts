// `bootbook lab --extension prebuilt` and `--labextensions DIR` as users start them: the page
// config lists the prebuilt extension and its container is served; a bad folder or a bad
// choice stops the command with a message naming what was wrong and what is valid.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../../../server/src/engine/paths.js';

const bin = join(repoRoot, 'bin', 'bootbook.js');
const prebuilt = join(repoRoot, 'extension', 'labextension');

test('--labextensions with a folder that does not exist: an error naming it and what to give', () => {
  const missing = join(tmpdir(), 'bootbook-no-such-labextensions');
  const r = spawnSync(process.execPath, [bin, 'lab', '--port', '0', '--labextensions', missing], { encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(r.status, 0);
  assert.ok(r.stderr.includes(missing), r.stderr);
  assert.match(r.stderr, /labextensions folder .* or one prebuilt extension's folder/);
});

test('--extension with an unknown choice lists the valid ones', () => {
  const r = spawnSync(process.execPath, [bin, 'lab', '--port', '0', '--extension', 'both'], { encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /bundled, prebuilt/);
});

const unbuilt = existsSync(join(prebuilt, 'package.json')) ? false : 'extension/labextension is not built (npm run build:labextension)';
test('--extension prebuilt: the page lists extension/labextension and its container is served', { skip: unbuilt }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'bootbook-lab-prebuilt-'));
  const lab = spawn(process.execPath, [bin, 'lab', '--root', root, '--port', '0', '--extension', 'prebuilt'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  lab.stdout.on('data', (d) => (stdout += d));
  lab.stderr.on('data', (d) => (stderr += d));
  t.after(() => {
    if (lab.exitCode === null) lab.kill('SIGKILL');
  });
  for (let i = 0; i < 150 && !/token=/.test(stdout); i++) await sleep(100);
  const m = /(http:\/\/127\.0\.0\.1:\d+)\/lab\?token=([0-9a-f]+)/.exec(stdout);
  assert.ok(m, `no URL printed: ${stdout}${stderr}`);
  const [, base, token] = m;
  const headers = { Authorization: `token ${token}` };
  const page = await (await fetch(`${base}/lab`, { headers })).text();
  const config = JSON.parse(/<script id="jupyter-config-data" type="application\/json">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '{}') as { federated_extensions?: { name: string; load: string }[] };
  const build = (JSON.parse(readFileSync(join(prebuilt, 'package.json'), 'utf8')) as { jupyterlab: { _build: { load: string } } }).jupyterlab._build;
  assert.deepEqual(config.federated_extensions?.map((e) => [e.name, e.load]), [['@bootbook/jupyterlab-extension', build.load]]);
  const entry = await fetch(`${base}/lab/extensions/@bootbook/jupyterlab-extension/${build.load}`, { headers });
  assert.equal(entry.status, 200);
  assert.equal(entry.headers.get('content-type'), 'text/javascript; charset=UTF-8');
  assert.match(await entry.text(), /_JUPYTERLAB/);
  lab.kill('SIGTERM');
  await new Promise((ok) => lab.once('exit', ok));
});
