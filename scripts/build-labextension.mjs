#!/usr/bin/env node
// Builds extension/ as a prebuilt (federated) JupyterLab 4 extension into extension/labextension/
// (`npm run build:labextension`), which `bootbook jupyter install` copies into
// <data dir>/labextensions/@bootbook/jupyterlab-extension.
//
//   1. tsc -p extension/tsconfig.lib.json: extension/src -> extension/lib (ES modules).
//   2. A minimal "core" package.json (what JupyterLab's own staging/package.json gives
//      @jupyterlab/builder): exactly the packages our application shares with prebuilt
//      extensions (app/webpack/shared.cjs), with the installed versions, all singletons
//      provided by the host, never bundled. So the extension asks our application (and a
//      JupyterLab of the same 4.6 release) for what it provides, at the versions it has.
//   3. node @jupyterlab/builder/lib/build-labextension.js --core-path <that dir> extension
//      (webpack + ModuleFederationPlugin; monaco-editor is bundled, as a lazy chunk).
//
// Idempotent: when extension/labextension is newer than every input it does nothing
// (--force rebuilds). Both extension/lib and extension/labextension are build outputs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ext = join(root, 'extension');
const out = join(ext, 'labextension');
const lib = join(ext, 'lib');
const coreDir = join(root, 'node_modules', '.cache', 'bootbook-labextension-core');
const require = createRequire(join(root, 'package.json'));
const force = process.argv.includes('--force');
const t0 = Date.now();

/** Newest mtime of a file or of every file below a directory. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

function builtAt() {
  const pj = join(out, 'package.json');
  if (!existsSync(pj)) return 0;
  const load = JSON.parse(readFileSync(pj, 'utf8')).jupyterlab?._build?.load;
  return load && existsSync(join(out, load)) ? statSync(pj).mtimeMs : 0;
}

const inputs = [
  join(ext, 'src'), join(ext, 'schema'), join(ext, 'package.json'), join(ext, 'tsconfig.json'),
  join(ext, 'tsconfig.lib.json'), join(root, 'style', 'index.css'), fileURLToPath(import.meta.url),
  join(root, 'node_modules', '@jupyterlab', 'builder', 'package.json'),
  join(root, 'app', 'webpack', 'shared.cjs'), join(root, 'package-lock.json'),
];
const built = builtAt();
if (!force && built > 0 && inputs.every((p) => newest(p) < built)) {
  console.log(`build:labextension: ${relative(root, out)} is up to date (--force rebuilds)`);
  process.exit(0);
}

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    console.error(`build:labextension: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
  return r.stdout;
}

// 1. TypeScript -> extension/lib (cleaned first, so no module of a deleted source stays).
rmSync(lib, { recursive: true, force: true });
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ext, 'tsconfig.lib.json')]);

// 2. The minimal core package.json.
const extPkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const versionOf = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
// The application's shared packages (app/webpack/shared.cjs): what it provides to prebuilt
// extensions. Whatever else the extension imports is bundled into it.
const { sharedPackages } = require(join(root, 'app', 'webpack', 'shared.cjs'));
const shared = sharedPackages();
const singletons = Object.keys(shared).sort();
const notShared = Object.keys(extPkg.dependencies).filter((n) => (n.startsWith('@jupyterlab/') || n.startsWith('@lumino/')) && !singletons.includes(n));
if (notShared.length) {
  console.error(`build:labextension: ${notShared.join(', ')} (extension/package.json) not shared by the application (app/webpack/shared.cjs): ` +
    'the extension would bundle its own copy; add them to app/extensions.cjs\'s packages or their dependencies');
  process.exit(1);
}
const resolutions = Object.fromEntries(singletons.map((n) => [n, `~${shared[n].version}`]));
mkdirSync(coreDir, { recursive: true });
writeFileSync(join(coreDir, 'package.json'), JSON.stringify({
  name: '@bootbook/labextension-core',
  version: versionOf('@jupyterlab/application'),
  private: true,
  dependencies: {},
  resolutions,
  jupyterlab: { singletonPackages: singletons },
}, null, 2) + '\n');

// 3. @jupyterlab/builder, from extension/: webpack names the chunk-loading global after the
// package.json of its working directory (webpackChunk_bootbook_jupyterlab_extension); from the
// root it would be webpackChunkbootbook, the global of our own application's bundle.
run(process.execPath, [require.resolve('@jupyterlab/builder/lib/build-labextension.js'), '--core-path', coreDir, ext], ext);

const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
let bytes = 0;
let files = 0;
(function size(p) {
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (e.isDirectory()) size(join(p, e.name));
    else { bytes += statSync(join(p, e.name)).size; files += 1; }
  }
})(out);
console.log(`build:labextension: ${relative(root, out)} (${pkg.jupyterlab._build.load}), ${files} files, ` +
  `${(bytes / 1024 / 1024).toFixed(1)} MiB, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
