// The packs as the user manages them, for the command line and the server alike:
// where each loaded pack comes from and whether it is trusted, what the configured
// indexes offer, installing by source or by index name, and trusting by name.
import { existsSync } from 'node:fs';
import { BootbookError } from '../errors.js';
import { availablePacks, type Available } from './pack-index.js';
import { packOrigin, type PackOrigin } from './search-path.js';
import { addFromIndex, addPack, type AddOptions, type Installed } from './sources.js';
import { readRecord, type InstallRecord } from './store.js';
import { trustPack, trustStatus, type TrustState } from './trust.js';
import type { Pack } from './types.js';

export interface PackStatus {
  name: string;
  origin: PackOrigin;
  dir: string;
  trust: TrustState;
  /** How it was added (added packs only). */
  installed?: InstallRecord;
}

export function packStatus(pack: Pack): PackStatus {
  const origin = packOrigin(pack);
  const record = origin === 'added' ? readRecord(pack.manifest.name) : undefined;
  return { name: pack.manifest.name, origin, dir: pack.dir, trust: trustStatus(pack).state, ...(record ? { installed: record } : {}) };
}

export interface AvailableStatus extends Available {
  /** 'no'; 'yes' (the same content); 'other' (a pack of that name with other content is loaded). */
  installed: 'no' | 'yes' | 'other';
}

/** What the configured indexes offer, each marked installed or not against the loaded packs. */
export async function availableWithStatus(packs: ReadonlyMap<string, Pack>): Promise<{ packs: AvailableStatus[]; problems: { index: string; reason: string }[] }> {
  const { packs: entries, problems } = await availablePacks();
  return {
    problems,
    packs: entries.map((e) => {
      const loaded = packs.get(e.name);
      const status = loaded ? trustStatus(loaded) : undefined;
      const same = loaded && (status?.hash ?? readRecord(e.name)?.hash) === e.hash;
      return { ...e, installed: !loaded ? 'no' : same ? 'yes' : 'other' };
    }),
  };
}

const looksLikeName = (s: string) => /^[a-z][a-z0-9-]{0,31}$/.test(s) && !existsSync(s);

/**
 * `packs add SOURCE`: a folder or repository, or the name of a pack in a configured
 * index (installed from the first index listing it, checked against its hash).
 */
export async function installPack(source: string, opts: AddOptions & { trust?: boolean } = {}): Promise<Installed & { from?: Available }> {
  let result: Installed & { from?: Available };
  if (looksLikeName(source) && !opts.ref) {
    const { packs, problems } = await availablePacks();
    const entry = packs.find((e) => e.name === source);
    if (!entry) {
      const unread = problems.length ? ` (${problems.length} index(es) could not be read: ${problems.map((p) => p.reason).join('; ')})` : '';
      throw new BootbookError('not-found', `no pack named "${source}" in the configured indexes${unread}, and no folder of that name`, 'see `bootbook packs search` and `bootbook packs index list`; or give a folder or git URL');
    }
    result = { ...(await addFromIndex(entry, opts.packsDir)), from: entry };
  } else {
    result = await addPack(source, opts);
  }
  if (opts.trust) trustPack(result.record.name, result.record.hash);
  return result;
}

/** Trust a loaded pack as it is now (its current content hash). */
export function trustLoaded(packs: ReadonlyMap<string, Pack>, name: string): { name: string; hash: string; needed: boolean } {
  const pack = packs.get(name);
  if (!pack) throw new BootbookError('unknown-target', `no pack named "${name}"; packs: ${[...packs.keys()].join(', ') || '(none)'}`);
  const s = trustStatus(pack);
  if (s.state === 'not-needed') return { name, hash: '', needed: false };
  trustPack(name, s.hash!);
  return { name, hash: s.hash!, needed: true };
}
