// What every command needs first: the packs, with load problems reported (not fatal).
import { defaultSearchPath, loadPacks } from '../engine/packs/load.js';
import type { Pack } from '../engine/packs/types.js';

/** `notebookDir`: the folder of the notebook or program being run; its packs/ joins the search path. */
export function packsOrWarn(notebookDir?: string): Map<string, Pack> {
  const { packs, problems } = loadPacks(defaultSearchPath(notebookDir));
  for (const p of problems) process.stderr.write(`bootbook: pack skipped: ${p.file}: ${p.field}: ${p.reason}\n`);
  return packs;
}
