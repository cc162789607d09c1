// Where added packs live and what bootbook remembers about them. Packs added with
// `bootbook packs add` are plain folders in the user pack directory; the record of
// where each came from (source, ref, commit, content hash, time) sits beside them
// in .installed/NAME.json, outside the pack's folder so it never changes the pack's
// own hash. Config files (indexes.json, trust.json) are written atomically.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { BootbookError } from '../errors.js';

/** The user pack directory: $BOOTBOOK_PACKS_DIR, else $XDG_DATA_HOME/bootbook/packs, else ~/.local/share/bootbook/packs. */
export function userPacksDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BOOTBOOK_PACKS_DIR) return env.BOOTBOOK_PACKS_DIR;
  const xdg = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'bootbook', 'packs');
}

/**
 * bootbook's per-user config folder: $BOOTBOOK_CONFIG, else $XDG_CONFIG_HOME/bootbook,
 * else ~/.config/bootbook. The same rule as the front end's settings (jupyter/lab/paths.ts),
 * so one variable moves all of a user's bootbook config.
 */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BOOTBOOK_CONFIG) return env.BOOTBOOK_CONFIG;
  const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(xdg, 'bootbook');
}

/** Write JSON so a reader sees the old file or the new one, never half of one. */
export function writeJsonAtomic(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  renameSync(tmp, file);
}

/** Read a JSON config file; a missing file is `fallback`, a broken one an error naming the file. */
export function readJsonFile<T>(file: string, fallback: T): T {
  if (!existsSync(file)) return fallback;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new BootbookError('bad-usage', `${file} is not valid JSON (${(e as Error).message}); fix or delete it`);
  }
}

function listPackFiles(dir: string, base: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // A clone's .git is not the pack: it differs between two clones of the same commit.
    if (entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listPackFiles(path, base, out);
    else if (entry.isFile()) out.push(relative(base, path).split(sep).join('/'));
  }
}

/** Every file of a pack (relative, `/`-separated, sorted), .git left out. */
export function packFileList(dir: string): string[] {
  const out: string[] = [];
  listPackFiles(dir, dir, out);
  return out.sort();
}

/**
 * The pack's content hash as indexes publish it: sha256 over its files' relative paths
 * and bytes. Unlike packHash (the build cache key) it leaves out bootbook.h and the
 * folder's location, so the author's checkout and the user's copy hash the same.
 * `files` narrows it to a list (the files git tracks, for an author's work tree).
 */
export function contentHash(dir: string, files: readonly string[] = packFileList(dir)): string {
  const h = createHash('sha256');
  for (const file of [...files].sort()) h.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0');
  return h.digest('hex');
}

/** Per-file hashes, to say which files an update changed. */
export function fileHashes(dir: string): Map<string, string> {
  return new Map(packFileList(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

/** What bootbook remembers about an added pack. */
export interface InstallRecord {
  name: string;
  /** 'folder': copied from a local folder; 'git': cloned from a repository. */
  kind: 'folder' | 'git';
  /** The folder or repository URL it came from. */
  source: string;
  /** Subfolder of the source holding the pack ('' for its top). */
  path: string;
  /** The ref asked for (tag, branch or commit), when one was. */
  ref?: string;
  /** The commit installed (git sources). */
  commit?: string;
  /** contentHash() of the installed folder. */
  hash: string;
  /** The index it was found in, when added by name. */
  index?: string;
  installedAt: string;
}

const recordsDir = (packsDir: string) => join(packsDir, '.installed');

export function readRecord(name: string, packsDir = userPacksDir()): InstallRecord | undefined {
  const file = join(recordsDir(packsDir), `${name}.json`);
  return existsSync(file) ? readJsonFile<InstallRecord>(file, undefined as never) : undefined;
}

export function writeRecord(record: InstallRecord, packsDir = userPacksDir()): void {
  writeJsonAtomic(join(recordsDir(packsDir), `${record.name}.json`), record);
}

export function deleteRecord(name: string, packsDir = userPacksDir()): void {
  rmSync(join(recordsDir(packsDir), `${name}.json`), { force: true });
}

export function listRecords(packsDir = userPacksDir()): InstallRecord[] {
  const dir = recordsDir(packsDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readJsonFile<InstallRecord>(join(dir, f), undefined as never));
}
