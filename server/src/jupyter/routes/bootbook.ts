// bootbook's own REST API for the front end extension (extension/): what each
// pack offers (options, examples, README, kernelspecs) and read-only access to
// its source files, so users can read the kernel they run. A file path is
// confined to its pack's folder: `..`, absolute paths, dotfiles and symbolic
// links that lead outside are refused before anything is read. Also packs from
// elsewhere (engine/packs/catalog.ts): where each pack comes from and whether it
// is trusted, what the configured indexes offer, installing one, trusting one.
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Pack } from '../../engine/packs/types.js';
import { availableWithStatus, installPack, packStatus, trustLoaded } from '../../engine/packs/catalog.js';
import { loadPacks } from '../../engine/packs/load.js';
import { packOrigin } from '../../engine/packs/search-path.js';
import { bodySchema } from '../schemas.js';
import { apiPathFromUrl, checkApiPath, isHiddenPath } from '../contents/paths.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import { displayName, specName } from '../kernels/specs.js';
import { route, type Route } from '../router.js';

/** Largest source file served (a pack's sources are small; anything bigger is not meant to be read here). */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** Most files listed for one pack. */
export const MAX_LISTED_FILES = 5000;

export interface PackOptionInfo {
  name: string;
  type: string;
  default: number | string;
  description: string;
  unit?: string;
  min?: number | string;
  max?: number | string;
  values?: (string | number)[];
  stage?: 'build' | 'boot';
  architectures?: string[];
}

export interface PackInfo {
  name: string;
  displayName: string;
  /** The kernelspec display name template, `${arch}` and `${version}` filled in per target in `kernelspecs`. */
  kernelName?: string;
  version: string;
  summary: string;
  architectures: string[];
  interfaces: string[];
  options: PackOptionInfo[];
  examples: { title: string; file: string; source: string | null }[];
  /** The pack's README.md, null when it has none. */
  readme: string | null;
  /** One kernelspec per architecture: arch -> {name, displayName}. */
  kernelspecs: Record<string, { name: string; displayName: string }>;
}

/** Read a file named by a pack's manifest; undefined when missing or outside the pack. */
async function readInside(dir: string, rel: string): Promise<string | undefined> {
  try {
    const file = await confined(dir, rel);
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The real path of `rel` (decoded) inside `dir`: 403 for `..`, absolute paths and links leading out; 404 when missing or hidden. */
async function confined(dir: string, rel: string): Promise<string> {
  const api = checkApiPath(rel);
  if (api === '' || isHiddenPath(api)) throw notFound(`No such file: ${rel}`);
  const realDir = await realpath(dir);
  let real: string;
  try {
    real = await realpath(join(realDir, ...api.split('/')));
  } catch {
    throw notFound(`No such file: ${api}`);
  }
  if (!real.startsWith(realDir + sep)) throw forbidden(`${api} is outside the pack's folder`);
  return real;
}

export async function packInfo(pack: Pack): Promise<PackInfo> {
  const m = pack.manifest;
  const examples = await Promise.all((m.examples ?? []).map(async (e) => ({ title: e.title, file: e.file, source: (await readInside(pack.dir, e.file)) ?? null })));
  return {
    name: m.name,
    displayName: m.displayName ?? m.name,
    ...(m.kernelName !== undefined ? { kernelName: m.kernelName } : {}),
    version: m.version,
    summary: m.summary,
    architectures: [...m.architectures],
    interfaces: [...m.interfaces],
    options: Object.entries(m.options).map(([name, o]) => ({
      name,
      type: o.type,
      default: o.default,
      description: o.description,
      ...(o.unit !== undefined ? { unit: o.unit } : {}),
      ...(o.min !== undefined ? { min: o.min } : {}),
      ...(o.max !== undefined ? { max: o.max } : {}),
      ...(o.values !== undefined ? { values: o.values } : {}),
      ...(o.stage !== undefined ? { stage: o.stage } : {}),
      ...(o.architectures !== undefined ? { architectures: [...o.architectures] } : {}),
    })),
    examples,
    readme: (await readInside(pack.dir, 'README.md')) ?? null,
    kernelspecs: Object.fromEntries(m.architectures.map((a) => [a, { name: specName(m.name, a), displayName: displayName(pack, a) }])),
  };
}

/** Every regular file under the pack's folder (relative, `/`-separated, sorted); links and dotfiles are left out. */
export async function packFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_LISTED_FILES) return;
      if (e.name.startsWith('.')) continue;
      const path = join(at, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

const installBody = bodySchema<{ source: string; name?: string; ref?: string; trust?: boolean }>({
  type: 'object',
  required: ['source'],
  additionalProperties: false,
  properties: {
    source: { type: 'string', minLength: 1, description: 'a pack name from a configured index, a folder, or a git URL (URL#REF)' },
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
    ref: { type: 'string', minLength: 1 },
    trust: { type: 'boolean' },
  },
});

const trustBody = bodySchema<Record<string, never>>({ type: 'object', additionalProperties: false, properties: {} }, { optional: true });

/**
 * After an install, the server's packs are loaded again into the same map the kernel
 * manager and these routes read, so the new pack's targets work at once (no restart).
 * Packs the server was given from elsewhere (not on the default search path) stay.
 * A read-only map (a caller that fixed its packs) is left alone.
 */
function reloadInto(packs: ReadonlyMap<string, Pack>): boolean {
  if (!(packs instanceof Map)) return false;
  const fresh = loadPacks().packs;
  for (const [name, p] of packs) if (!fresh.has(name) && packOrigin(p) !== 'added') fresh.set(name, p);
  packs.clear();
  for (const [name, p] of fresh) packs.set(name, p);
  return true;
}

export function bootbookRoutes(packs: ReadonlyMap<string, Pack>): Route[] {
  const pack = (name: string): Pack => {
    const p = packs.get(name);
    if (!p) throw notFound(`No pack named "${name}"; packs: ${[...packs.keys()].join(', ') || '(none)'}`);
    return p;
  };

  return [
    // GET /bootbook/api/pack-sources - every loaded pack: where it comes from (bundled, added, path, notebook), its trust state, how it was added
    route('GET', '/bootbook/api/pack-sources', () => ({ status: 200, json: { packs: [...packs.values()].map(packStatus) } })),
    // POST /bootbook/api/pack-sources - add a pack (by index name, folder or git URL); answers when it is installed, or with why not
    route(
      'POST',
      '/bootbook/api/pack-sources',
      async (ctx) => {
        const { source, name, ref, trust } = ctx.body;
        const r = await installPack(source, { name, ref, trust });
        const loaded = reloadInto(packs);
        return { status: 201, json: { pack: r.record, dir: r.dir, trusted: !!trust, loaded, ...(r.from ? { index: r.from.index } : {}) } };
      },
      installBody,
    ),
    // GET /bootbook/api/pack-index - the packs the configured indexes offer, each marked installed or not, and indexes that could not be read
    route('GET', '/bootbook/api/pack-index', async () => ({ status: 200, json: await availableWithStatus(packs) })),
    // POST /bootbook/api/packs/<name>/trust - trust a pack's current content: its prepare and build steps may run on this machine
    route('POST', '/bootbook/api/packs/:name/trust', (ctx) => {
      const r = trustLoaded(packs, pack(ctx.params.name!).manifest.name);
      return { status: 200, json: { ...packStatus(pack(r.name)), needed: r.needed } };
    }, trustBody),
    // GET /bootbook/api/packs - every pack: manifest facts, options, examples with source, README, kernelspecs
    route('GET', '/bootbook/api/packs', async () => ({ status: 200, json: { packs: await Promise.all([...packs.values()].map(packInfo)) } })),
    // GET /bootbook/api/packs/<name> - one pack, as in the list
    route('GET', '/bootbook/api/packs/:name', async (ctx) => ({ status: 200, json: await packInfo(pack(ctx.params.name!)) })),
    // GET /bootbook/api/packs/<name>/files - the pack's source files, relative to its folder
    route('GET', '/bootbook/api/packs/:name/files', async (ctx) => {
      const p = pack(ctx.params.name!);
      return { status: 200, json: { pack: p.manifest.name, files: await packFiles(p.dir) } };
    }),
    // GET /bootbook/api/packs/<name>/files/<path> - one source file's text (UTF-8), confined to the pack's folder
    route('GET', '/bootbook/api/packs/:name/files/*path', async (ctx) => {
      const p = pack(ctx.params.name!);
      // Decoded once here; `..`, absolute paths and encoded traversal are refused (403) before the disk is touched.
      const api = apiPathFromUrl(ctx.params.path);
      const file = await confined(p.dir, api);
      const st = await lstat(file);
      if (!st.isFile()) throw notFound(`Not a file: ${api}`);
      if (st.size > MAX_SOURCE_BYTES) throw new ApiError('too-large', `${api} is larger than ${MAX_SOURCE_BYTES} bytes`);
      const bytes = await readFile(file);
      if (bytes.includes(0)) throw new ApiError('bad-request', `${api} is not a text file`);
      return { status: 200, json: { pack: p.manifest.name, path: api, size: st.size, content: bytes.toString('utf8') } };
    }),
  ];
}
