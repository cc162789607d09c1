#!/usr/bin/env node
// Builds the front end (app/build/) only when it is missing or older than one of its inputs:
// app/, extension/, style/ and package-lock.json (not *.md). A successful build ends by writing
// app/build/.built (webpack leaves unchanged files untouched, so their times prove nothing).
//   node app/build-if-stale.mjs           production build (what `npm run build:app` does)
//   node app/build-if-stale.mjs --dev     development build (unminified, faster)
//   node app/build-if-stale.mjs --check   only say whether it is stale (exit 1 if so)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(appDir);
const buildDir = join(appDir, 'build');
const stamp = join(buildDir, '.built');
const inputs = ['app', 'extension', 'style', 'package-lock.json'].map(p => join(repoDir, p));
const skipped = new Set([buildDir, join(repoDir, 'extension', 'lib'), join(repoDir, 'extension', 'node_modules')]);

/** The most recently modified file under `path`: { file, mtimeMs }, or undefined if none. */
function newest(path) {
  if (skipped.has(path) || !existsSync(path)) {
    return undefined;
  }
  const st = statSync(path);
  if (!st.isDirectory()) {
    // Documentation is no input of the bundle.
    return path.endsWith('.md') ? undefined : { file: path, mtimeMs: st.mtimeMs };
  }
  let best;
  for (const name of readdirSync(path)) {
    const found = newest(join(path, name));
    if (found && (!best || found.mtimeMs > best.mtimeMs)) {
      best = found;
    }
  }
  return best;
}

/** Why a `mode` build is needed, or undefined when app/build/ is up to date. */
function staleness(mode) {
  if (!existsSync(stamp)) {
    return 'app/build/ has not been built (or its last build failed)';
  }
  const built = readFileSync(stamp, 'utf8').split(' ')[0];
  if (built !== mode) {
    return `app/build/ is a ${built} build`;
  }
  const builtAt = statSync(stamp).mtimeMs;
  for (const input of inputs) {
    const found = newest(input);
    if (found && found.mtimeMs > builtAt) {
      return `${relative(repoDir, found.file)} is newer than the build`;
    }
  }
  return undefined;
}

const args = process.argv.slice(2);
const mode = args.includes('--dev') ? 'development' : 'production';
const reason = staleness(mode);
if (!reason) {
  console.log('app: app/build/ is up to date');
  process.exit(0);
}
if (args.includes('--check')) {
  console.log(`app: stale: ${reason}`);
  process.exit(1);
}
console.log(`app: building the front end (${mode}): ${reason}`);
const started = Date.now();
const webpackCli = createRequire(join(repoDir, 'package.json')).resolve('webpack-cli/bin/cli.js');
const result = spawnSync(
  process.execPath,
  [webpackCli, '--config', join(appDir, 'webpack.config.cjs'), '--mode', mode],
  { cwd: repoDir, stdio: 'inherit' }
);
if (result.status !== 0) {
  console.error(`app: the front-end build failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  process.exit(1);
}
// Dated when the build started: an input edited during the build makes the next run rebuild.
writeFileSync(stamp, `${mode} build started ${new Date(started).toISOString()}\n`);
utimesSync(stamp, started / 1000, started / 1000);
console.log(`app: built app/build/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
