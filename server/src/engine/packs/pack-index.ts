// Pack indexes: JSON files (kernels/pack-index.schema.json) anyone can publish, as a
// file or a URL, listing packs with where to get them and the content hash they must
// have. The user's configured indexes are kept in <config>/indexes.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { BootbookError } from '../errors.js';
import { kernelsDir } from '../paths.js';
import { readJsonFile, userConfigDir, writeJsonAtomic } from './store.js';
import type { Arch } from './types.js';

export const packIndexSchemaFile = join(kernelsDir, 'pack-index.schema.json');

export interface IndexEntry {
  name: string;
  version?: string;
  summary: string;
  source: string;
  path?: string;
  ref?: string;
  commit?: string;
  hash: string;
  architectures: Arch[];
  interfaces: string[];
}

export interface PackIndex {
  title?: string;
  packs: IndexEntry[];
}

let validator: ValidateFunction | undefined;

/** Check a parsed index; the error names where it came from, the entry and the field. */
export function parseIndex(data: unknown, location: string): PackIndex {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(packIndexSchemaFile, 'utf8')));
  if (!validator(data)) {
    const problems = (validator.errors ?? []).map((e) => {
      const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
      const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
      return `${at}: ${e.message ?? e.keyword}${extra}`;
    });
    throw new BootbookError('bad-usage', `pack index ${location} is not valid: ${problems.join('; ')}`, `the format is kernels/pack-index.schema.json (docs/pack-sources.md)`);
  }
  const index = data as PackIndex;
  const seen = new Set<string>();
  for (const e of index.packs) {
    if (seen.has(e.name)) throw new BootbookError('bad-usage', `pack index ${location} lists pack "${e.name}" twice`);
    seen.add(e.name);
  }
  return index;
}

const isUrl = (location: string) => /^https?:\/\//.test(location);

/** Read one index. A folder source relative to an index file is made absolute (relative to the file). */
export async function readIndex(location: string): Promise<PackIndex> {
  let text: string;
  if (isUrl(location)) {
    let res: Response;
    try {
      res = await fetch(location, { signal: AbortSignal.timeout(20_000) });
    } catch (e) {
      throw new BootbookError('not-found', `pack index ${location} could not be fetched: ${(e as Error).cause ?? (e as Error).message}`);
    }
    if (!res.ok) throw new BootbookError('not-found', `pack index ${location} answered ${res.status} ${res.statusText}`);
    text = await res.text();
  } else {
    if (!existsSync(location)) throw new BootbookError('not-found', `pack index ${location} does not exist`);
    text = readFileSync(location, 'utf8');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BootbookError('bad-usage', `pack index ${location} is not JSON: ${(e as Error).message}`);
  }
  const index = parseIndex(data, location);
  if (!isUrl(location)) {
    for (const e of index.packs) {
      // A relative folder source or ./repo.git is relative to the index file, so an index can ship beside its packs.
      if (!/^[a-z][a-z0-9+.-]*:/i.test(e.source) && !isAbsolute(e.source)) e.source = resolve(dirname(location), e.source);
    }
  }
  return index;
}

// ---- the configured indexes ----

export const indexesFile = (configDir = userConfigDir()) => join(configDir, 'indexes.json');

export function configuredIndexes(configDir = userConfigDir()): string[] {
  const data = readJsonFile<{ indexes?: unknown }>(indexesFile(configDir), { indexes: [] });
  if (!Array.isArray(data.indexes) || data.indexes.some((i) => typeof i !== 'string')) {
    throw new BootbookError('bad-usage', `${indexesFile(configDir)} should hold {"indexes": ["file or URL", ...]}; fix or delete it`);
  }
  return data.indexes as string[];
}

/** A file location is kept absolute (the command may run from anywhere later). */
export function normalizeLocation(location: string): string {
  return isUrl(location) ? location : resolve(location);
}

/** Add an index after reading it once (a typo is caught now, not at the next search). */
export async function addIndex(location: string, configDir = userConfigDir()): Promise<{ location: string; packs: number }> {
  const loc = normalizeLocation(location);
  const index = await readIndex(loc);
  const list = configuredIndexes(configDir);
  if (!list.includes(loc)) writeJsonAtomic(indexesFile(configDir), { indexes: [...list, loc] });
  return { location: loc, packs: index.packs.length };
}

export function removeIndex(location: string, configDir = userConfigDir()): string {
  const list = configuredIndexes(configDir);
  const loc = list.includes(location) ? location : normalizeLocation(location);
  if (!list.includes(loc)) {
    throw new BootbookError('not-found', `no configured pack index ${location}; configured: ${list.join(', ') || '(none)'}`);
  }
  writeJsonAtomic(indexesFile(configDir), { indexes: list.filter((l) => l !== loc) });
  return loc;
}

export interface Available extends IndexEntry {
  /** The index it was listed in. */
  index: string;
}

/** Every entry of every configured index; an index that cannot be read is a problem, not a failure of the others. */
export async function availablePacks(configDir = userConfigDir()): Promise<{ packs: Available[]; problems: { index: string; reason: string }[] }> {
  const packs: Available[] = [];
  const problems: { index: string; reason: string }[] = [];
  for (const location of configuredIndexes(configDir)) {
    try {
      for (const e of (await readIndex(location)).packs) packs.push({ ...e, index: location });
    } catch (e) {
      problems.push({ index: location, reason: (e as Error).message });
    }
  }
  return { packs, problems };
}

/** Entries whose name, summary, interfaces or architectures contain `term` (case-insensitive); '' matches all. */
export function matchEntries<T extends IndexEntry>(entries: readonly T[], term: string): T[] {
  const t = term.toLowerCase();
  return entries.filter((e) => [e.name, e.summary, ...e.interfaces, ...e.architectures].some((f) => f.toLowerCase().includes(t)));
}
