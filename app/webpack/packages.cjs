// Reads the package metadata of the application's JupyterLab packages (app/extensions.cjs): where
// each package lives, its plugin module, style module, settings schemas and theme. Shared by the
// extensions loader (what the bundle imports) and the assets plugin (schemas.json, themes/).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const appDir = path.resolve(__dirname, '..');
const repoDir = path.resolve(appDir, '..');
const listFile = path.join(appDir, 'extensions.cjs');

/** The list in app/extensions.cjs, read afresh (it may change between watch rebuilds). */
function readList() {
  delete require.cache[require.resolve(listFile)];
  return require(listFile);
}

/**
 * One package's metadata.
 * @returns {{ name: string, version: string, dir: string, kind: 'extension' | 'mimeExtension',
 *   module: string, style?: string, schemaDir?: string, themePath?: string }}
 */
function describe(name, kind) {
  const packageJson = require.resolve(`${name}/package.json`, { paths: [repoDir] });
  const data = JSON.parse(fs.readFileSync(packageJson, 'utf8'));
  const lab = data.jupyterlab || {};
  const entry = lab[kind];
  if (!entry) {
    throw new Error(`${name} declares no jupyterlab.${kind} in its package.json`);
  }
  // `true` means the package's main export; a string names another module of the package.
  const module = entry === true ? name : `${name}/${entry}`;
  // JupyterLab prefers styleModule (a JS file importing the CSS of the package's dependencies too).
  const style = data.styleModule || data.style;
  return {
    name,
    version: data.version,
    dir: path.dirname(packageJson),
    kind,
    module,
    style: style ? `${name}/${style}` : undefined,
    schemaDir: lab.schemaDir,
    themePath: lab.themePath
  };
}

/** Our own extension, or undefined while extension/src/index.ts does not exist. */
function describeLocal(local) {
  const entry = path.join(repoDir, local.entry);
  if (!fs.existsSync(entry)) {
    return undefined;
  }
  const packageJson = path.join(repoDir, local.packageJson);
  const data = fs.existsSync(packageJson) ? JSON.parse(fs.readFileSync(packageJson, 'utf8')) : {};
  const style = path.join(repoDir, local.style);
  return {
    name: data.name || 'bootbook-extension',
    version: data.version || '0.0.0',
    dir: path.dirname(packageJson),
    kind: 'extension',
    module: entry,
    style: fs.existsSync(style) ? style : undefined,
    schemaDir: data.jupyterlab && data.jupyterlab.schemaDir,
    themePath: undefined
  };
}

/** Every package of the application, in the order of app/extensions.cjs, ours last. */
function readPackages() {
  const list = readList();
  const packages = [
    ...list.extensions.map(name => describe(name, 'extension')),
    ...list.mimeExtensions.map(name => describe(name, 'mimeExtension'))
  ];
  const local = describeLocal(list.local);
  if (local) {
    packages.push(local);
  }
  return { packages, excludedPlugins: list.excludedPlugins };
}

/** The files whose change must trigger a rebuild of what is derived from the list. */
function inputFiles(list = readList()) {
  return [listFile, path.join(repoDir, list.local.entry), path.join(repoDir, list.local.packageJson),
    path.join(repoDir, list.local.style)];
}

module.exports = { appDir, repoDir, listFile, readList, readPackages, inputFiles };
