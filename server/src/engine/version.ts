// bootbook's own version, from package.json, for provenance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

let cached: string | undefined;
export function bootbookVersion(): string {
  if (!cached) {
    try {
      cached = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
