// A webpack plugin that adds to app/build/ what the server needs besides the bundle:
// - index.html: app/index.html with the bundle's entry files filled in ({{PAGE_CONFIG}} is left
//   for the server to replace at request time);
// - schemas.json: every plugin's settings schema (each package's jupyterlab.schemaDir), keyed by
//   plugin id, for /lab/api/settings;
// - themes/<package>/index.css (+ the files beside it): each theme's jupyterlab.themePath, for
//   /lab/api/themes/<package>/index.css.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { appDir, readPackages, inputFiles } = require('./packages.cjs');

const NAME = 'BootbookAppAssets';
const GENERATED_BY = 'app/webpack/assets.cjs (npm run build:app); do not edit';
// Files of a theme's folder that a stylesheet can refer to.
const THEME_FILE = /\.(css|svg|png|jpe?g|gif|cur|woff2?|ttf|eot)$/i;

/** { generatedBy, plugins: { "<package>:<plugin>": { package, version, schema } } } */
function collectSchemas(packages, excludedPlugins) {
  const plugins = {};
  for (const pkg of packages) {
    if (!pkg.schemaDir) {
      continue;
    }
    const dir = path.join(pkg.dir, pkg.schemaDir);
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()) {
      const id = `${pkg.name}:${path.basename(file, '.json')}`;
      if (excludedPlugins.includes(id)) {
        continue;
      }
      if (plugins[id]) {
        throw new Error(`two schemas for plugin ${id}`);
      }
      const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      plugins[id] = { package: pkg.name, version: pkg.version, schema };
    }
  }
  return { generatedBy: GENERATED_BY, plugins };
}

/** [{ file: 'themes/<package>/<name>', source: absolute path }] with index.css = the themePath. */
function collectThemeFiles(pkg) {
  const themeFile = path.join(pkg.dir, pkg.themePath);
  const themeDir = path.dirname(themeFile);
  const files = [];
  // The whole folder keeps the theme's relative @imports and url()s working.
  const walk = dir => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (THEME_FILE.test(entry.name)) {
        files.push({ file: path.relative(themeDir, full), source: full });
      }
    }
  };
  walk(themeDir);
  const withoutIndex = files.filter(f => f.file !== 'index.css');
  withoutIndex.push({ file: 'index.css', source: themeFile });
  return withoutIndex.map(f => ({
    file: path.posix.join('themes', pkg.name, f.file.split(path.sep).join('/')),
    source: f.source
  }));
}

function renderIndexHtml(files) {
  const template = fs.readFileSync(path.join(appDir, 'index.html'), 'utf8');
  const marker = '/*BUNDLE_FILES*/ []';
  // Exactly once each: the server replaces the first {{PAGE_CONFIG}} it finds.
  if (template.split(marker).length !== 2 || template.split('{{PAGE_CONFIG}}').length !== 2) {
    throw new Error(`app/index.html must contain ${marker} and {{PAGE_CONFIG}} once each`);
  }
  return template.replace(marker, JSON.stringify(files));
}

class AppAssetsPlugin {
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources;
    compiler.hooks.thisCompilation.tap(NAME, compilation => {
      compilation.hooks.processAssets.tap(
        { name: NAME, stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        () => {
          const { packages, excludedPlugins } = readPackages();
          const emit = (file, content) => compilation.emitAsset(file, new RawSource(content));

          const entryFiles = compilation.entrypoints
            .get('main')
            .getFiles()
            .filter(f => /\.(js|css)$/.test(f) && !f.endsWith('.hot-update.js'));
          emit('index.html', renderIndexHtml(entryFiles));
          compilation.fileDependencies.add(path.join(appDir, 'index.html'));

          emit('schemas.json', JSON.stringify(collectSchemas(packages, excludedPlugins), null, 1) + '\n');
          for (const pkg of packages) {
            if (pkg.schemaDir) {
              compilation.contextDependencies.add(path.join(pkg.dir, pkg.schemaDir));
            }
            if (pkg.themePath) {
              for (const { file, source } of collectThemeFiles(pkg)) {
                emit(file, fs.readFileSync(source));
                compilation.fileDependencies.add(source);
              }
            }
          }
          for (const file of inputFiles()) {
            compilation.fileDependencies.add(file);
          }
        }
      );
    });
  }
}

module.exports = { AppAssetsPlugin, collectSchemas, collectThemeFiles };
