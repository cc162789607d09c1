// The application's page: app/build/index.html with its one `{{PAGE_CONFIG}}`
// placeholder (inside <script id="jupyter-config-data" type="application/json">)
// replaced by the page config JSON for this request. See app/README.md, "Page config".
//
// Safety of the substitution: the JSON has every `<`, `>` and `&` written as a
// \u escape, so no value (a tree path, a base URL) can close the script element
// or open a comment; U+2028/2029 are escaped too. The placeholder is replaced
// exactly once, by position (not String.replace, whose `$&`-patterns would
// rewrite values), so a value containing `{{PAGE_CONFIG}}` stays a value.
import { readFile } from 'node:fs/promises';
import { bootbookVersion } from '../../engine/version.js';
import type { FederatedEntry } from './labextensions.js';

export const PLACEHOLDER = '{{PAGE_CONFIG}}';

/**
 * Plugins never started, whatever the build contains: the news pop-up and update
 * check (calls /lab/api/news), language-server plugins (no jupyter-lsp here), and
 * whole packages the server has no back end for (terminals, the extension and
 * plugin managers). app/extensions.cjs leaves most of them out of the build already;
 * listing them here keeps them off if a later build adds them back.
 */
export const DISABLED_EXTENSIONS = [
  '@jupyterlab/apputils-extension:announcements',
  '@jupyterlab/fileeditor-extension:language-server',
  '@jupyterlab/notebook-extension:language-server',
  '@jupyterlab/lsp-extension',
  '@jupyterlab/terminal-extension',
  '@jupyterlab/extensionmanager-extension',
  '@jupyterlab/pluginmanager-extension',
];

export interface PageRequest {
  /** The server's base URL, starting and ending with `/`. */
  baseUrl: string;
  /** The token to hand the page, or '' when it authenticates with the login cookie. */
  token: string;
  /** For /lab/tree/<path>: the decoded path, else ''. */
  treePath: string;
  /** For /lab/workspaces/<name>: the name (default: `default`, which JupyterLab's URLs leave out). */
  workspace?: string;
  /** The notebook root's absolute path (breadcrumbs, "Copy Absolute Path"). */
  serverRoot?: string;
  /** The prebuilt extensions the page loads (lab/labextensions.ts), in order. */
  federatedExtensions?: FederatedEntry[];
}

export type PageConfig = Record<string, string | boolean | string[] | FederatedEntry[]>;

export function pageConfig(r: PageRequest): PageConfig {
  const base = r.baseUrl;
  const config: PageConfig = {
    appName: 'bootbook',
    appVersion: bootbookVersion(),
    baseUrl: base,
    wsUrl: '',
    token: r.token,
    appUrl: '/lab',
    treeUrl: '/lab/tree',
    fullStaticUrl: `${base}static`,
    staticUrl: `${base}static`,
    settingsUrl: '/lab/api/settings',
    themesUrl: '/lab/api/themes',
    translationsApiUrl: '/lab/api/translations',
    workspacesApiUrl: '/lab/api/workspaces',
    // The frontend joins these with baseUrl itself; the full forms are for display and links.
    fullAppUrl: `${base}lab`,
    fullSettingsUrl: `${base}lab/api/settings`,
    fullThemesUrl: `${base}lab/api/themes`,
    fullTranslationsApiUrl: `${base}lab/api/translations`,
    fullWorkspacesApiUrl: `${base}lab/api/workspaces`,
    // Prebuilt extensions: app/federated.ts loads <fullLabextensionsUrl>/<name>/<load> for each entry.
    labextensionsUrl: '/lab/extensions',
    fullLabextensionsUrl: `${base}lab/extensions`,
    federated_extensions: r.federatedExtensions ?? [],
    terminalsAvailable: false,
    mode: 'multiple-document',
    notebookStartsKernel: true,
    treePath: r.treePath,
    // Always set: JupyterLab compares it with 'default' to build URLs ('' would give /lab/workspaces//...).
    workspace: r.workspace ?? 'default',
    licensesUrl: '', // no /lab/api/licenses: Help > Licenses is left out
    disabledExtensions: DISABLED_EXTENSIONS,
    deferredExtensions: [],
  };
  if (r.serverRoot !== undefined) config.serverRoot = r.serverRoot;
  return config;
}

/** JSON that is inert inside a <script> element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The page: the template with its placeholder replaced once. A template without one is a broken build. */
export function renderPage(template: string, config: PageConfig): string {
  const at = template.indexOf(PLACEHOLDER);
  if (at < 0) throw new Error(`index.html has no ${PLACEHOLDER} placeholder: rebuild the front end (npm run build:app)`);
  return template.slice(0, at) + scriptSafeJson(config) + template.slice(at + PLACEHOLDER.length);
}

export async function readTemplate(file: string): Promise<string> {
  return readFile(file, 'utf8');
}
