// Packs from anywhere: add one from a local folder or a git repository (at a tag,
// branch or commit), update it, remove it. Every install is staged in a temporary
// folder beside the user pack directory, validated with loadPack, and only then
// renamed into place, so a failed add or update leaves nothing half written and
// never loses the pack that was there.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { removeTempDir, trackTempDir } from '../cleanup.js';
import { BootbookError } from '../errors.js';
import { execCapture } from '../exec.js';
import { loadPack } from './load.js';
import type { IndexEntry } from './pack-index.js';
import { contentHash, deleteRecord, fileHashes, readRecord, userPacksDir, writeRecord, type InstallRecord } from './store.js';
import { packSearchPath } from './search-path.js';
import type { Pack } from './types.js';
import { loadPacks } from './load.js';

export interface SourceSpec {
  kind: 'folder' | 'git';
  /** Absolute folder, or the repository URL as given. */
  location: string;
  ref?: string;
}

/**
 * `SOURCE` is a folder (a plain pack folder, or a git work tree: copied as it is now)
 * or a git repository: a URL (file://, https://, ssh://, git@host:...) or a local
 * path ending in .git. `URL#REF` names a tag, branch or commit.
 */
export function parseSource(source: string, ref?: string): SourceSpec {
  const hash = source.lastIndexOf('#');
  let location = source;
  let fragment: string | undefined;
  if (hash > 0) {
    location = source.slice(0, hash);
    fragment = source.slice(hash + 1) || undefined;
  }
  if (ref && fragment && ref !== fragment) throw new BootbookError('bad-usage', `two refs given: #${fragment} in the source and --ref ${ref}; give one`);
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(location) || /^[^/\s]+@[^/\s]+:/.test(location);
  if (isUrl) return { kind: 'git', location, ref: ref ?? fragment };
  const dir = resolve(location);
  if (!existsSync(dir)) throw new BootbookError('not-found', `${location} does not exist: give a pack folder, a git repository (URL, or a path ending in .git), or the name of a pack in a configured index`);
  if (!statSync(dir).isDirectory()) throw new BootbookError('bad-usage', `${location} is a file: give a pack folder or a git repository`);
  // A bare repository (x.git, or a folder with HEAD and objects/) is cloned; a work tree is copied as it is.
  const bare = location.endsWith('.git') || (existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects')));
  if (bare || ref || fragment) {
    if (!bare && !existsSync(join(dir, '.git'))) throw new BootbookError('bad-usage', `${location} is not a git repository, so a ref (${ref ?? fragment}) means nothing; drop it`);
    return { kind: 'git', location: dir, ref: ref ?? fragment };
  }
  return { kind: 'folder', location: dir };
}

async function git(args: string[], cwd?: string): Promise<string> {
  const r = await execCapture(['git', ...args], { cwd, timeoutMs: 10 * 60_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  if (r.spawnError) throw new BootbookError('missing-tool', `git is not installed (${r.spawnError})`, 'install it: apt-get install git');
  if (r.code !== 0) throw new BootbookError('not-found', `git ${args[0]} failed: ${(r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' ')}`);
  return r.stdout.trim();
}

/** A fresh clone of `spec` in `dir`, checked out at its ref (or the default branch). */
async function cloneAt(spec: SourceSpec, dir: string): Promise<string> {
  await git(['clone', '--quiet', '--no-hardlinks', spec.location, dir]);
  if (spec.ref) {
    try {
      await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', spec.ref], dir);
    } catch {
      // A branch that exists only as origin/<ref> in the clone.
      await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', `origin/${spec.ref}`], dir).catch(() => {
        throw new BootbookError('not-found', `${spec.location} has no tag, branch or commit "${spec.ref}"`);
      });
    }
  }
  return git(['rev-parse', 'HEAD'], dir);
}

/** The pack folder inside a fetched source: its top, `sub`, or the one pack folder it holds. */
function findPackFolder(root: string, source: string, name?: string, sub?: string): string {
  if (sub) {
    const dir = join(root, sub);
    if (!existsSync(join(dir, 'pack.json'))) throw new BootbookError('invalid-pack', `${source} has no pack.json in ${sub}/`);
    return dir;
  }
  if (existsSync(join(root, 'pack.json'))) return root;
  // A repository of several packs (like bootbook's own kernels/): one subfolder per pack.
  const candidates = ['', 'kernels', 'packs']
    .flatMap((d) => (existsSync(join(root, d)) ? readdirSync(join(root, d), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(d, e.name)) : []))
    .filter((d) => existsSync(join(root, d, 'pack.json')));
  const named = name ? candidates.filter((d) => basename(d) === name) : candidates;
  if (named.length === 1) return join(root, named[0]!);
  if (!candidates.length) throw new BootbookError('invalid-pack', `${source} holds no pack.json (at its top, or in one subfolder per pack)`);
  throw new BootbookError('bad-usage', `${source} holds several packs (${candidates.join(', ')}); pick one with --name NAME`);
}

function validated(dir: string, source: string): Pack {
  const pack = loadPack(dir);
  if (Array.isArray(pack)) {
    throw new BootbookError('invalid-pack', `the pack from ${source} is not valid, so it was not installed:\n${pack.map((p) => `  ${p.field}: ${p.reason}`).join('\n')}`);
  }
  return pack;
}

export interface AddOptions {
  /** Which pack of a source holding several (and a check that the pack has this name). */
  name?: string;
  ref?: string;
  /** Subfolder of the source holding the pack. */
  path?: string;
  /** The content hash the pack must have (from an index entry). */
  expectHash?: string;
  index?: string;
  packsDir?: string;
}

interface Staged {
  pack: Pack;
  stage: string;
  folder: string;
  record: Omit<InstallRecord, 'installedAt'>;
  /** The clone, for git log / diff during an update. */
  clone?: string;
}

/** Fetch a source into a temporary folder inside packsDir and validate it; the caller renames it into place. */
async function stageSource(spec: SourceSpec, opts: AddOptions, packsDir: string): Promise<Staged> {
  mkdirSync(packsDir, { recursive: true });
  const stage = mkdtempSync(join(packsDir, '.staging-'));
  const untrack = trackTempDir(stage);
  try {
    let root: string;
    let commit: string | undefined;
    let clone: string | undefined;
    if (spec.kind === 'git') {
      clone = join(stage, 'clone');
      commit = await cloneAt(spec, clone);
      root = clone;
    } else {
      root = spec.location;
    }
    const from = findPackFolder(root, spec.location, opts.name, opts.path);
    const folder = join(stage, 'pack');
    // The pack is a plain folder once installed: no .git (it would change with every fetch).
    cpSync(from, folder, { recursive: true, filter: (src) => basename(src) !== '.git' });
    const pack = validated(folder, spec.location);
    const name = pack.manifest.name;
    const hash = contentHash(folder);
    if (opts.expectHash && opts.expectHash !== hash) {
      throw new BootbookError(
        'invalid-pack',
        `refused ${opts.name ?? name}: its content hash ${hash.slice(0, 16)}… does not match the index's ${opts.expectHash.slice(0, 16)}… (the source changed since the index was made, or it is not the pack the index means); nothing was installed`,
      );
    }
    // After the hash: for an index entry, "not the content the index names" is the reason that matters.
    if (opts.name && opts.name !== name) throw new BootbookError('bad-usage', `the pack at ${spec.location} is named "${name}", not "${opts.name}"`);
    const sub = from === root ? '' : from.slice(root.length + 1);
    untrack();
    return {
      pack,
      stage,
      folder,
      clone,
      record: { name, kind: spec.kind, source: spec.location, path: sub, ...(spec.ref ? { ref: spec.ref } : {}), ...(commit ? { commit } : {}), hash, ...(opts.index ? { index: opts.index } : {}) },
    };
  } catch (e) {
    untrack();
    removeTempDir(stage);
    throw e;
  }
}

export interface Installed {
  record: InstallRecord;
  dir: string;
}

/** Add a pack from a folder or a git repository to the user pack directory. */
export async function addPack(source: string, opts: AddOptions = {}): Promise<Installed> {
  const packsDir = opts.packsDir ?? userPacksDir();
  const spec = parseSource(source, opts.ref);
  const staged = await stageSource(spec, opts, packsDir);
  try {
    const name = staged.record.name;
    const dest = join(packsDir, name);
    // Bundled packs and packs on other search-path folders come first: a same-named add would never load.
    const others = loadPacks(packSearchPath().filter((r) => resolve(r) !== resolve(packsDir))).packs;
    const clash = others.get(name);
    if (clash) throw new BootbookError('bad-usage', `a pack named "${name}" already exists at ${clash.dir}; packs are known by name, so this one would never load`);
    if (existsSync(dest)) throw new BootbookError('bad-usage', `pack "${name}" is already added (${dest}); use \`bootbook packs update ${name}\` or remove it first`);
    try {
      renameSync(staged.folder, dest);
    } catch (e) {
      // Another `packs add` of the same name finished between the check above and here.
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new BootbookError('bad-usage', `pack "${name}" was added by another command meanwhile (${dest}); use \`bootbook packs update ${name}\` or remove it first`);
      throw e;
    }
    const record: InstallRecord = { ...staged.record, installedAt: new Date().toISOString() };
    writeRecord(record, packsDir);
    return { record, dir: dest };
  } finally {
    removeTempDir(staged.stage);
  }
}

/** Add the pack an index entry describes; its content must have the entry's hash. */
export function addFromIndex(entry: IndexEntry & { index?: string }, packsDir?: string): Promise<Installed> {
  const ref = entry.commit ?? entry.ref;
  return addPack(entry.source, { name: entry.name, ref, path: entry.path, expectHash: entry.hash, index: entry.index, packsDir });
}

/** Remove an added pack (its folder and record). Bundled and other packs are not ours to delete. */
export function removePack(name: string, packsDir = userPacksDir()): string {
  const dest = join(packsDir, name);
  const record = readRecord(name, packsDir);
  if (!record || !existsSync(dest)) {
    const bundled = loadPacks(packSearchPath().filter((r) => resolve(r) !== resolve(packsDir))).packs.get(name);
    if (bundled) throw new BootbookError('bad-usage', `pack "${name}" was not added with \`bootbook packs add\` (it is at ${bundled.dir}); only added packs can be removed`);
    if (!record && !existsSync(dest)) throw new BootbookError('not-found', `no added pack named "${name}"; added packs: ${addedNames(packsDir).join(', ') || '(none)'}`);
  }
  // Renamed away first, so the pack disappears at once even if deleting takes a while.
  if (existsSync(dest)) {
    const gone = `${join(packsDir, `.removing-${name}`)}-${process.pid}-${Date.now()}`;
    renameSync(dest, gone);
    rmSync(gone, { recursive: true, force: true });
  }
  deleteRecord(name, packsDir);
  return dest;
}

function addedNames(packsDir: string): string[] {
  if (!existsSync(packsDir)) return [];
  return readdirSync(packsDir).filter((n) => !n.startsWith('.') && existsSync(join(packsDir, n, 'pack.json')));
}

export interface UpdateReport {
  name: string;
  /** False when the source has nothing new (same commit and content). */
  changed: boolean;
  oldCommit?: string;
  newCommit?: string;
  /** `git log --oneline old..new` (git sources), newest first. */
  log: string[];
  files: { added: string[]; removed: string[]; changed: string[] };
  oldHash: string;
  newHash: string;
  record: InstallRecord;
}

function diffFiles(oldDir: string, newDir: string): UpdateReport['files'] {
  const a = fileHashes(oldDir);
  const b = fileHashes(newDir);
  return {
    added: [...b.keys()].filter((f) => !a.has(f)),
    removed: [...a.keys()].filter((f) => !b.has(f)),
    changed: [...b.keys()].filter((f) => a.has(f) && a.get(f) !== b.get(f)),
  };
}

/**
 * Fetch the pack's source again (at `ref`, else the ref it was added at when that is a
 * branch, else the default branch) and replace the pack when it changed. A new version
 * that fails validation is refused and the old one stays.
 */
export async function updatePack(name: string, opts: { ref?: string; packsDir?: string } = {}): Promise<UpdateReport> {
  const packsDir = opts.packsDir ?? userPacksDir();
  const record = readRecord(name, packsDir);
  const dest = join(packsDir, name);
  if (!record || !existsSync(dest)) throw new BootbookError('not-found', `no added pack named "${name}"; added packs: ${addedNames(packsDir).join(', ') || '(none)'}`);
  let ref = opts.ref;
  if (!ref && record.kind === 'git' && record.ref) {
    // Follow a branch; a tag or commit is fixed, so updating without --ref means the default branch.
    const heads = await git(['ls-remote', '--heads', record.source, record.ref]).catch(() => '');
    if (heads) ref = record.ref;
  }
  const spec: SourceSpec = { kind: record.kind, location: record.source, ref };
  const staged = await stageSource(spec, { name, path: record.path || undefined, index: record.index }, packsDir);
  try {
    const oldHash = contentHash(dest);
    const newHash = staged.record.hash;
    const files = diffFiles(dest, staged.folder);
    let log: string[] = [];
    if (staged.clone && record.commit && staged.record.commit && record.commit !== staged.record.commit) {
      const range = `${record.commit}..${staged.record.commit}`;
      log = (await git(['log', '--oneline', range, '--', ...(record.path ? [record.path] : [])], staged.clone).catch(() => '')).split('\n').filter(Boolean);
    }
    const changed = oldHash !== newHash || record.commit !== staged.record.commit;
    const next: InstallRecord = { ...staged.record, ...(opts.ref || ref ? { ref: opts.ref ?? ref } : {}), installedAt: changed ? new Date().toISOString() : record.installedAt };
    if (!opts.ref && !ref) delete next.ref;
    if (changed) {
      // Swap: old aside, new in, old deleted; a crash in between leaves one of them whole.
      const aside = join(staged.stage, 'old');
      renameSync(dest, aside);
      renameSync(staged.folder, dest);
      writeRecord(next, packsDir);
    }
    return { name, changed, oldCommit: record.commit, newCommit: staged.record.commit, log, files, oldHash, newHash, record: changed ? next : record };
  } finally {
    removeTempDir(staged.stage);
  }
}

/** An index entry for a pack folder (or a git work tree holding it), as an author publishes it. */
export async function makeIndexEntry(dir: string, opts: { source?: string } = {}): Promise<IndexEntry> {
  const folder = resolve(dir);
  const pack = validated(folder, dir);
  const m = pack.manifest;
  let source = opts.source;
  let commit: string | undefined;
  let path: string | undefined;
  let tracked: string[] | undefined;
  const top = await git(['rev-parse', '--show-toplevel'], folder).catch(() => undefined);
  if (top) {
    commit = await git(['rev-parse', 'HEAD'], folder).catch(() => undefined);
    const dirty = await git(['status', '--porcelain', '--', '.'], folder).catch(() => '');
    if (dirty) throw new BootbookError('bad-usage', `${dir} has uncommitted changes; commit them first (the index names a commit, and its hash must match it)`);
    source ??= (await git(['remote', 'get-url', 'origin'], folder).catch(() => undefined)) ?? top;
    const sub = folder === top ? '' : folder.slice(top.length + 1);
    if (sub) path = sub;
    // Only what a clone gets: git-ignored files (build outputs, editor files) would change
    // the hash of the author's folder but never reach the user's copy.
    tracked = (await git(['ls-files', '-z', '--', '.'], folder)).split('\0').filter(Boolean);
  }
  return {
    name: m.name,
    version: m.version,
    summary: m.summary,
    source: source ?? folder,
    ...(path ? { path } : {}),
    ...(commit ? { commit } : {}),
    hash: contentHash(folder, tracked),
    architectures: [...m.architectures],
    interfaces: [...m.interfaces],
  };
}
