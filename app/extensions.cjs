// The JupyterLab packages the application is made of: the one list the bundle, the settings
// schemas and the themes are all derived from (app/extensions-loader.cjs turns it into the
// imports of the bundle; app/webpack/assets.cjs collects schemas and themes from it).
// Every package here must be a devDependency of the root package.json, all from one JupyterLab
// release (4.6).
'use strict';

/** Packages whose default export is a plugin or a list of plugins. */
const extensions = [
  '@jupyterlab/application-extension',
  '@jupyterlab/apputils-extension',
  '@jupyterlab/cell-toolbar-extension',
  '@jupyterlab/celltags-extension',
  '@jupyterlab/codemirror-extension',
  '@jupyterlab/completer-extension',
  '@jupyterlab/console-extension',
  '@jupyterlab/csvviewer-extension',
  '@jupyterlab/docmanager-extension',
  '@jupyterlab/documentsearch-extension',
  '@jupyterlab/filebrowser-extension',
  '@jupyterlab/fileeditor-extension',
  '@jupyterlab/help-extension',
  '@jupyterlab/htmlviewer-extension',
  '@jupyterlab/imageviewer-extension',
  '@jupyterlab/inspector-extension',
  '@jupyterlab/launcher-extension',
  '@jupyterlab/logconsole-extension',
  '@jupyterlab/mainmenu-extension',
  '@jupyterlab/markdownviewer-extension',
  '@jupyterlab/markedparser-extension',
  '@jupyterlab/mathjax-extension',
  '@jupyterlab/metadataform-extension',
  '@jupyterlab/notebook-extension',
  '@jupyterlab/rendermime-extension',
  '@jupyterlab/running-extension',
  '@jupyterlab/services-extension',
  '@jupyterlab/settingeditor-extension',
  '@jupyterlab/shortcuts-extension',
  '@jupyterlab/statusbar-extension',
  '@jupyterlab/theme-dark-extension',
  '@jupyterlab/theme-dark-high-contrast-extension',
  '@jupyterlab/theme-light-extension',
  '@jupyterlab/toc-extension',
  '@jupyterlab/tooltip-extension',
  '@jupyterlab/translation-extension',
  '@jupyterlab/ui-components-extension'
];

/** Packages whose default export is a MIME renderer extension (rendered outputs and files). */
const mimeExtensions = [
  '@jupyterlab/json-extension',
  '@jupyterlab/pdf-extension',
  '@jupyterlab/vega5-extension'
];

/**
 * Plugins of the packages above that are never registered. `disabledExtensions` in the page
 * config disables more at run time; these are left out because our server has no back end
 * for them.
 */
const excludedPlugins = [
  // News and update checks (asks the user, then calls /lab/api/news).
  '@jupyterlab/apputils-extension:announcements',
  // Need @jupyterlab/lsp-extension and a language server (jupyter-lsp), which we don't ship.
  '@jupyterlab/fileeditor-extension:language-server',
  '@jupyterlab/notebook-extension:language-server'
];

/**
 * Our own extension (extension/, written separately): bundled from its TypeScript source. Each
 * part is used only when its file exists, so the application builds before the extension does.
 * - entry: its default export is the list of plugins (extension/src/index.ts).
 * - packageJson: gives the package name (plugin ids are `<name>:<schema file name>`) and
 *   `jupyterlab.schemaDir`, read like any JupyterLab package's.
 * - style: its CSS, imported with the other packages' styles.
 */
const local = {
  entry: 'extension/src/index.ts',
  packageJson: 'extension/package.json',
  style: 'style/index.css'
};

module.exports = { extensions, mimeExtensions, excludedPlugins, local };
