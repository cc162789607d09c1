// `bootbook packs list` and `bootbook packs info NAME`
import { loadPacks } from '../engine/packs/load.js';
import { describeRange } from '../engine/packs/options.js';
import { runPackTests } from '../engine/packs/selftest.js';
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

export async function packsTestCommand(name: string, flags: { arch?: string; only: string[]; json?: boolean }): Promise<void> {
  const packs = packsOrWarn();
  const pack = resolveTarget(packs, { pack: name }).pack;
  const results = await runPackTests(packs, pack, {
    arch: flags.arch,
    only: flags.only,
    onResult: (r) => {
      if (flags.json) {
        process.stdout.write(JSON.stringify({ name: r.name, arch: r.arch, passed: r.passed, failures: r.failures, record: r.record }) + '\n');
        return;
      }
      process.stdout.write(`${r.passed ? 'PASS' : 'FAIL'} ${r.name} (${r.arch}): ${r.description}\n`);
      for (const f of r.failures) process.stdout.write(`     ${f}\n`);
      if (!r.passed && r.record?.console) process.stdout.write(r.record.console.split('\n').slice(-15).map((l) => `     | ${l}`).join('\n') + '\n');
    },
  });
  const failed = results.filter((r) => !r.passed).length;
  if (!flags.json) process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  process.exitCode = failed ? 1 : 0;
}
