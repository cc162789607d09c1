// What every command needs first: the packs, with load problems reported (not fatal).
import { loadPacks } from '../engine/packs/load.js';
import type { Pack } from '../engine/packs/types.js';

export function packsOrWarn(): Map<string, Pack> {
  const { packs, problems } = loadPacks();
  for (const p of problems) process.stderr.write(`bootbook: pack skipped: ${p.file}: ${p.field}: ${p.reason}\n`);
  return packs;
}
