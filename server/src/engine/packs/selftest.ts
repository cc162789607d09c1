// In-guest tests of a pack (`bootbook packs test NAME`): each test is a C
// program and a .json beside it saying with which target options and
// parameters to run it, and what the run must produce. The tests come from two
// suites: the conformance suite every pack must pass (kernels/conformance/,
// conformance.ts) and the pack's own tests/. Each runs through the same engine
// as any program.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { BootbookError } from '../errors.js';
import { kernelsDir } from '../paths.js';
import type { RunRecord } from '../record.js';
import { runProgram } from '../run.js';
import { loadConformanceTests } from './conformance.js';
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

/** conformance: kernels/conformance/, the same for every pack; own: the pack's tests/. */
export type TestSuite = 'conformance' | 'own';

/** One test: its .json read and checked, and the folder its program is in. */
export interface PackTest {
  suite: TestSuite;
  name: string;
  dir: string;
  spec: PackTestSpec;
}

export interface PackTestResult {
  suite: TestSuite;
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

/** The test names in a folder: <name>.json, each running <name>.c or the program it names. */
export function listTestsIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** The test names of a pack's own suite (tests/). */
export function listPackTests(pack: Pack): string[] {
  return listTestsIn(join(pack.dir, 'tests'));
}

/** Read and check every test of a folder; a broken .json or a missing program is refused with its file. */
export function loadTestsIn(dir: string, suite: TestSuite): PackTest[] {
  return listTestsIn(dir).map((name) => {
    const file = join(dir, `${name}.json`);
    let spec: PackTestSpec;
    try {
      spec = JSON.parse(readFileSync(file, 'utf8')) as PackTestSpec;
    } catch (e) {
      throw new BootbookError('invalid-pack', `${file}: ${(e as Error).message}`);
    }
    const problems = validateSpec(spec);
    if (problems.length) throw new BootbookError('invalid-pack', `${file}: ${problems.join('; ')}`);
    const program = join(dir, spec.program ?? `${name}.c`);
    if (!existsSync(program)) throw new BootbookError('invalid-pack', `${file}: its program ${program} does not exist`);
    return { suite, name, dir, spec };
  });
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

/** Run one test on one architecture; a failing test is a result, never an exception. */
export async function runPackTest(packs: ReadonlyMap<string, Pack>, pack: Pack, test: PackTest, arch: Arch): Promise<PackTestResult> {
  const { spec } = test;
  const programFile = spec.program ?? `${test.name}.c`;
  const text = readFileSync(join(test.dir, programFile), 'utf8');
  const [record] = await runProgram(packs, {
    source: { text, displayName: programFile },
    target: { pack: pack.manifest.name, arch, options: Object.fromEntries(Object.entries(spec.options ?? {}).map(([k, v]) => [k, String(v)])) },
    params: Object.fromEntries(Object.entries(spec.params ?? {}).map(([k, v]) => [k, String(v)])),
    clock: spec.clock,
    timeoutS: spec.timeout,
  });
  const failures = checkExpectations(spec, record!);
  return { suite: test.suite, name: test.name, arch, description: spec.description, passed: failures.length === 0, failures, record };
}

/** The architectures a test runs on for a pack: the pack's (or the one asked for), narrowed by the test's own list. */
export function testArchitectures(pack: Pack, test: PackTest, arch?: Arch): Arch[] {
  return (arch ? [arch] : pack.manifest.architectures).filter((a) => !test.spec.architectures || test.spec.architectures.includes(a));
}

export interface PackTestOptions {
  arch?: string;
  only?: string[];
  /** Which suites, in this order (default: the pack's own tests only). */
  suites?: TestSuite[];
  onResult?: (r: PackTestResult) => void;
}

/** The tests of the chosen suites, after --only; unknown names are refused with the list there is. */
export function selectTests(pack: Pack, suites: readonly TestSuite[], only: readonly string[] = []): PackTest[] {
  const all = suites.flatMap((s) => (s === 'conformance' ? loadConformanceTests() : loadTestsIn(join(pack.dir, 'tests'), 'own')));
  if (!only.length) return all;
  const unknown = only.filter((n) => !all.some((t) => t.name === n));
  if (unknown.length) throw new BootbookError('bad-usage', `no test named ${unknown.join(', ')} in ${pack.manifest.name}; tests: ${all.map((t) => t.name).join(', ') || '(none)'}`);
  return all.filter((t) => only.includes(t.name));
}

/**
 * Run a pack's tests on each of its architectures (or one); never throws for a
 * failing test. Architectures run side by side (the runner's pool bounds the
 * boots); the tests of one architecture run in order, so two tests sharing a
 * program never build the same image at once. Results come back in suite,
 * test and architecture order.
 */
export async function runPackTests(packs: ReadonlyMap<string, Pack>, pack: Pack, opts: PackTestOptions = {}): Promise<PackTestResult[]> {
  const arches = pack.manifest.architectures;
  if (opts.arch && !arches.includes(opts.arch as Arch)) {
    throw new BootbookError('unknown-arch', `${pack.manifest.name} has no architecture "${opts.arch}"; valid: ${arches.join(', ')}`);
  }
  const tests = selectTests(pack, opts.suites ?? ['own'], opts.only);
  const perArch = (opts.arch ? [opts.arch as Arch] : arches).map(async (arch) => {
    const results: PackTestResult[] = [];
    for (const test of tests) {
      if (!testArchitectures(pack, test, arch).includes(arch)) continue;
      const result = await runPackTest(packs, pack, test, arch);
      opts.onResult?.(result);
      results.push(result);
    }
    return results;
  });
  const byArch = await Promise.all(perArch);
  const order = (r: PackTestResult) => tests.findIndex((t) => t.suite === r.suite && t.name === r.name);
  return byArch.flat().sort((a, b) => order(a) - order(b) || arches.indexOf(a.arch) - arches.indexOf(b.arch));
}
