// The packages the application shares with prebuilt (federated) JupyterLab extensions, for the
// ModuleFederationPlugin of webpack.config.cjs: what JupyterLab's own build shares (its
// dev_mode/webpack.config.js: every core package, singletons for @jupyterlab/*, @lumino/*,
// CodeMirror, Lezer, React, Yjs...), so a prebuilt extension's `import '@jupyterlab/notebook'`
// gets the very module (and its tokens) the application uses.
//
// Two differences from upstream, both for start-up time:
// - eager: the shared modules stay in the start-up bundle, split as before, instead of one
//   lazily loaded file per package (upstream loads ~150 files before the shell shows);
// - only packages the application is built from (the dependency closure of app/extensions.cjs
//   and our extension), so sharing adds little to the bundle: a shared package is provided whole
//   (any extension may import any of its exports), not tree-shaken (+0.6 MB at start-up,
//   app/README.md).
// A package installed in two versions (the @jupyter/*-components pair, NOTES.md) is not shared:
// a singleton would hand one package the other's version.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { repoDir, readPackages } = require('./packages.cjs');

/** The names JupyterLab shares as singletons (the prefixes of its staging package.json's list). */
const SHARED = /^(@jupyterlab\/|@lumino\/|@jupyter\/|@codemirror\/|@lezer\/|@microsoft\/fast-|react$|react-dom$|yjs$)/;

/**
 * Left out although they match: code the application loads lazily (CodeMirror's language
 * modes, their Lezer grammars, the parser generator), which eager sharing would move into the
 * start-up bundle; the `*-extension` packages, which hold plugins, not the APIs and tokens an
 * extension imports; and @jupyterlab/mermaid: shared, it is provided whole, and its lazy
 * import of mermaid (with KaTeX and Cytoscape: ~8 MB in ~140 files) would join the build,
 * which leaves Mermaid diagrams out (app/README.md).
 */
const NOT_SHARED = /^(@codemirror\/lang-|@codemirror\/legacy-modes$|@lezer\/(?!common$|highlight$|lr$)|@jupyterlab\/.*-extension$|@jupyterlab\/mermaid$)/;

/** { name: [versions] } of every matching package in package-lock.json (all nesting levels). */
function installedVersions() {
  const lock = JSON.parse(fs.readFileSync(path.join(repoDir, 'package-lock.json'), 'utf8'));
  const versions = {};
  for (const [key, entry] of Object.entries(lock.packages || {})) {
    const at = key.lastIndexOf('node_modules/');
    if (at < 0) {
      continue;
    }
    const name = key.slice(at + 'node_modules/'.length);
    if (SHARED.test(name)) {
      (versions[name] = versions[name] || new Set()).add(entry.version);
    }
  }
  return versions;
}

/** package.json of a top-level installed package, or undefined. */
function topLevel(name) {
  const file = path.join(repoDir, 'node_modules', ...name.split('/'), 'package.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/**
 * The `shared` option of ModuleFederationPlugin: { name: { singleton, eager, requiredVersion } }
 * for every matching package in the dependency closure of the application's packages.
 */
function sharedPackages() {
  const versions = installedVersions();
  const { packages } = readPackages();
  const seen = new Set();
  const queue = [];
  for (const pkg of packages) {
    const data = JSON.parse(fs.readFileSync(path.join(pkg.dir, 'package.json'), 'utf8'));
    queue.push(...Object.keys(data.dependencies || {}));
  }
  while (queue.length) {
    const name = queue.pop();
    if (seen.has(name) || !SHARED.test(name) || NOT_SHARED.test(name)) {
      continue;
    }
    seen.add(name);
    const data = topLevel(name);
    if (data) {
      queue.push(...Object.keys(data.dependencies || {}));
    }
  }
  const shared = {};
  for (const name of [...seen].sort()) {
    const data = topLevel(name);
    if (!data || (versions[name] && versions[name].size > 1)) {
      continue;
    }
    // requiredVersion: false, here only: the application's own modules were resolved by npm to
    // this one installed version; what an extension requires is checked on its side.
    shared[name] = { singleton: true, eager: true, requiredVersion: false, version: data.version };
  }
  return shared;
}

module.exports = { sharedPackages, SHARED, NOT_SHARED };
