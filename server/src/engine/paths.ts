// Where bootbook finds its own files and keeps its caches.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The code runs from dist/server/src/engine (compiled) or server/src/engine:
// the repository is the nearest folder above that holds kernels/pack.schema.json.
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'kernels', 'pack.schema.json'))) return dir;
  }
  throw new Error(`bootbook: cannot find its kernels/ folder above ${from}`);
}
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

export const kernelsDir = join(repoRoot, 'kernels');
export const includeDir = join(kernelsDir, 'include');
export const packSchemaFile = join(kernelsDir, 'pack.schema.json');

/** The cache root: $BOOTBOOK_CACHE, else $XDG_CACHE_HOME/bootbook, else ~/.cache/bootbook. */
export function cacheRoot(): string {
  const env = process.env;
  if (env.BOOTBOOK_CACHE) return resolve(env.BOOTBOOK_CACHE);
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'bootbook');
  return join(homedir(), '.cache', 'bootbook');
}
