// The prebuilt (federated) JupyterLab extension in extension/labextension/ (built by
// `npm run build:labextension`, which `npm test` runs first): the structure JupyterLab's
// server reads (package.json with jupyterlab._build, the remoteEntry, the schemas), the
// modules it takes from the host matching what our application shares, and
// `bootbook jupyter install --prefix` copying it into the data dir's labextensions/.
// Without the build it skips with the reason, unless CI is set (then it fails).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../../../server/src/engine/paths.js';

const NAME = '@bootbook/jupyterlab-extension';
const built = join(repoRoot, 'extension', 'labextension');

function whyMissing(): string | undefined {
  if (existsSync(join(built, 'package.json'))) return undefined;
  const reason = 'extension/labextension is not built: run `npm run build:labextension`';
  if (process.env.CI) throw new Error(`${reason} (CI is set: this test must run)`);
  return reason;
}
const skip = whyMissing();

interface LabPackage {
  name: string;
  version: string;
  jupyterlab: { extension?: unknown; _build?: { load?: string; extension?: string; style?: string } };
}
const readJson = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

describe('prebuilt JupyterLab extension', { skip }, () => {
  test('package.json names the remoteEntry, the extension and the style modules', () => {
    const pkg = readJson(join(built, 'package.json')) as LabPackage;
    const source = readJson(join(repoRoot, 'extension', 'package.json')) as LabPackage;
    assert.equal(pkg.name, NAME);
    assert.equal(pkg.version, source.version);
    const b = pkg.jupyterlab._build;
    assert.ok(b, 'jupyterlab._build is missing');
    assert.match(b.load ?? '', /^static\/remoteEntry\.[0-9a-f]+\.js$/);
    assert.ok(existsSync(join(built, b.load!)), `${b.load} does not exist`);
    assert.equal(b.extension, './extension');
    assert.equal(b.style, './style');
    // Exactly one remoteEntry (stale ones are removed by the builder).
    assert.deepEqual(readdirSync(join(built, 'static')).filter((f) => f.startsWith('remoteEntry.')), [b.load!.slice('static/'.length)]);
    // The container registers under JupyterLab's global and shares the host's packages.
    const entry = readFileSync(join(built, b.load!), 'utf8');
    assert.ok(entry.includes(`_JUPYTERLAB)[${JSON.stringify(NAME)}]=`), 'remoteEntry does not register in _JUPYTERLAB');
    // Its chunks load through a global of its own, not webpackChunkbootbook (our application's).
    assert.ok(entry.includes('webpackChunk_bootbook_jupyterlab_extension'), 'chunk-loading global is not the extension\'s');
    assert.ok(!/webpackChunkbootbook\b/.test(entry), 'chunk-loading global clashes with our application bundle');
    for (const shared of ['@jupyterlab/notebook', '@lumino/widgets']) {
      assert.ok(entry.includes(JSON.stringify(shared)), `${shared} is not consumed from the host`);
    }
  });

  test('every module it takes from the host is one our application shares, at a version the application has', () => {
    // The application's shared packages (app/webpack/shared.cjs): what our app provides.
    const { sharedPackages } = createRequire(join(repoRoot, 'package.json'))(join(repoRoot, 'app', 'webpack', 'shared.cjs')) as {
      sharedPackages(): Record<string, { version: string }>;
    };
    const shared = sharedPackages();
    const js = readdirSync(join(built, 'static')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(built, 'static', f), 'utf8')).join('\n');
    // webpack's consume calls: ("default", "<package>", <strict>, [1, major, minor, patch]) is ^major.minor.patch.
    const consumed = [...js.matchAll(/"default","((?:@[\w.-]+\/)?[\w.-]+)",!([01]),\[(\d+),(\d+),(\d+),(\d+)\]/g)];
    assert.ok(consumed.length >= 5, `found ${consumed.length} consumed modules`);
    for (const [, name, , kind, major, minor, patch] of consumed) {
      const provided = shared[name!];
      assert.ok(provided, `${name} is consumed from the host but not shared by the application (app/webpack/shared.cjs)`);
      assert.equal(kind, '1', `${name}: not a ^ range`);
      const [pMajor, pMinor, pPatch] = provided.version.split('.').map(Number) as [number, number, number];
      const want = [Number(major), Number(minor), Number(patch)] as const;
      const ok = pMajor === want[0] && (pMinor > want[1] || (pMinor === want[1] && pPatch >= want[2])) && (want[0] !== 0 || pMinor === want[1]);
      assert.ok(ok, `${name}: the extension needs ^${want.join('.')}, the application provides ${provided.version}`);
    }
  });

  test('the settings schemas are copied to schemas/@bootbook/jupyterlab-extension', () => {
    const src = readdirSync(join(repoRoot, 'extension', 'schema')).filter((f) => f.endsWith('.json')).sort();
    assert.ok(src.length > 0);
    const dir = join(built, 'schemas', ...NAME.split('/'));
    for (const f of src) {
      assert.deepEqual(readJson(join(dir, f)), readJson(join(repoRoot, 'extension', 'schema', f)), f);
    }
  });

  test('the extension\'s CSS is in the bundle (the ./style module)', () => {
    const js = readdirSync(join(built, 'static')).filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(built, 'static', f), 'utf8')).join('\n');
    assert.ok(js.includes('.bb-Frameworks'), 'style/index.css rules are not bundled');
  });

  test('`bootbook jupyter install --prefix` copies it into share/jupyter/labextensions; uninstall removes it', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'bootbook-labext-'));
    try {
      const bin = join(repoRoot, 'bin', 'bootbook.js');
      const install = spawnSync(process.execPath, [bin, 'jupyter', 'install', '--prefix', prefix], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(install.status, 0, install.stderr);
      const dest = join(prefix, 'share', 'jupyter', 'labextensions', ...NAME.split('/'));
      assert.ok(install.stdout.includes(`JupyterLab extension: ${dest}`), install.stdout);
      const pkg = readJson(join(dest, 'package.json')) as LabPackage;
      assert.deepEqual(pkg, readJson(join(built, 'package.json')));
      assert.ok(existsSync(join(dest, pkg.jupyterlab._build!.load!)));
      assert.deepEqual(readdirSync(join(dest, 'static')).sort(), readdirSync(join(built, 'static')).sort());
      assert.ok(existsSync(join(dest, 'schemas', ...NAME.split('/'), 'settings.json')));

      const uninstall = spawnSync(process.execPath, [bin, 'jupyter', 'uninstall', '--prefix', prefix], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(uninstall.status, 0, uninstall.stderr);
      assert.ok(!existsSync(dest), 'uninstall left the lab extension');
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});
