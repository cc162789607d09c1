// API paths ("folder/name.ipynb", no leading slash) and their confinement to the
// root folder. Every contents operation goes through here, so one file decides
// what can be reached:
// - `..`/`.` segments, absolute paths and NUL bytes are refused before touching
//   the disk (URL paths are percent-decoded exactly once first, so `%2e%2e` and
//   `%2F` are seen as what they mean);
// - the real path (symbolic links resolved) of the target, or of its parent for a
//   new file, must lie inside the real root: a link may point anywhere inside the
//   root, never out of it. Dangling links are refused (writing through one could
//   create a file outside).
// Outside-root is a 403 (a refusal); a missing file is a 404. The check and the
// use are separate system calls: a local user who can swap links between the two
// already has the access the check protects.
import { realpathSync } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ApiError, badRequest, forbidden, notFound } from '../errors.js';

export interface Resolved {
  /** Normalized API path ('' is the root). */
  api: string;
  /** Where to read and write: the real path of an existing entry (links followed), or the real parent + name for a new one. */
  os: string;
  /** The entry itself (real parent + name, a link not followed): what rename and delete act on. */
  entry: string;
  /** Whether the entry exists (links are followed). */
  exists: boolean;
}

const OUTSIDE = (p: string) => forbidden(`${p} is outside root contents directory`);

/** Check an API path (already decoded) and normalize it: no empty segments, no slashes at the ends. */
export function checkApiPath(path: string): string {
  if (path.includes('\0')) throw notFound('Not a valid path (contains a NUL byte).');
  if (path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:[\\/]/.test(path)) throw forbidden(`Absolute paths are not allowed: ${JSON.stringify(path)}`);
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) throw OUTSIDE(JSON.stringify(path));
  return segments.join('/');
}

/** Decode a URL path remainder once (undefined is the root), then check it. */
export function apiPathFromUrl(raw: string | undefined): string {
  if (raw === undefined) return '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw badRequest(`Malformed percent-encoding in path "${raw}".`);
  }
  return checkApiPath(decoded);
}

/** A path segment starting with a dot: hidden from listings and refused like jupyter_server does. */
export function isHiddenPath(api: string): boolean {
  return api.split('/').some((s) => s.startsWith('.'));
}

export const parentOf = (api: string) => (api.includes('/') ? api.slice(0, api.lastIndexOf('/')) : '');
export const nameOf = (api: string) => api.slice(api.lastIndexOf('/') + 1);
export const joinApi = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

export class RootFolder {
  private constructor(readonly real: string) {}

  /** Synchronous on purpose: the app is built synchronously, once, at start-up. */
  static open(root: string): RootFolder {
    return new RootFolder(realpathSync(root));
  }

  inside(real: string): boolean {
    return real === this.real || real.startsWith(this.real + sep);
  }

  /** Real path of an existing entry inside the root, or undefined when it does not exist. */
  private async realInside(osPath: string, api: string): Promise<string | undefined> {
    try {
      const real = await realpath(osPath);
      if (!this.inside(real)) throw OUTSIDE(api);
      return real;
    } catch (e) {
      if (e instanceof ApiError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      if (code === 'ELOOP') throw forbidden(`${api} is a symbolic link loop`);
      if (code === 'EACCES' || code === 'EPERM') throw forbidden(`Permission denied: ${api}`);
      throw e;
    }
  }

  /** Resolve an already checked API path. Throws 403 outside the root and 404 when the parent is missing. */
  async resolve(api: string): Promise<Resolved> {
    const at = (p: string) => join(this.real, ...p.split('/').filter(Boolean));
    const real = await this.realInside(at(api), api);
    if (api === '') {
      if (real === undefined) throw notFound('The root folder does not exist.');
      return { api, os: real, entry: real, exists: true };
    }
    const parentApi = parentOf(api);
    const parent = await this.realInside(at(parentApi), parentApi || '/');
    if (real !== undefined && parent !== undefined) {
      // A path that reaches a hidden entry through a link is as hidden as its target.
      const rel = relative(this.real, real);
      if (rel && rel.split(sep).some((s) => s.startsWith('.'))) throw notFound(`file or directory does not exist: ${JSON.stringify(api)}`);
      return { api, os: real, entry: join(parent, nameOf(api)), exists: true };
    }
    const linkStat = await lstat(at(api)).catch(() => undefined);
    if (linkStat?.isSymbolicLink()) throw forbidden(`${api} is a dangling symbolic link`);
    if (parent === undefined) throw notFound(`No such directory: ${parentApi}`);
    const entry = join(parent, nameOf(api));
    return { api, os: entry, entry, exists: false };
  }

  /** The API path of a real path inside the root (for listing children). */
  apiOf(real: string): string {
    return relative(this.real, real).split(sep).join('/');
  }
}
