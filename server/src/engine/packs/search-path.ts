// The pack search path and where a pack comes from. Order decides duplicates (the
// first wins, later ones are reported): bundled kernels/, the user pack directory
// (packs added with `bootbook packs add`), $BOOTBOOK_PACK_PATH, then the notebook's
// own packs/ folder. A notebook can add packs but never replace a bundled or added one.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { kernelsDir } from '../paths.js';
import type { Pack } from './types.js';
import { userPacksDir } from './store.js';

/** bundled: kernels/; added: the user pack directory; path: $BOOTBOOK_PACK_PATH; notebook: a notebook folder's packs/. */
export type PackOrigin = 'bundled' | 'added' | 'path' | 'notebook' | 'other';

function packPathEntries(env: NodeJS.ProcessEnv): string[] {
  return (env.BOOTBOOK_PACK_PATH ?? '').split(':').filter(Boolean);
}

/** The folders packs are looked for in, in order; `notebookDir` adds <notebookDir>/packs last. */
export function packSearchPath(notebookDir?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const roots = [kernelsDir, userPacksDir(env), ...packPathEntries(env)];
  if (notebookDir) roots.push(join(notebookDir, 'packs'));
  // One folder named twice (a notebook's packs/ that is also the user pack directory, say)
  // is searched once: otherwise every pack in it would be reported as its own duplicate.
  const seen = new Set<string>();
  return roots.filter((r) => !seen.has(resolve(r)) && seen.add(resolve(r)));
}

/** Which kind of search-path folder `root` is. */
export function rootOrigin(root: string, env: NodeJS.ProcessEnv = process.env): PackOrigin {
  const r = resolve(root);
  if (r === resolve(kernelsDir)) return 'bundled';
  if (r === resolve(userPacksDir(env))) return 'added';
  if (packPathEntries(env).some((p) => resolve(p) === r)) return 'path';
  if (basename(r) === 'packs') return 'notebook';
  return 'other';
}

/** The folder the pack was loaded from: for a pack with notebook overlays, the original's (its `dir` is then a cached copy). */
export function packHome(pack: Pack): string {
  return pack.overlay?.baseDir ?? pack.dir;
}

export function packOrigin(pack: Pack, env: NodeJS.ProcessEnv = process.env): PackOrigin {
  return rootOrigin(join(packHome(pack), '..'), env);
}

/**
 * Packs whose build steps need the user's trust: added ones and a notebook's own
 * (both came from someone else). Bundled packs ship with bootbook; folders on
 * $BOOTBOOK_PACK_PATH are the user's own, named by the user (as with $PATH).
 */
export function needsTrust(origin: PackOrigin): boolean {
  return origin === 'added' || origin === 'notebook';
}

/**
 * The packs a notebook in `notebookDir` sees: the server's packs (the same live map
 * when the folder has no packs/ of its own) plus the ones in <notebookDir>/packs whose
 * names are not taken (a notebook adds packs, never replaces one).
 */
export function packsForNotebook(base: ReadonlyMap<string, Pack>, notebookDir: string, load: (roots: string[]) => ReadonlyMap<string, Pack>): ReadonlyMap<string, Pack> {
  const own = join(notebookDir, 'packs');
  if (!existsSync(own)) return base;
  const extra = [...load([own]).values()].filter((p) => !base.has(p.manifest.name));
  if (!extra.length) return base;
  return new Map([...base, ...extra.map((p) => [p.manifest.name, p] as const)]);
}
