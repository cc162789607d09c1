// Trust: a pack from elsewhere runs its own commands (prepare and build steps) on
// this machine, so its first use needs the user's yes. The decision is kept in
// <config>/trust.json by pack name and content hash: a changed pack (an update, an
// edited file) asks again. Bundled packs and $BOOTBOOK_PACK_PATH folders need none.
import { join } from 'node:path';
import { BootbookError } from '../errors.js';
import { needsTrust, packHome, packOrigin, type PackOrigin } from './search-path.js';
import { contentHash, readJsonFile, userConfigDir, writeJsonAtomic } from './store.js';
import type { Pack } from './types.js';

export interface TrustRecord {
  /** The content hash the user trusted (store.ts contentHash). */
  hash: string;
  trustedAt: string;
}

interface TrustFile {
  packs: Record<string, TrustRecord>;
}

export const trustFile = (configDir = userConfigDir()) => join(configDir, 'trust.json');

export function readTrust(configDir = userConfigDir()): Record<string, TrustRecord> {
  const data = readJsonFile<TrustFile>(trustFile(configDir), { packs: {} });
  if (!data || typeof data !== 'object' || typeof data.packs !== 'object' || data.packs === null) {
    throw new BootbookError('bad-usage', `${trustFile(configDir)} should hold {"packs": {NAME: {"hash", "trustedAt"}}}; fix or delete it`);
  }
  return data.packs;
}

/** Record that the user trusts `name` with exactly this content. */
export function trustPack(name: string, hash: string, configDir = userConfigDir()): TrustRecord {
  const packs = readTrust(configDir);
  const record = { hash, trustedAt: new Date().toISOString() };
  writeJsonAtomic(trustFile(configDir), { packs: { ...packs, [name]: record } });
  return record;
}

/** Forget a trust decision; false when there was none. */
export function untrustPack(name: string, configDir = userConfigDir()): boolean {
  const packs = readTrust(configDir);
  if (!(name in packs)) return false;
  delete packs[name];
  writeJsonAtomic(trustFile(configDir), { packs });
  return true;
}

// Hashing a pack costs a walk over its files and a run asks once per build: keep the
// answer per loaded pack (its folder and load-time packHash; reloading a changed pack
// gives a new packHash, so a new entry).
const hashes = new Map<string, string>();
function currentHash(pack: Pack): string {
  // Trust is in the pack as added; notebook overlays are the notebook's own edits on top.
  const dir = packHome(pack);
  const key = `${dir}\0${pack.overlay?.baseHash ?? pack.hash}`;
  let h = hashes.get(key);
  if (!h) hashes.set(key, (h = contentHash(dir)));
  return h;
}
/** Forget cached hashes (after a pack's folder was replaced). */
export function forgetHashes(): void {
  hashes.clear();
}

export type TrustState = 'trusted' | 'untrusted' | 'changed' | 'not-needed';

export interface TrustStatus {
  state: TrustState;
  origin: PackOrigin;
  hash?: string;
}

/** Whether the pack may run its commands, and why. */
export function trustStatus(pack: Pack, configDir = userConfigDir()): TrustStatus {
  const origin = packOrigin(pack);
  if (!needsTrust(origin)) return { state: 'not-needed', origin };
  const hash = currentHash(pack);
  const record = readTrust(configDir)[pack.manifest.name];
  if (!record) return { state: 'untrusted', origin, hash };
  return { state: record.hash === hash ? 'trusted' : 'changed', origin, hash };
}

/** Refuse, before any of its commands run, a pack the user has not trusted. */
export function assertTrusted(pack: Pack, configDir = userConfigDir()): void {
  const s = trustStatus(pack, configDir);
  if (s.state === 'trusted' || s.state === 'not-needed') return;
  const name = pack.manifest.name;
  // No folder path in the message: notebook front ends turn paths in outputs into links and look them up.
  const where = s.origin === 'notebook' ? `the notebook folder's packs/` : 'bootbook packs add';
  const why = s.state === 'changed' ? 'its files changed since you trusted it' : 'you have not trusted it yet';
  throw new BootbookError(
    'untrusted-pack',
    `pack "${name}" (from ${where}) would run its own build steps on this machine and ${why}`,
    `read its pack.json and scripts (bootbook packs sources shows where it is), then trust it with: bootbook packs trust ${name}  (or use the Trust… button in the frameworks panel)`,
  );
}
