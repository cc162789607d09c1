// Content hash of a pack: every file under its folder (sorted, path and bytes)
// plus the portable header, so editing any source of a pack invalidates its builds.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { includeDir } from '../paths.js';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  if (statSync(dir).isFile()) return [dir];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export function hashTree(dirs: readonly string[], base: string): string {
  const h = createHash('sha256');
  const files = dirs.flatMap(listFiles).sort();
  for (const file of files) {
    h.update(relative(base, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return h.digest('hex');
}

export function packHash(packDir: string): string {
  return hashTree([packDir, includeDir], join(packDir, '..'));
}
