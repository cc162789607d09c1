// `bootbook packs new NAME`: a new pack that boots from the first minute,
// copied from the bare pack (kernels/bare/) as a template: its runtime (the
// bootbook.h implementation), build and boot recipes, tests and examples, with
// the new name written where the name matters (pack.json, the hello marker,
// the example) and only the architectures asked for. The folder is written
// beside its final place and renamed into it in one step, so a failure never
// leaves half a pack; an existing folder is never touched.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { BootbookError } from '../errors.js';
import { kernelsDir } from '../paths.js';
import { loadPack } from './load.js';
import { ARCHES, type Arch, type Pack, type PackManifest } from './types.js';

export const templateDir = join(kernelsDir, 'bare');
const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Refuse a name pack.json would refuse, or one a loaded pack already has. */
export function checkNewPackName(name: string, packs: ReadonlyMap<string, Pack>): void {
  if (!NAME.test(name)) {
    throw new BootbookError('bad-usage', `"${name}" is not a valid pack name; use 1 to 32 characters: a lowercase letter, then lowercase letters, digits or - (e.g. mykernel)`);
  }
  const taken = packs.get(name);
  if (taken) throw new BootbookError('bad-usage', `a pack named "${name}" already exists (${taken.dir}); choose another name`);
}

/** "x86_64,riscv64" -> the architectures, each one the template has. */
export function parseArchList(text: string, available: readonly Arch[] = ARCHES): Arch[] {
  const words = text.split(',').map((w) => w.trim()).filter(Boolean);
  if (!words.length) throw new BootbookError('bad-usage', `--arch needs at least one architecture; valid: ${available.join(', ')}`);
  const unknown = words.filter((w) => !available.includes(w as Arch));
  if (unknown.length) throw new BootbookError('bad-usage', `unknown architecture ${unknown.map((u) => `"${u}"`).join(', ')}; valid: ${available.join(', ')}`);
  return [...new Set(words)] as Arch[];
}

export interface ScaffoldRequest {
  name: string;
  /** Default: every architecture of the template. */
  arches?: Arch[];
  /** The pack goes in parentDir/name. */
  parentDir: string;
  /** The packs already known, so a taken name is refused. */
  packs: ReadonlyMap<string, Pack>;
}

export interface ScaffoldResult {
  dir: string;
  arches: Arch[];
  manifest: PackManifest;
}

/** The template's pack.json, narrowed to some architectures and renamed. */
export function newManifest(template: PackManifest, name: string, arches: readonly Arch[]): PackManifest {
  const keep = <T>(byArch: Partial<Record<Arch, T>>) => Object.fromEntries(arches.map((a) => [a, byArch[a]])) as Partial<Record<Arch, T>>;
  const build = keep(template.build);
  for (const recipe of Object.values(build)) {
    if (recipe) recipe.cflags = recipe.cflags?.map((f) => (f.startsWith('-DBB_PACK_NAME=') ? `-DBB_PACK_NAME="${name}"` : f));
  }
  const boot = keep(template.boot);
  // A tool stays if a kept recipe runs it, or if no recipe names it at all (a tool every architecture uses).
  const named = (recipes: object) => JSON.stringify(recipes);
  const kept = named({ build, boot });
  const all = named({ build: template.build, boot: template.boot });
  const tools = Object.fromEntries(Object.entries(template.tools).filter(([cmd]) => kept.includes(`"${cmd}"`) || !all.includes(`"${cmd}"`)));
  const options = Object.fromEntries(
    Object.entries(template.options).map(([k, spec]) => [k, spec.architectures ? { ...spec, architectures: spec.architectures.filter((a) => arches.includes(a)) } : spec]),
  );
  const { $schema: _relative, ...rest } = template as PackManifest & { $schema?: string };
  return {
    $schema: join(kernelsDir, 'pack.schema.json'), // the template's is relative to kernels/
    ...rest,
    name,
    displayName: name,
    kernelName: `${name} · \${arch}`,
    version: '0.1.0',
    summary: `${name}: a new kernel pack, made from bare by bootbook packs new (describe it here)`,
    architectures: [...arches],
    options,
    tools,
    build,
    boot,
  } as PackManifest;
}

function readme(name: string, arches: readonly Arch[]): string {
  return `# ${name}

A kernel pack made by \`bootbook packs new ${name}\` from the \`bare\` pack: a
program that runs alone on the CPU, with a console, a clock, a bump heap and the
guest protocol, on ${arches.join(', ')}. It boots as it is; make it yours.

## Try it

\`\`\`sh
export BOOTBOOK_PACK_PATH=${'$'}(dirname ${'$'}PWD)   # the folder that holds this one
bootbook packs info ${name}
bootbook run examples/hello.c --target ${name}
bootbook packs test ${name}     # the conformance suite, then tests/
\`\`\`

## What is here

| path | what |
|---|---|
| \`pack.json\` | name, options, tools, and per architecture the build steps and the QEMU boot |
| \`src/runtime.c\` | \`bootbook.h\`: markers (hello, param, metric, exit, crash), parameters, start and end |
| \`src/printf.c\`, \`src/string.c\`, \`src/stdlib.c\` | the C library the program sees |
| \`src/<arch>/start.S\`, \`src/<arch>/machine.c\`, \`src/<arch>/bare.ld\` | the entry, console, counter, exit device and fault entry of each architecture |
| \`src/fdt.c\` | the command line from the device tree (riscv64, aarch64) |
| \`include/\` | \`stdio.h\`, \`string.h\`, \`stdlib.h\` for programs |
| \`tests/\` | in-guest tests: \`NAME.c\` + \`NAME.json\` (kernels/pack-test.schema.json) |
| \`examples/\` | programs that show the pack |

Grow it one step at a time and run \`bootbook packs test ${name}\` after each: the
conformance suite checks that the guest protocol still holds on every
architecture. The pack format is in bootbook's docs/packs.md.
`;
}

/** Write a new pack into parentDir/name; refuses bad names, taken names and existing folders. */
export function scaffoldPack(req: ScaffoldRequest): ScaffoldResult {
  checkNewPackName(req.name, req.packs);
  const template = loadPack(templateDir);
  if (Array.isArray(template)) throw new Error(`the template pack ${templateDir} does not load: ${template.map((p) => `${p.field}: ${p.reason}`).join('; ')}`);
  const arches = req.arches ?? template.manifest.architectures;
  for (const a of arches) {
    if (!template.manifest.architectures.includes(a)) throw new BootbookError('bad-usage', `the template has no architecture ${a}; valid: ${template.manifest.architectures.join(', ')}`);
  }
  const dir = resolve(req.parentDir, req.name);
  if (existsSync(dir)) throw new BootbookError('bad-usage', `${dir} already exists; bootbook never overwrites a folder: choose another name or --dir`);
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  try {
    const dropped = template.manifest.architectures.filter((a) => !arches.includes(a)).map((a) => join(templateDir, 'src', a));
    cpSync(templateDir, tmp, {
      recursive: true,
      filter: (src) => !dropped.some((d) => src === d || src.startsWith(d + sep)) && relative(templateDir, src) !== 'README.md',
    });
    const manifest = newManifest(template.manifest, req.name, arches);
    writeFileSync(join(tmp, 'pack.json'), JSON.stringify(manifest, null, 2) + '\n');
    writeFileSync(join(tmp, 'README.md'), readme(req.name, arches));
    const hello = join(tmp, 'examples', 'hello.c');
    if (existsSync(hello)) writeFileSync(hello, readFileSync(hello, 'utf8').replaceAll('hello from bare', `hello from ${req.name}`));
    const check = loadPack(tmp);
    if (Array.isArray(check)) throw new Error(`the new pack does not load: ${check.map((p) => `${p.field}: ${p.reason}`).join('; ')}`);
    renameSync(tmp, dir);
    return { dir, arches: [...arches], manifest };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
