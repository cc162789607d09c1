// Contents models (jupyter_server's api.yaml: name, path, type, writable, created,
// last_modified, mimetype, format, content, size, hash) built from the disk.
import { createHash } from 'node:crypto';
import { constants, type Dirent, type Stats } from 'node:fs';
import { access, readFile, readdir, stat } from 'node:fs/promises';
import type { Contents } from '@jupyterlab/services';
import { ApiError, badRequest, notFound } from '../errors.js';
import { mimeTypeOf } from '../mime.js';
import { readNotebook } from './notebook.js';
import { joinApi, nameOf, type Resolved, type RootFolder } from './paths.js';

/** The wire model of @jupyterlab/services, with the nulls jupyter_server really sends. */
export type ContentsModel = Omit<Contents.IModel, 'mimetype' | 'serverPath' | 'indices' | 'chunk' | 'size'> & {
  mimetype: string | null;
  size: number | null;
  /** A validation problem of a notebook that was read or saved anyway. */
  message?: string;
};

export type ContentType = 'notebook' | 'file' | 'directory';
export interface GetOptions {
  type?: ContentType;
  format?: 'text' | 'base64';
  content: boolean;
  hash: boolean;
}

/** Files bigger than this are not sent whole to a browser tab. */
export const MAX_READ_BYTES = 256 * 1024 * 1024;

// Listing noise jupyter_server hides by default (hide_globs); dotfiles are hidden separately.
const HIDDEN_NAMES = (name: string) => name === '__pycache__' || name.endsWith('.pyc') || name.endsWith('~');

const iso = (ms: number) => new Date(ms).toISOString();

async function writable(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

function base(api: string, st: Stats, type: ContentType, isWritable: boolean): ContentsModel {
  return {
    name: nameOf(api),
    path: api,
    type,
    writable: isWritable,
    // birthtime is 0 on filesystems that do not record it; ctime is what jupyter_server reports there.
    created: iso(st.birthtimeMs > 0 ? st.birthtimeMs : st.ctimeMs),
    last_modified: iso(st.mtimeMs),
    mimetype: null,
    content: null,
    format: null,
    size: type === 'directory' ? null : st.size,
  };
}

export function typeFor(api: string, st: Stats, requested?: ContentType): ContentType {
  if (st.isDirectory()) {
    if (requested && requested !== 'directory') throw badRequest(`${api || '/'} is a directory, not a ${requested}`);
    return 'directory';
  }
  if (requested === 'directory') throw badRequest(`${api} is not a directory`);
  return requested ?? (api.endsWith('.ipynb') ? 'notebook' : 'file');
}

async function withHash(model: ContentsModel, bytes: Buffer | undefined, os: string, want: boolean): Promise<ContentsModel> {
  if (!want) return model;
  const data = bytes ?? (await readFile(os));
  return { ...model, hash: createHash('sha256').update(data).digest('hex'), hash_algorithm: 'sha256' };
}

async function readBounded(os: string, st: Stats, api: string): Promise<Buffer> {
  if (st.size > MAX_READ_BYTES) throw badRequest(`${api} is too large to open (${st.size} bytes; the limit is ${MAX_READ_BYTES}).`);
  return readFile(os);
}

export async function getModel(root: RootFolder, r: Resolved, opts: GetOptions): Promise<ContentsModel> {
  if (!r.exists) throw notFound(`file or directory does not exist: ${JSON.stringify(r.api)}`);
  const st = await stat(r.os);
  const type = typeFor(r.api, st, opts.type);
  const model = base(r.api, st, type, await writable(r.os));
  if (type === 'directory') {
    if (!opts.content) return model;
    return { ...model, format: 'json', content: await listChildren(root, r) };
  }
  if (!st.isFile()) throw badRequest(`Cannot read non-file ${r.api}`);
  if (type === 'notebook') {
    if (!opts.content) return withHash(model, undefined, r.os, opts.hash);
    const bytes = await readBounded(r.os, st, r.api);
    const nb = readNotebook(bytes.toString('utf8'), r.api);
    const out: ContentsModel = { ...model, format: 'json', content: nb.content, ...(nb.message ? { message: nb.message } : {}) };
    return withHash(out, bytes, r.os, opts.hash);
  }
  const guessed = mimeTypeOf(r.api) ?? null;
  if (!opts.content) return withHash({ ...model, mimetype: guessed }, undefined, r.os, opts.hash);
  const bytes = await readBounded(r.os, st, r.api);
  if (opts.format !== 'base64') {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return withHash({ ...model, mimetype: guessed ?? 'text/plain', format: 'text', content: text }, bytes, r.os, opts.hash);
    } catch {
      if (opts.format === 'text') throw badRequest(`${r.api} is not UTF-8 encoded`);
    }
  }
  const content = bytes.toString('base64');
  return withHash({ ...model, mimetype: guessed ?? 'application/octet-stream', format: 'base64', content }, bytes, r.os, opts.hash);
}

/** A folder's children without content; links that leave the root, dangling links and unreadable entries are left out. */
async function listChildren(root: RootFolder, dir: Resolved): Promise<ContentsModel[]> {
  const entries: Dirent[] = await readdir(dir.os, { withFileTypes: true });
  const visible = entries.filter((e) => !e.name.startsWith('.') && !HIDDEN_NAMES(e.name));
  const models = await Promise.all(
    visible.map(async (e) => {
      const api = joinApi(dir.api, e.name);
      try {
        return await getModel(root, await root.resolve(api), { content: false, hash: false });
      } catch (err) {
        if (err instanceof ApiError) return undefined;
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') return undefined; // removed meanwhile, or unreadable
        throw err;
      }
    }),
  );
  return models.filter((m): m is ContentsModel => m !== undefined);
}
