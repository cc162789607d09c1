// The build cache is content-addressed: the key covers everything that can
// change the image (program text, pack content, build-stage options, architecture,
// compiler version, the prepared assets), so a re-run of the same cell reuses
// the image and a change to any input builds anew.
import { createHash } from 'node:crypto';
import type { Pack } from '../packs/types.js';

export interface BuildInputs {
  program: string;
  pack: Pack;
  arch: string;
  /** Every option value; only those whose stage is "build" enter the key. */
  options: Readonly<Record<string, string>>;
  compilerVersion: string;
  preparedDir: string;
}

/** Bumped when the engine's own build steps change in a way that changes images. */
export const BUILD_FORMAT = 1;

export function buildOptions(pack: Pack, options: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(pack.manifest.options)) {
    if (spec.stage === 'build' && options[name] !== undefined) out[name] = options[name]!;
  }
  return out;
}

export function buildKey(inputs: BuildInputs): string {
  const material = {
    format: BUILD_FORMAT,
    program: createHash('sha256').update(inputs.program).digest('hex'),
    pack: inputs.pack.manifest.name,
    packHash: inputs.pack.hash,
    arch: inputs.arch,
    options: Object.fromEntries(Object.entries(buildOptions(inputs.pack, inputs.options)).sort()),
    compiler: inputs.compilerVersion,
    prepared: inputs.preparedDir,
  };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}
