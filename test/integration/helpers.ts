// Shared set-up for integration tests: a fresh cache per test process (so build
// cache behaviour is observable), the bundled packs, and programs from programs/.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Set before any engine module reads it (cacheRoot() reads it at call time).
process.env.BOOTBOOK_CACHE ??= mkdtempSync(join(tmpdir(), 'bootbook-test-cache-'));
export const cacheDir = process.env.BOOTBOOK_CACHE;

const { repoRoot } = await import('../../server/src/engine/paths.js');
const { loadPacks } = await import('../../server/src/engine/packs/load.js');

export const packs = loadPacks().packs;
export const programsDir = join(repoRoot, 'test/integration/programs');

export function program(name: string) {
  return { text: readFileSync(join(programsDir, name), 'utf8'), displayName: name };
}

/** Leftover temporary build/prepare folders anywhere in the cache. */
export function leftoverTempDirs(dir = cacheDir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    if (e.name.includes('.tmp-')) out.push(join(dir, e.name));
    else out.push(...leftoverTempDirs(join(dir, e.name)));
  }
  return out;
}

export function metric(records: { metrics: { name: string; value: number | null }[] }[], name: string, i = 0): number | null | undefined {
  return records[i]?.metrics.find((m) => m.name === name)?.value;
}
