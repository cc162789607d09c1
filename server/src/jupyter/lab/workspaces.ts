// JupyterLab workspaces (/lab/api/workspaces): the layout of open tabs and
// panels, saved by the front end as it changes and read back at page load.
// Persisted as one JSON file per workspace, `<id, percent-encoded>.jupyterlab-workspace`
// in the workspaces folder beside the settings, written atomically. Stored as
// sent (nulls are layout data here, not deletions); nothing is merged into an
// existing object, so a body cannot pollute a prototype.
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../contents/atomic.js';
import { badRequest, notFound } from '../errors.js';

type Obj = Record<string, unknown>;

export interface Workspace {
  data: Obj;
  metadata: { id: string; last_modified?: string; created?: string } & Obj;
}

const SUFFIX = '.jupyterlab-workspace';
/** File names stay well under the usual 255-byte limit. */
const MAX_ID_BYTES = 180;

export class WorkspaceStore {
  constructor(readonly dir: string) {}

  private fileOf(id: string): string {
    if (id === '' || id.includes('\0')) throw badRequest(`Not a workspace id: ${JSON.stringify(id)}`);
    // encodeURIComponent leaves no "/" or "\"; the suffix keeps "." and ".." from naming folders;
    // a leading dot is encoded too, so only temporary files (atomic writes) start with one.
    const name = encodeURIComponent(id).replace(/^\./, '%2E');
    if (Buffer.byteLength(name) > MAX_ID_BYTES) throw badRequest('Workspace id too long.');
    return join(this.dir, name + SUFFIX);
  }

  private async read(id: string): Promise<Workspace | undefined> {
    try {
      return JSON.parse(await readFile(this.fileOf(id), 'utf8')) as Workspace;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (e instanceof SyntaxError) return undefined; // a damaged file is a lost layout, not an error page
      throw e;
    }
  }

  async list(): Promise<{ ids: string[]; values: Workspace[] }> {
    const names = await readdir(this.dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [] as string[];
      throw e;
    });
    const ids: string[] = [];
    const values: Workspace[] = [];
    for (const name of names.sort()) {
      if (!name.endsWith(SUFFIX) || name.startsWith('.')) continue;
      let id: string;
      try {
        id = decodeURIComponent(name.slice(0, -SUFFIX.length));
      } catch {
        continue;
      }
      const ws = await this.read(id);
      if (ws) {
        ids.push(id);
        values.push(ws);
      }
    }
    return { ids, values };
  }

  /** An unknown workspace is an empty one, as jupyterlab_server answers. */
  async get(id: string): Promise<Workspace> {
    return (await this.read(id)) ?? { data: {}, metadata: { id } };
  }

  async save(id: string, ws: Workspace): Promise<void> {
    if (ws.metadata.id !== id) throw badRequest(`Workspace metadata.id "${ws.metadata.id}" does not match the workspace "${id}" in the URL.`);
    const file = this.fileOf(id);
    const now = new Date().toISOString();
    const created = (await this.read(id))?.metadata.created ?? now;
    const stored: Workspace = { data: ws.data, metadata: { ...ws.metadata, id, created, last_modified: now } };
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(file, JSON.stringify(stored));
  }

  async delete(id: string): Promise<void> {
    const file = this.fileOf(id);
    try {
      await rm(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(`Workspace ${JSON.stringify(id)} not found`);
      throw e;
    }
  }
}
