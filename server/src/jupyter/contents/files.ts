// The contents service (no HTTP): jupyter_server's FileContentsManager on the
// real filesystem under one root. Paths are checked and resolved by paths.ts;
// every write is atomic (atomic.ts); names of new files follow jupyter_server
// ("Untitled1.ipynb", "untitled1.txt", "Untitled Folder 1", "a-Copy1.c").
import { lstat, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError, badRequest, conflict, notFound } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { CHECKPOINT_DIR, Checkpoints } from './checkpoints.js';
import { getModel, type ContentsModel, type ContentType, type GetOptions } from './models.js';
import { newNotebook, serializeNotebook, type NotebookContent } from './notebook.js';
import { isHiddenPath, joinApi, nameOf, RootFolder, type Resolved } from './paths.js';

export interface SaveRequest {
  type: ContentType;
  format?: 'text' | 'base64' | 'json' | null;
  content?: unknown;
  chunk?: number;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

export class FileContents {
  readonly checkpoints: Checkpoints;

  private constructor(private readonly root: RootFolder) {
    this.checkpoints = new Checkpoints(root);
  }

  static open(rootDir: string): FileContents {
    return new FileContents(RootFolder.open(rootDir));
  }

  /** An existing, visible entry. Hidden paths do not exist for the API (as in jupyter_server). */
  async existing(api: string): Promise<Resolved> {
    const missing = notFound(`file or directory does not exist: ${JSON.stringify(api)}`);
    if (isHiddenPath(api)) throw missing;
    const r = await this.root.resolve(api);
    if (!r.exists) throw missing;
    return r;
  }

  private async writableTarget(api: string, verb: string): Promise<Resolved> {
    if (isHiddenPath(api)) throw badRequest(`Cannot ${verb} hidden file or directory ${JSON.stringify(api)}`);
    return this.root.resolve(api);
  }

  async get(api: string, opts: GetOptions): Promise<ContentsModel> {
    return getModel(this.root, await this.existing(api), opts);
  }

  async save(api: string, req: SaveRequest): Promise<{ model: ContentsModel; created: boolean }> {
    if (req.chunk !== undefined) throw badRequest('Chunked uploads are not supported by this server: send the whole file in one request.');
    const r = await this.writableTarget(api, 'create');
    const st = r.exists ? await stat(r.os) : undefined;
    if (req.type === 'directory') {
      if (st && !st.isDirectory()) throw badRequest(`Not a directory: ${api}`);
      if (!st) await mkdir(r.os);
    } else {
      if (st?.isDirectory()) throw badRequest(`${api || '/'} is a directory: cannot save a ${req.type} there`);
      await writeFileAtomic(r.os, this.bytesOf(api, req));
      // One checkpoint should always exist for a notebook (jupyter_server does the same on save).
      if (req.type === 'notebook' && (await this.checkpoints.list(r)).length === 0) await this.checkpoints.create(r);
    }
    const model = await getModel(this.root, { ...r, exists: true }, { content: false, hash: false });
    return { model, created: !r.exists };
  }

  private bytesOf(api: string, req: SaveRequest): Buffer {
    if (req.type === 'notebook') return Buffer.from(serializeNotebook(req.content as NotebookContent), 'utf8');
    const content = req.content as string;
    if (req.format === 'base64') {
      if (!BASE64.test(content)) throw badRequest(`Encoding error saving ${api}: content is not valid base64`);
      return Buffer.from(content, 'base64');
    }
    return Buffer.from(content, 'utf8');
  }

  /** Create `name`, `name1`, ... in `dir` without ever overwriting (exclusive create, retried on a race). */
  private async createUnique(dir: Resolved, filename: string, insert: string, kind: 'file' | 'directory'): Promise<Resolved> {
    const dot = filename.endsWith('.ipynb') ? filename.length - '.ipynb'.length : filename.indexOf('.');
    const [stem, suffix] = dot < 0 ? [filename, ''] : [filename.slice(0, dot), filename.slice(dot)];
    for (let i = 0; i < 10_000; i++) {
      const name = `${stem}${i ? `${insert}${i}` : ''}${suffix}`;
      const os = join(dir.os, name);
      try {
        if (kind === 'directory') await mkdir(os);
        else await (await open(os, 'wx')).close();
        return { api: joinApi(dir.api, name), os, entry: os, exists: true };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    throw conflict(`Cannot find a free name for ${filename} in ${dir.api || '/'}`);
  }

  private async existingDir(api: string): Promise<Resolved> {
    const dir = await this.existing(api).catch((e: unknown) => {
      if (e instanceof ApiError && e.kind === 'not-found') throw notFound(`No such directory: ${api || '/'}`);
      throw e;
    });
    if (!(await stat(dir.os)).isDirectory()) throw badRequest(`${api} is a file: new files and copies go into a folder (to save a file, use PUT)`);
    return dir;
  }

  async newUntitled(dirApi: string, opts: { type?: ContentType | ''; ext?: string }): Promise<ContentsModel> {
    const dir = await this.existingDir(dirApi);
    let ext = opts.ext ?? '';
    if (ext && !ext.startsWith('.')) ext = `.${ext}`;
    const type: ContentType = opts.type || (ext === '.ipynb' ? 'notebook' : 'file');
    if (type === 'directory') {
      const made = await this.createUnique(dir, 'Untitled Folder', ' ', 'directory');
      return getModel(this.root, made, { content: false, hash: false });
    }
    const made = type === 'notebook' ? await this.createUnique(dir, 'Untitled.ipynb', '', 'file') : await this.createUnique(dir, `untitled${ext}`, '', 'file');
    if (type === 'notebook') await writeFileAtomic(made.os, serializeNotebook(newNotebook()));
    return getModel(this.root, made, { content: false, hash: false });
  }

  /** Copy a file into a folder under a fresh "-Copy" name (jupyter_server refuses directories too). */
  async copy(fromApi: string, toDirApi: string): Promise<ContentsModel> {
    const from = await this.existing(fromApi);
    if ((await stat(from.os)).isDirectory()) throw badRequest("Can't copy directories");
    const dir = await this.existingDir(toDirApi);
    const name = nameOf(from.api).replace(/-Copy\d*\./, '.');
    const made = await this.createUnique(dir, name, '-Copy', 'file');
    await writeFileAtomic(made.os, await readFile(from.os));
    return getModel(this.root, made, { content: false, hash: false });
  }

  async rename(oldApi: string, newApi: string): Promise<ContentsModel> {
    if (oldApi === '' || newApi === '') throw badRequest("Can't rename the root folder");
    if (isHiddenPath(oldApi) || isHiddenPath(newApi)) throw badRequest(`Cannot rename file or directory ${JSON.stringify(oldApi)} to ${JSON.stringify(newApi)}: hidden names are not allowed`);
    const from = await this.existing(oldApi);
    if (newApi === oldApi) return getModel(this.root, from, { content: false, hash: false });
    const to = await this.root.resolve(newApi);
    if (to.exists) throw conflict(`File already exists: ${newApi}`);
    const checkpoint = this.checkpoints.pathFor(from);
    try {
      await rename(from.entry, to.os);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EINVAL') throw badRequest(`Cannot move ${oldApi} into itself`);
      throw e;
    }
    const moved: Resolved = { ...to, exists: true, entry: to.os };
    await this.checkpoints.move(checkpoint, oldApi, moved);
    return getModel(this.root, await this.root.resolve(newApi), { content: false, hash: false });
  }

  async delete(api: string): Promise<void> {
    if (api === '') throw badRequest("Can't delete root");
    if (isHiddenPath(api)) throw badRequest(`Cannot delete hidden file or directory ${JSON.stringify(api)}`);
    const r = await this.existing(api);
    const link = (await lstat(r.entry)).isSymbolicLink();
    if (!link && (await stat(r.entry)).isDirectory()) {
      // Deletion is permanent here (no trash), so like jupyter_server without a
      // trash we refuse non-empty folders; leftover checkpoints do not count.
      const left = (await readdir(r.entry)).filter((n) => n !== CHECKPOINT_DIR);
      if (left.length) throw badRequest(`Directory ${api} not empty`);
      await rm(r.entry, { recursive: true });
      return;
    }
    const checkpoint = this.checkpoints.pathFor(r);
    await rm(r.entry); // a link is removed, never what it points to
    await this.checkpoints.remove(checkpoint, api);
  }
}
