// Pack preparation: the once-per-pack work (fetching a distribution kernel,
// building a kernel library) whose outputs every build of that pack reuses.
// Outputs live in <cache>/prepared/<pack>-<arch>-<key>/, written to a temporary
// folder and renamed into place, so a failure or Ctrl-C never leaves half a result.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDir, trackTempDir } from '../cleanup.js';
import { BootbookError } from '../errors.js';
import { execCapture } from '../exec.js';
import { cacheRoot, includeDir } from '../paths.js';
import { expandAll } from '../template.js';
import { hashTree } from '../packs/hash.js';
import { assertTrusted } from '../packs/trust.js';
import type { Arch, Pack } from '../packs/types.js';

export interface Prepared {
  dir: string;
  /** The pack's own description of what it prepared (e.g. the kernel release). */
  version?: string;
}

// Not the whole pack hash: editing the linux runtime must not download the kernel again.
function prepareKey(pack: Pack, arch: Arch, argv: string[]): string {
  const spec = pack.manifest.prepare!;
  const h = createHash('sha256').update(JSON.stringify([pack.manifest.name, arch, spec]));
  if (spec.inputs) {
    // The portable header is an input of every kernel that implements it.
    h.update(hashTree([...spec.inputs.map((p) => join(pack.dir, p)), includeDir], pack.dir));
  } else {
    // Files of the pack named on the command line (the prepare script) are part of the key.
    for (const arg of argv) {
      if (arg.startsWith(pack.dir) && existsSync(arg) && statSync(arg).isFile()) h.update(readFileSync(arg));
    }
  }
  return h.digest('hex').slice(0, 16);
}

const inFlight = new Map<string, Promise<Prepared>>();

/** The pack's prepared outputs, preparing them first if needed. `onProgress` hears about slow work. */
export function prepare(pack: Pack, arch: Arch, onProgress?: (message: string) => void): Promise<Prepared> {
  const spec = pack.manifest.prepare;
  if (!spec) return Promise.resolve({ dir: pack.dir });
  // Every caller (runs, sweeps, setup) passes here before a pack's own prepare command runs.
  assertTrusted(pack);
  const argv = expandAll(spec.run, { pack: pack.dir, arch }, `${pack.manifest.name} pack.json prepare.run`);
  const key = prepareKey(pack, arch, argv);
  const dir = join(cacheRoot(), 'prepared', `${pack.manifest.name}-${arch}-${key}`);
  const readVersion = () =>
    spec.versionFile && existsSync(join(dir, spec.versionFile)) ? readFileSync(join(dir, spec.versionFile), 'utf8').trim() : undefined;
  if (existsSync(join(dir, '.complete'))) return Promise.resolve({ dir, version: readVersion() });
  const running = inFlight.get(dir);
  if (running) return running;

  const job = (async () => {
    onProgress?.(`preparing pack ${pack.manifest.name} (${arch}) once; later runs reuse it`);
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    const untrack = trackTempDir(tmp);
    try {
      const r = await execCapture(argv, {
        cwd: pack.dir,
        env: { ...process.env, BB_OUT: tmp, BB_ARCH: arch, BB_PACK: pack.dir },
        timeoutMs: 15 * 60_000,
      });
      if (r.code !== 0) {
        const why = r.spawnError ?? (r.stderr.trim() || r.stdout.trim() || `exit status ${r.code ?? r.signal}`);
        throw new BootbookError('prepare-failed', `preparing pack ${pack.manifest.name} (${arch}) failed: ${why}`);
      }
      for (const out of spec.outputs) {
        if (!existsSync(join(tmp, out))) {
          throw new BootbookError('prepare-failed', `preparing pack ${pack.manifest.name} (${arch}) did not produce ${out}`);
        }
      }
      mkdirSync(join(tmp, '.complete'));
      try {
        renameSync(tmp, dir);
      } catch {
        // Another bootbook prepared the same pack meanwhile: keep theirs.
        if (!existsSync(join(dir, '.complete'))) throw new BootbookError('prepare-failed', `cannot store prepared pack in ${dir}`);
        removeTempDir(tmp);
      }
      return { dir, version: readVersion() };
    } finally {
      untrack();
      removeTempDir(tmp);
      inFlight.delete(dir);
    }
  })();
  inFlight.set(dir, job);
  return job;
}
