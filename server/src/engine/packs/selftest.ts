// In-guest tests of a pack (`bootbook packs test NAME`): each tests/<name>.c is
// run through the same engine as any program, and tests/<name>.json says with
// which target options and parameters, and what the run must produce.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { BootbookError } from '../errors.js';
import { kernelsDir } from '../paths.js';
import type { RunRecord } from '../record.js';
import { runProgram } from '../run.js';
import type { Arch, Pack } from './types.js';

export interface PackTestSpec {
  description: string;
  architectures?: Arch[];
  options?: Record<string, string | number>;
  params?: Record<string, number>;
  clock?: 'real' | 'icount';
  timeout?: number;
  program?: string;
  expect: {
    status?: RunRecord['status'];
    exitCode?: number;
    console?: string[];
    metrics?: Record<string, { equals?: number; min?: number; max?: number }>;
  };
}

export interface PackTestResult {
  name: string;
  arch: Arch;
  description: string;
  passed: boolean;
  /** Every expectation that did not hold, in words. */
  failures: string[];
  record?: RunRecord;
}

let validator: ValidateFunction | undefined;
function validateSpec(data: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(join(kernelsDir, 'pack-test.schema.json'), 'utf8')));
  return validator(data) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath || '(top level)'} ${e.message ?? e.keyword}`);
}

/** The test names of a pack: tests/<name>.json, each running tests/<name>.c or the program it names. */
export function listPackTests(pack: Pack): string[] {
  const dir = join(pack.dir, 'tests');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** Compare a record with what the test expects; returns the failures. */
export function checkExpectations(spec: PackTestSpec, r: RunRecord): string[] {
  const failures: string[] = [];
  const want = spec.expect;
  const status = want.status ?? 'ok';
  if (r.status !== status) failures.push(`status ${r.status}${r.reason ? ` (${r.reason})` : ''}, expected ${status}`);
  if (want.exitCode !== undefined && r.exitCode !== want.exitCode) failures.push(`exit code ${r.exitCode}, expected ${want.exitCode}`);
  for (const pattern of want.console ?? []) {
    if (!new RegExp(pattern, 'm').test(r.console)) failures.push(`console does not match /${pattern}/`);
  }
  for (const [name, bounds] of Object.entries(want.metrics ?? {})) {
    const value = r.metrics.filter((m) => m.name === name).at(-1)?.value;
    if (value === undefined || value === null) {
      failures.push(`metric ${name} missing`);
      continue;
    }
    if (bounds.equals !== undefined && value !== bounds.equals) failures.push(`metric ${name} = ${value}, expected ${bounds.equals}`);
    if (bounds.min !== undefined && value < bounds.min) failures.push(`metric ${name} = ${value}, expected at least ${bounds.min}`);
    if (bounds.max !== undefined && value > bounds.max) failures.push(`metric ${name} = ${value}, expected at most ${bounds.max}`);
  }
  if (r.status === 'build-error' && status !== 'build-error') failures.push(...r.diagnostics.map((d) => `  ${d.file ?? ''}:${d.line ?? ''}: ${d.message}`));
  return failures;
}

export interface PackTestOptions {
  arch?: string;
  only?: string[];
  onResult?: (r: PackTestResult) => void;
}

/** Run a pack's tests on each of its architectures (or one); never throws for a failing test. */
export async function runPackTests(packs: ReadonlyMap<string, Pack>, pack: Pack, opts: PackTestOptions = {}): Promise<PackTestResult[]> {
  const arches = pack.manifest.architectures;
  if (opts.arch && !arches.includes(opts.arch as Arch)) {
    throw new BootbookError('unknown-arch', `${pack.manifest.name} has no architecture "${opts.arch}"; valid: ${arches.join(', ')}`);
  }
  const names = listPackTests(pack).filter((n) => !opts.only?.length || opts.only.includes(n));
  if (opts.only?.length) {
    const unknown = opts.only.filter((n) => !names.includes(n));
    if (unknown.length) throw new BootbookError('bad-usage', `no test named ${unknown.join(', ')} in ${pack.manifest.name}; tests: ${listPackTests(pack).join(', ') || '(none)'}`);
  }
  const results: PackTestResult[] = [];
  for (const name of names) {
    const file = join(pack.dir, 'tests', `${name}.json`);
    let spec: PackTestSpec;
    try {
      spec = JSON.parse(readFileSync(file, 'utf8')) as PackTestSpec;
    } catch (e) {
      throw new BootbookError('invalid-pack', `${file}: ${(e as Error).message}`);
    }
    const problems = validateSpec(spec);
    if (problems.length) throw new BootbookError('invalid-pack', `${file}: ${problems.join('; ')}`);
    for (const arch of (opts.arch ? [opts.arch as Arch] : arches).filter((a) => !spec.architectures || spec.architectures.includes(a))) {
      const programFile = spec.program ?? `${name}.c`;
      const text = readFileSync(join(pack.dir, 'tests', programFile), 'utf8');
      const [record] = await runProgram(packs, {
        source: { text, displayName: programFile },
        target: { pack: pack.manifest.name, arch, options: Object.fromEntries(Object.entries(spec.options ?? {}).map(([k, v]) => [k, String(v)])) },
        params: Object.fromEntries(Object.entries(spec.params ?? {}).map(([k, v]) => [k, String(v)])),
        clock: spec.clock,
        timeoutS: spec.timeout,
      });
      const failures = checkExpectations(spec, record!);
      const result = { name, arch, description: spec.description, passed: failures.length === 0, failures, record };
      opts.onResult?.(result);
      results.push(result);
    }
  }
  return results;
}
