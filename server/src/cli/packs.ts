// `bootbook packs list` and `bootbook packs info NAME`
import { loadPacks } from '../engine/packs/load.js';
import { describeRange } from '../engine/packs/options.js';
import { runPackTests, type PackTestResult, type TestSuite } from '../engine/packs/selftest.js';
import { BootbookError } from '../engine/errors.js';
import { resolveTarget } from '../engine/target.js';
import { packsOrWarn } from './context.js';
import { compactTable } from './format.js';

export function packsListCommand(flags: { json?: boolean }): void {
  const { packs, problems } = loadPacks();
  if (flags.json) {
    const list = [...packs.values()].map((p) => ({ ...p.manifest, dir: p.dir, hash: p.hash }));
    process.stdout.write(JSON.stringify({ packs: list, problems }, null, 2) + '\n');
    return;
  }
  const table = compactTable(['pack', 'version', 'architectures', 'interfaces', 'summary']);
  for (const p of packs.values()) {
    const m = p.manifest;
    table.push([m.name, m.version, m.architectures.join(', '), m.interfaces.join(', '), m.summary]);
  }
  process.stdout.write(table.toString() + '\n');
  for (const p of problems) process.stdout.write(`not loaded: ${p.file}: ${p.field}: ${p.reason}\n`);
  process.exitCode = problems.length ? 1 : 0;
}

export function packsInfoCommand(name: string, flags: { json?: boolean }): void {
  const { packs } = loadPacks();
  const pack = resolveTarget(packs, { pack: name }).pack; // unknown names get the list of valid ones
  const m = pack.manifest;
  if (flags.json) {
    process.stdout.write(JSON.stringify({ ...m, dir: pack.dir, hash: pack.hash }, null, 2) + '\n');
    return;
  }
  const lines = [
    `${m.displayName ?? m.name} ${m.version}: ${m.summary}`,
    `  folder:        ${pack.dir}`,
    `  architectures: ${m.architectures.join(', ')}`,
    `  interfaces:    ${m.interfaces.join(', ')}`,
    `  content hash:  ${pack.hash.slice(0, 16)}`,
    `  host tools:    ${Object.entries(m.tools).map(([c, p]) => `${c} (${p})`).join(', ')}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const table = compactTable(['option', 'type', 'default', 'valid', 'stage', 'description']);
  for (const [opt, spec] of Object.entries(m.options)) {
    table.push([opt, spec.type, String(spec.default), describeRange(spec), spec.stage ?? 'boot', spec.description]);
  }
  process.stdout.write(table.toString() + '\n');
  if (m.examples?.length) process.stdout.write(`  examples: ${m.examples.map((e) => `${e.file} (${e.title})`).join(', ')}\n`);
}

export interface PacksTestFlags {
  arch?: string;
  only: string[];
  json?: boolean;
  conformanceOnly?: boolean;
  ownOnly?: boolean;
}

/**
 * `bootbook packs test NAME`: the conformance suite, then the pack's own tests/,
 * on each architecture. A line per result as it comes (stderr), then the report
 * card: one row per test, one column per architecture, failures explained below.
 */
export async function packsTestCommand(name: string, flags: PacksTestFlags): Promise<void> {
  if (flags.conformanceOnly && flags.ownOnly) throw new BootbookError('bad-usage', '--conformance-only and --own-only exclude each other; give at most one');
  const packs = packsOrWarn();
  const pack = resolveTarget(packs, { pack: name }).pack;
  const suites: TestSuite[] = flags.conformanceOnly ? ['conformance'] : flags.ownOnly ? ['own'] : ['conformance', 'own'];
  const results = await runPackTests(packs, pack, {
    arch: flags.arch,
    only: flags.only,
    suites,
    onResult: (r) => {
      if (flags.json) process.stdout.write(JSON.stringify({ suite: r.suite, name: r.name, arch: r.arch, passed: r.passed, failures: r.failures, record: r.record }) + '\n');
      else process.stderr.write(`${r.passed ? 'PASS' : 'FAIL'} ${r.suite === 'conformance' ? 'conformance/' : ''}${r.name} (${r.arch})\n`);
    },
  });
  const failed = results.filter((r) => !r.passed).length;
  if (!flags.json) process.stdout.write(reportCard(pack.manifest.name, results) + `${results.length - failed} passed, ${failed} failed\n`);
  process.exitCode = failed ? 1 : 0;
}

/** The table (test x architecture) and, below it, why each failure failed with the end of its console. */
function reportCard(pack: string, results: readonly PackTestResult[]): string {
  const arches = [...new Set(results.map((r) => r.arch))];
  const rows = [...new Map(results.map((r) => [`${r.suite}/${r.name}`, r])).values()];
  const table = compactTable(['suite', 'test', ...arches, 'what it checks']);
  for (const row of rows) {
    const cell = (arch: string) => {
      const r = results.find((x) => x.suite === row.suite && x.name === row.name && x.arch === arch);
      return r ? (r.passed ? 'pass' : 'FAIL') : '-';
    };
    table.push([row.suite, row.name, ...arches.map(cell), row.description]);
  }
  let out = `${pack}: report card\n${table.toString()}\n`;
  for (const r of results.filter((x) => !x.passed)) {
    out += `\nFAIL ${r.suite === 'conformance' ? 'conformance/' : ''}${r.name} (${r.arch}): ${r.description}\n`;
    for (const f of r.failures) out += `     ${f}\n`;
    if (r.record?.console) out += r.record.console.trimEnd().split('\n').slice(-15).map((l) => `     | ${l}`).join('\n') + '\n';
  }
  return out + (results.some((x) => !x.passed) ? '\n' : '');
}
