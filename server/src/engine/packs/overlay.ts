// Notebook overlays: files a notebook writes over a pack's own (`%%file kite:src/sched/sched.c`)
// for its own runs only. The pack folder is never touched: a build with overlays
// uses a materialized copy of the pack with the overlay files written over it,
// kept in <cache>/overlays/<pack>-<key>/ where the key covers the pack's content
// hash and every overlay file. The copy is an ordinary Pack (same manifest, its
// own folder and hash), so the pack's prepare step (kite's libkite.a) and build
// both see the overlay, and their caches key on it through the pack hash.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { removeTempDir, trackTempDir } from '../cleanup.js';
import { BootbookError } from '../errors.js';
import { cacheRoot, includeDir } from '../paths.js';
import type { Pack } from './types.js';

/** One file of a notebook overlay: a path relative to the pack's folder and the file's whole text. */
export interface OverlayFile {
  path: string;
  content: string;
}

/** An overlay file of a named pack, as a notebook session keeps it. */
export interface Overlay extends OverlayFile {
  pack: string;
}

/** What a run record says about an overlaid file. */
export interface OverlaidFile {
  path: string;
  sha256: string;
}

const EXAMPLE = 'e.g. src/sched/sched.c';

/** What an overlay may be: C, headers, assembly and linker scripts (read by the toolchain, never run). */
export const OVERLAY_EXTENSIONS = ['.c', '.h', '.S', '.s', '.ld'];

function refuse(pack: string, path: string, why: string): never {
  throw new BootbookError('bad-overlay', `${pack}:${path} cannot be overlaid: ${why}`);
}

/**
 * The overlay path in canonical form (forward slashes, no `.` parts), or a clear
 * refusal: an overlay may only replace or add a file inside the pack's folder.
 * pack.json is refused: it is the pack's recipe (tools, build steps), validated
 * and trusted when the pack loads; a notebook changes sources, not the recipe.
 */
export function checkOverlayPath(pack: Pack, path: string): string {
  const name = pack.manifest.name;
  if (!path.trim()) throw new BootbookError('bad-overlay', `an overlay of ${name} needs a file path inside the pack (${EXAMPLE})`);
  if (path.includes('\0')) refuse(name, path, 'the path contains a NUL character');
  if (path.includes('\\')) refuse(name, path, `write folders with / (${EXAMPLE})`);
  if (path.startsWith('/')) refuse(name, path, `it is an absolute path; give a path relative to the pack's folder (${EXAMPLE})`);
  const normal = posix.normalize(path);
  if (normal === '..' || normal.startsWith('../') || path.split('/').includes('..')) refuse(name, path, `".." leads outside the pack; give a path inside it (${EXAMPLE})`);
  if (normal === '.' || path.endsWith('/')) refuse(name, path, `it names a folder, not a file (${EXAMPLE})`);
  if (normal === 'pack.json') refuse(name, path, "pack.json is the pack's recipe, checked when the pack loads; overlays change its sources only (copy the pack to change its recipe)");
  // Every part that exists in the pack must be a real folder (then a real file): a symlink could lead anywhere.
  const base = pack.overlay?.baseDir ?? pack.dir;
  const parts = normal.split('/');
  for (let i = 0; i < parts.length; i++) {
    const at = join(base, ...parts.slice(0, i + 1));
    let st;
    try {
      st = lstatSync(at);
    } catch {
      break; // a new file (or folder) from here on: nothing to follow
    }
    const shown = parts.slice(0, i + 1).join('/');
    if (st.isSymbolicLink()) refuse(name, path, `${shown} is a symbolic link in the pack; overlays go to real files inside it`);
    if (i < parts.length - 1 && !st.isDirectory()) refuse(name, path, `${shown} is a file, not a folder`);
    if (i === parts.length - 1 && !st.isFile()) refuse(name, path, `${shown} is a folder in the pack, not a file`);
  }
  // Only files the compiler, assembler or linker reads: a Makefile or a script would run on
  // the host, and a shared notebook must not run host commands through a pack its reader
  // trusted (or a bundled one). Compiled code runs only in the guest.
  const ext = posix.extname(normal);
  if (!OVERLAY_EXTENSIONS.includes(ext))
    refuse(name, path, `only source files compiled into the kernel can be overlaid (${OVERLAY_EXTENSIONS.join(' ')}): other files, such as Makefiles and scripts, run on this machine when the pack builds`);
  return normal;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The overlaid pack's content hash: the original pack's hash plus every overlay file (sorted by path). */
export function overlayKey(pack: Pack, files: readonly OverlayFile[]): string {
  const listed = files.map((f) => [f.path, sha256(f.content)]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return sha256(JSON.stringify({ pack: pack.manifest.name, base: pack.hash, files: listed }));
}

/**
 * The pack with `files` written over it: a Pack whose folder is a cached copy.
 * No files: the pack itself. Paths are checked first, so a bad one changes nothing.
 */
export function applyOverlay(pack: Pack, files: readonly OverlayFile[]): Pack {
  if (!files.length) return pack;
  if (pack.overlay) throw new Error(`pack ${pack.manifest.name} is already overlaid`);
  const seen = new Set<string>();
  const checked = files.map((f) => {
    const path = checkOverlayPath(pack, f.path);
    if (seen.has(path)) refuse(pack.manifest.name, f.path, 'the same file is overlaid twice');
    seen.add(path);
    return { path, content: f.content };
  });
  const key = overlayKey(pack, checked);
  // <key>/<pack folder name> with the portable headers beside it as <key>/include, as in kernels/:
  // recipes may reach ../include (kite's Makefile does).
  const root = join(cacheRoot(), 'overlays', `${pack.manifest.name}-${key.slice(0, 16)}`);
  const dir = join(root, basename(pack.dir));
  if (!existsSync(join(root, '.complete'))) materialize(pack, checked, root);
  return {
    ...pack, // whatever else a loaded pack carries (where it came from...) stays the pack's
    dir,
    hash: key,
    overlay: { baseDir: pack.dir, baseHash: pack.hash, files: checked.map((f) => ({ path: f.path, sha256: sha256(f.content) })).sort((a, b) => (a.path < b.path ? -1 : 1)) },
  };
}

function materialize(pack: Pack, files: readonly OverlayFile[], root: string): void {
  mkdirSync(dirname(root), { recursive: true });
  const tmp = `${root}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const untrack = trackTempDir(tmp);
  try {
    const dir = join(tmp, basename(pack.dir));
    cpSync(pack.dir, dir, { recursive: true, verbatimSymlinks: true });
    cpSync(includeDir, join(tmp, 'include'), { recursive: true });
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    mkdirSync(join(tmp, '.complete'));
    try {
      renameSync(tmp, root);
    } catch {
      // Another run materialized the same overlay meanwhile: keep theirs.
      if (!existsSync(join(root, '.complete'))) throw new Error(`cannot store the overlaid pack in ${root}`);
    }
  } finally {
    untrack();
    removeTempDir(tmp);
  }
}

/** `packs` with every overlaid pack replaced by its overlaid copy; an overlay of an unknown pack is refused. */
export function withOverlays(packs: ReadonlyMap<string, Pack>, overlays: readonly Overlay[]): ReadonlyMap<string, Pack> {
  if (!overlays.length) return packs;
  const byPack = new Map<string, OverlayFile[]>();
  for (const o of overlays) {
    if (!packs.has(o.pack)) throw new BootbookError('bad-overlay', `an overlay names pack "${o.pack}", which is not loaded; valid packs: ${[...packs.keys()].sort().join(', ')}`);
    byPack.set(o.pack, [...(byPack.get(o.pack) ?? []), { path: o.path, content: o.content }]);
  }
  const out = new Map(packs);
  for (const [name, files] of byPack) out.set(name, applyOverlay(packs.get(name)!, files));
  return out;
}
