// Checkpoints as jupyter_server's FileCheckpoints keeps them: one per file, id
// "checkpoint", a copy at <folder>/.ipynb_checkpoints/<base>-checkpoint<ext>, so
// a notebook folder edited here and by Jupyter shares its checkpoints.
// The checkpoint folder is inside the user's tree, so it gets the same
// confinement as any path: a planted `.ipynb_checkpoints` link cannot make us
// write outside the root.
import { lstat, mkdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type { Contents } from '@jupyterlab/services';
import { badRequest, forbidden, notFound } from '../errors.js';
import { writeFileAtomic } from './atomic.js';
import { nameOf, type Resolved, type RootFolder } from './paths.js';

export const CHECKPOINT_DIR = '.ipynb_checkpoints';
export const CHECKPOINT_ID = 'checkpoint';

export type CheckpointModel = Contents.ICheckpointModel;

export class Checkpoints {
  constructor(private readonly root: RootFolder) {}

  /** Where the checkpoint of `file` lives (beside the entry, named after its API name). */
  pathFor(file: Resolved): string {
    const name = nameOf(file.api);
    const ext = extname(name);
    return join(dirname(file.entry), CHECKPOINT_DIR, `${name.slice(0, name.length - ext.length)}-${CHECKPOINT_ID}${ext}`);
  }

  /** Refuse a checkpoint folder or file that is a link leading out of the root. */
  private async confine(path: string, api: string): Promise<void> {
    for (const p of [dirname(path), path]) {
      const real = await realpath(p).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      if (real !== undefined && !this.root.inside(real)) throw forbidden(`The checkpoint of ${api} is outside root contents directory`);
      if (real === undefined && (await lstat(p).catch(() => undefined))?.isSymbolicLink()) throw forbidden(`The checkpoint of ${api} is a dangling link`);
    }
  }

  private async model(path: string): Promise<CheckpointModel | undefined> {
    const st = await stat(path).catch(() => undefined);
    return st?.isFile() ? { id: CHECKPOINT_ID, last_modified: new Date(st.mtimeMs).toISOString() } : undefined;
  }

  private async checkpointOf(file: Resolved, id: string): Promise<string> {
    const path = this.pathFor(file);
    await this.confine(path, file.api);
    if (id !== CHECKPOINT_ID || !(await this.model(path))) throw notFound(`Checkpoint does not exist: ${file.api}@${id}`);
    return path;
  }

  async list(file: Resolved): Promise<CheckpointModel[]> {
    const path = this.pathFor(file);
    await this.confine(path, file.api);
    const m = await this.model(path);
    return m ? [m] : [];
  }

  async create(file: Resolved): Promise<CheckpointModel> {
    if (!(await stat(file.os)).isFile()) throw badRequest(`Cannot create a checkpoint of ${file.api || '/'}: only files have checkpoints`);
    const path = this.pathFor(file);
    await this.confine(path, file.api);
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, await readFile(file.os));
    return (await this.model(path))!;
  }

  async restore(file: Resolved, id: string): Promise<void> {
    const path = await this.checkpointOf(file, id);
    await writeFileAtomic(file.os, await readFile(path));
  }

  async delete(file: Resolved, id: string): Promise<void> {
    await rm(await this.checkpointOf(file, id));
  }

  /** After a file moved: its checkpoint follows it (jupyter_server's rename_all_checkpoints). */
  // move/remove run after the file itself moved or went: a checkpoint reached
  // through a link out of the root is left alone rather than failing the request.
  private async confined(path: string, api: string): Promise<boolean> {
    return this.confine(path, api).then(
      () => true,
      () => false,
    );
  }

  async move(from: string, fromApi: string, to: Resolved): Promise<void> {
    if (!(await this.confined(from, fromApi)) || !(await this.model(from))) return;
    const dest = this.pathFor(to);
    if (!(await this.confined(dest, to.api))) return;
    await mkdir(dirname(dest), { recursive: true });
    await rename(from, dest);
  }

  async remove(path: string, api: string): Promise<void> {
    if ((await this.confined(path, api)) && (await this.model(path))) await rm(path, { force: true });
  }
}
