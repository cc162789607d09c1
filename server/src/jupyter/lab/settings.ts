// JupyterLab's settings (/lab/api/settings), as a domain object without HTTP:
// the schemas come from the build (app/build/schemas.json, written by
// app/webpack/assets.cjs), the user's overrides from files on disk laid out like
// jupyterlab_server's user-settings folder: `<package>/<plugin>.jupyterlab-settings`
// for the plugin id `<package>:<plugin>` (so a JupyterLab user's files can be
// copied in). The saved text is JSON5 with the settings editor's comments: it is
// stored verbatim and never parsed here (JupyterLab parses `raw` itself).
// Only plugin ids present in schemas.json are read or written, so an id cannot
// name a path of its own choosing.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../contents/atomic.js';
import { badRequest, notFound } from '../errors.js';

export interface PluginSchemaEntry {
  package: string;
  version: string;
  schema: Record<string, unknown>;
}

/** The shape of app/build/schemas.json. */
export interface SchemasFile {
  generatedBy?: string;
  plugins: Record<string, PluginSchemaEntry>;
}

/** One plugin's settings as JupyterLab's SettingManager expects them. */
export interface Setting {
  id: string;
  schema: Record<string, unknown>;
  version: string;
  raw: string;
  settings: Record<string, unknown>;
  last_modified: string | null;
  created: string | null;
}

/** Largest saved settings text: the settings editor writes a few KB; anything huge is a mistake. */
export const MAX_RAW_BYTES = 1024 * 1024;

const SUFFIX = '.jupyterlab-settings';
// `<package>:<plugin>` with npm-like package names (optionally scoped) and a plain plugin name.
const PLUGIN_ID = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*:[\w.-]+$/i;

export class SettingsStore {
  private cache?: { mtimeMs: number; plugins: Map<string, PluginSchemaEntry> };

  /**
   * @param schemasFile app/build/schemas.json (re-read when it changes; missing: no plugins)
   * @param dir the user's settings folder (created on the first save)
   * @param prebuilt the schemas of prebuilt extensions (lab/labextensions.ts): they win over the
   *   build's for the same plugin id, as their plugins replace the bundled ones
   */
  constructor(
    readonly schemasFile: string | undefined,
    readonly dir: string,
    readonly prebuilt: ReadonlyMap<string, PluginSchemaEntry> = new Map(),
  ) {}

  private async schemas(): Promise<Map<string, PluginSchemaEntry>> {
    const st = this.schemasFile ? await stat(this.schemasFile).catch(() => undefined) : undefined;
    if (!st) return new Map(this.prebuilt);
    if (this.cache?.mtimeMs === st.mtimeMs) return this.cache.plugins;
    const parsed = JSON.parse(await readFile(this.schemasFile!, 'utf8')) as SchemasFile;
    const plugins = new Map([...Object.entries(parsed.plugins ?? {}), ...this.prebuilt]);
    this.cache = { mtimeMs: st.mtimeMs, plugins };
    return plugins;
  }

  /** The file holding a plugin's saved settings (the id must be a known plugin's). */
  fileOf(id: string): string {
    if (!PLUGIN_ID.test(id) || id.split(/[/:]/).some((s) => s === '..' || s === '.')) throw badRequest(`Not a plugin id: ${JSON.stringify(id)}`);
    const colon = id.indexOf(':');
    return join(this.dir, ...id.slice(0, colon).split('/'), id.slice(colon + 1) + SUFFIX);
  }

  async ids(): Promise<string[]> {
    return [...(await this.schemas()).keys()].sort();
  }

  async list(): Promise<Setting[]> {
    const ids = await this.ids();
    return Promise.all(ids.map((id) => this.get(id)));
  }

  async get(id: string): Promise<Setting> {
    const entry = (await this.schemas()).get(id);
    if (!entry) throw notFound(`Schema not found for plugin ${JSON.stringify(id)}`);
    const file = this.fileOf(id);
    let raw = '{}';
    let lastModified: string | null = null;
    let created: string | null = null;
    try {
      const [text, st] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
      raw = text;
      lastModified = st.mtime.toISOString();
      created = (st.birthtimeMs > 0 ? st.birthtime : st.ctime).toISOString();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    return { id, schema: entry.schema, version: entry.version, raw, settings: {}, last_modified: lastModified, created };
  }

  /** Store the user's text as is (atomically: a crash leaves the old file or the new one). */
  async save(id: string, raw: string): Promise<void> {
    if (!(await this.schemas()).has(id)) throw notFound(`Schema not found for plugin ${JSON.stringify(id)}`);
    if (Buffer.byteLength(raw) > MAX_RAW_BYTES) throw badRequest(`Settings text larger than ${MAX_RAW_BYTES} bytes.`);
    const file = this.fileOf(id);
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, raw);
  }
}
