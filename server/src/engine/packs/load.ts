// Loading packs: every kernels/<name>/pack.json on the search path is validated
// against kernels/pack.schema.json and a few rules a schema cannot say. A pack
// that fails is reported with its file, field and reason; the others still load.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { packSchemaFile } from '../paths.js';
import { packHash } from './hash.js';
import { checkOptionSpec } from './options.js';
import { packSearchPath } from './search-path.js';
import type { Pack, PackManifest, PackProblem } from './types.js';

let validator: ValidateFunction | undefined;
function validate(data: unknown) {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validator = ajv.compile(JSON.parse(readFileSync(packSchemaFile, 'utf8')));
  }
  const ok = validator(data);
  return { ok, errors: validator.errors ?? [] };
}

function describe(e: ErrorObject): { field: string; reason: string } {
  const field = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  switch (e.keyword) {
    case 'additionalProperties':
      return { field, reason: `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"` };
    case 'required':
      return { field, reason: `missing field "${(e.params as { missingProperty: string }).missingProperty}"` };
    case 'enum':
      return { field, reason: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { field, reason: e.message ?? e.keyword };
  }
}

/** Names the recipes already use for their own variables. */
const RESERVED_OPTION_NAMES = ['arch', 'clock', 'image', 'include', 'pack', 'prepared', 'program'];

const STEP_KINDS = ['compile', 'run', 'initramfs'];

/**
 * A build step is one of three shapes (oneOf); ajv reports a failure against every
 * branch. Keep only the errors of the branch the step's key chose, so a typo in a
 * compile step is not buried under "missing field run".
 */
function onlyChosenStepBranch(errors: ErrorObject[], data: unknown): ErrorObject[] {
  const stepAt = (path: string): unknown => {
    let node: unknown = data;
    for (const part of path.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[part];
    return node;
  };
  const kept = errors.filter((e) => {
    const m = /(?:^#|\/)oneOf\/(\d+)\//.exec(e.schemaPath);
    if (!m) return true;
    const stepPath = /^\/build\/[^/]+\/steps\/\d+/.exec(e.instancePath)?.[0];
    const step = stepPath ? stepAt(stepPath) : undefined;
    const chosen = step && typeof step === 'object' ? STEP_KINDS.findIndex((k) => k in step) : -1;
    return chosen < 0 || Number(m[1]) === chosen;
  });
  // "must match exactly one schema in oneOf" says nothing once the branch's own errors are shown.
  const specific = kept.filter((e) => e.keyword !== 'oneOf');
  return specific.length ? specific : kept;
}

/** Rules beyond the schema: every architecture has a build and a boot, options are coherent. */
function crossCheck(m: PackManifest): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  for (const arch of m.architectures) {
    if (!m.build[arch]) problems.push({ field: `build.${arch}`, reason: `architecture ${arch} is listed but has no build recipe` });
    if (!m.boot[arch]) problems.push({ field: `boot.${arch}`, reason: `architecture ${arch} is listed but has no boot recipe` });
  }
  for (const [name, spec] of Object.entries(m.options)) {
    if (RESERVED_OPTION_NAMES.includes(name)) problems.push({ field: `options.${name}`, reason: `"${name}" is a reserved name (${RESERVED_OPTION_NAMES.join(', ')})` });
    for (const reason of checkOptionSpec(spec)) problems.push({ field: `options.${name}`, reason });
    for (const arch of spec.architectures ?? []) {
      if (!m.architectures.includes(arch)) problems.push({ field: `options.${name}.architectures`, reason: `${arch} is not one of the pack's architectures (${m.architectures.join(', ')})` });
    }
  }
  return problems;
}

export interface LoadResult {
  packs: Map<string, Pack>;
  problems: PackProblem[];
}

/** Load one pack folder; returns the pack or the problems that keep it out. */
export function loadPack(dir: string): Pack | PackProblem[] {
  const file = join(dir, 'pack.json');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return [{ file, field: '(file)', reason: (e as Error).message }];
  }
  const { ok, errors: all } = validate(data);
  if (!ok) {
    const errors = onlyChosenStepBranch(all, data);
    // oneOf failures repeat one cause per branch; keep the distinct ones.
    const seen = new Set<string>();
    return errors
      .map(describe)
      .filter((p: { field: string; reason: string }) => !seen.has(p.field + p.reason) && seen.add(p.field + p.reason))
      .map((p: { field: string; reason: string }) => ({ file, ...p }));
  }
  const manifest = data as PackManifest;
  const problems = crossCheck(manifest);
  if (problems.length) return problems.map((p) => ({ file, ...p }));
  return { manifest, dir, hash: packHash(dir) };
}

/** Load every pack on the search path (bundled kernels/ first). A later duplicate name is a problem. */
export function loadPacks(searchPath: readonly string[] = defaultSearchPath()): LoadResult {
  const packs = new Map<string, Pack>();
  const problems: PackProblem[] = [];
  for (const root of searchPath) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory() || !existsSync(join(root, entry.name, 'pack.json'))) continue;
      const result = loadPack(join(root, entry.name));
      if (Array.isArray(result)) {
        problems.push(...result);
        continue;
      }
      const name = result.manifest.name;
      const existing = packs.get(name);
      if (existing) {
        problems.push({ file: join(result.dir, 'pack.json'), field: 'name', reason: `pack "${name}" is already provided by ${existing.dir}` });
        continue;
      }
      packs.set(name, result);
    }
  }
  return { packs, problems };
}

/**
 * Bundled packs, the user pack directory, the folders listed in $BOOTBOOK_PACK_PATH
 * (colon-separated), then `notebookDir`/packs when given (search-path.ts).
 */
export function defaultSearchPath(notebookDir?: string): string[] {
  return packSearchPath(notebookDir);
}
