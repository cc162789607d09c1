// Prebuilt (federated) JupyterLab extensions the server offers the application, found the
// way jupyterlab_server finds them: folders laid out like a Jupyter data dir's
// `labextensions/` (`<name>/package.json`, `@scope/<name>/package.json`), or one extension's
// own folder (like extension/labextension). An extension is a package.json whose
// `jupyterlab._build` names its container (`load: static/remoteEntry.<hash>.js`) and modules;
// its files are under static/, its settings schemas under schemas/<name>/.
// Looked up once, when the server starts (JupyterLab also needs a restart to see new ones).
// A path that does not exist is an error; an extension that is broken is reported and left out.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { BootbookError } from '../../engine/errors.js';
import type { PluginSchemaEntry } from './settings.js';

export interface PrebuiltExtension {
  name: string;
  version: string;
  /** The folder holding package.json, static/ and schemas/. */
  dir: string;
  /** The container, relative to `dir` (always below static/). */
  load: string;
  extension?: string;
  mimeExtension?: string;
  style?: string;
}

/** What the page config's `federated_extensions` lists for one extension (JupyterLab's shape). */
export interface FederatedEntry {
  name: string;
  load: string;
  extension?: string;
  mimeExtension?: string;
  style?: string;
}

export interface FoundExtensions {
  /** In path order; for a name found twice, the first one. */
  extensions: PrebuiltExtension[];
  /** Why a folder was left out, one line each (for the server log). */
  problems: string[];
}

// npm package names (optionally scoped), as they appear in URLs and folder names.
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

interface BuildInfo {
  load?: unknown;
  extension?: unknown;
  mimeExtension?: unknown;
  style?: unknown;
}

const optionalString = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** One extension folder, or the reason it is not one. `expected`: the name its place in a labextensions folder implies. */
export function readExtension(dir: string, expected?: string): PrebuiltExtension | string {
  const file = join(dir, 'package.json');
  let pkg: { name?: unknown; version?: unknown; jupyterlab?: { _build?: BuildInfo } };
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8')) as typeof pkg;
  } catch (e) {
    return `${file}: not readable as JSON (${(e as Error).message})`;
  }
  const name = pkg.name;
  if (typeof name !== 'string' || !PACKAGE_NAME.test(name)) return `${file}: "name" must be an npm package name, got ${JSON.stringify(name)}`;
  if (expected !== undefined && name !== expected) return `${file}: names ${name} but lies in the folder of ${expected} (a labextensions folder holds <name>/package.json)`;
  const build = pkg.jupyterlab?._build;
  const load = optionalString(build?.load);
  if (!load) return `${file}: no jupyterlab._build.load: not a prebuilt extension (build it with \`jupyter labextension build\` or @jupyterlab/builder)`;
  const normal = normalize(load).split(sep).join('/');
  if (isAbsolute(load) || !normal.startsWith('static/') || normal.includes('/../')) return `${file}: jupyterlab._build.load must be a file below static/, got ${JSON.stringify(load)}`;
  if (!existsSync(join(dir, normal))) return `${file}: its container ${normal} is missing (rebuild the extension)`;
  return {
    name,
    version: typeof pkg.version === 'string' ? pkg.version : '',
    dir,
    load: normal,
    extension: optionalString(build?.extension),
    mimeExtension: optionalString(build?.mimeExtension),
    style: optionalString(build?.style),
  };
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** The candidate extension folders of a labextensions folder: `<name>` and `@scope/<name>`, no dotfiles. */
function candidates(folder: string): { dir: string; name: string }[] {
  const found: { dir: string; name: string }[] = [];
  for (const entry of readdirSync(folder).sort()) {
    if (entry.startsWith('.')) continue;
    const dir = join(folder, entry);
    if (!isDir(dir)) continue;
    if (entry.startsWith('@')) {
      for (const inner of readdirSync(dir).sort()) {
        if (!inner.startsWith('.') && isDir(join(dir, inner))) found.push({ dir: join(dir, inner), name: `${entry}/${inner}` });
      }
    } else {
      found.push({ dir, name: entry });
    }
  }
  return found;
}

/**
 * The prebuilt extensions below `paths` (each a labextensions folder, or one extension's
 * folder: one with a package.json). A path that is not a folder throws, naming it.
 */
export function findLabextensions(paths: readonly string[]): FoundExtensions {
  const extensions: PrebuiltExtension[] = [];
  const problems: string[] = [];
  const byName = new Map<string, PrebuiltExtension>();
  for (const path of paths) {
    const folder = resolve(path);
    if (!isDir(folder)) {
      throw new BootbookError(
        'bad-usage',
        `${folder} is not a folder: give a labextensions folder (like ~/.local/share/jupyter/labextensions) or one prebuilt extension's folder (like extension/labextension)`,
      );
    }
    const found = existsSync(join(folder, 'package.json'))
      ? [readExtension(folder)]
      : candidates(folder).map((c) => readExtension(c.dir, c.name));
    for (const ext of found) {
      if (typeof ext === 'string') {
        problems.push(ext);
      } else if (byName.has(ext.name)) {
        problems.push(`${ext.dir}: ${ext.name} is already loaded from ${byName.get(ext.name)!.dir}; this copy is ignored`);
      } else {
        byName.set(ext.name, ext);
        extensions.push(ext);
      }
    }
  }
  return { extensions, problems };
}

/** The page config entry of an extension. */
export function federatedEntry(ext: PrebuiltExtension): FederatedEntry {
  const entry: FederatedEntry = { name: ext.name, load: ext.load };
  if (ext.extension) entry.extension = ext.extension;
  if (ext.mimeExtension) entry.mimeExtension = ext.mimeExtension;
  if (ext.style) entry.style = ext.style;
  return entry;
}

/** The settings schemas the extensions ship, by plugin id (`<name>:<file>` for schemas/<name>/<file>.json). */
export function prebuiltSchemas(extensions: readonly PrebuiltExtension[]): Map<string, PluginSchemaEntry> {
  const schemas = new Map<string, PluginSchemaEntry>();
  for (const ext of extensions) {
    const dir = join(ext.dir, 'schemas', ...ext.name.split('/'));
    if (!isDir(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      schemas.set(`${ext.name}:${file.slice(0, -'.json'.length)}`, { package: ext.name, version: ext.version, schema });
    }
  }
  return schemas;
}
