// Building a program into a bootable image with a pack's recipe, through the
// content-addressed cache. A compile error is a result (status build-error with
// diagnostics in the user's lines), not an exception.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { removeTempDir, trackTempDir } from '../cleanup.js';
import { execCapture } from '../exec.js';
import { cacheRoot, includeDir } from '../paths.js';
import type { Target } from '../target.js';
import { expand, expandAll, type Vars } from '../template.js';
import { toolVersion } from '../tools.js';
import { buildKey, buildOptions } from './cache.js';
import { initramfs } from './cpio.js';
import { parseGccDiagnostics, type Diagnostic } from './diagnostics.js';
import type { Prepared } from './prepare.js';

export interface ProgramSource {
  /** The C text exactly as compiled (directive lines of a cell blanked, so lines match). */
  text: string;
  /** What diagnostics call the program: "hello.c", "cell [3]". */
  displayName: string;
}

export type BuildOutcome =
  | { ok: true; dir: string; cached: boolean; sha256: string; bytes: number; compiler: string; ms: number; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; compiler: string; ms: number };

const compilerVersions = new Map<string, Promise<string>>();
export function compilerVersion(compiler: string): Promise<string> {
  let v = compilerVersions.get(compiler);
  if (!v) {
    v = toolVersion(compiler).then((x) => x ?? `${compiler} (version unknown)`);
    compilerVersions.set(compiler, v);
  }
  return v;
}

function imageDigest(dir: string, files: readonly string[]): { sha256: string; bytes: number } {
  const h = createHash('sha256');
  let bytes = 0;
  for (const f of files) {
    const data = readFileSync(join(dir, f));
    bytes += data.length;
    h.update(f).update('\0').update(data);
  }
  return { sha256: h.digest('hex'), bytes };
}

export async function build(target: Target, program: ProgramSource, prepared: Prepared, signal?: AbortSignal): Promise<BuildOutcome> {
  const started = performance.now();
  const recipe = target.pack.manifest.build[target.arch]!;
  const compiler = await compilerVersion(recipe.compiler);
  const key = buildKey({
    program: program.text,
    pack: target.pack,
    arch: target.arch,
    options: target.options,
    compilerVersion: compiler,
    preparedDir: prepared.dir,
  });
  const dir = join(cacheRoot(), 'builds', key.slice(0, 2), key);
  if (existsSync(join(dir, '.complete'))) {
    const meta = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) as { warnings?: Diagnostic[] };
    return { ok: true, dir, cached: true, compiler, ms: performance.now() - started, warnings: meta.warnings ?? [], ...imageDigest(dir, recipe.image) };
  }

  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp, { recursive: true });
  const untrack = trackTempDir(tmp);
  try {
    const programPath = join(tmp, 'program.c');
    writeFileSync(programPath, program.text);
    const vars: Vars = {
      program: programPath,
      pack: target.pack.dir,
      prepared: prepared.dir,
      arch: target.arch,
      include: includeDir,
      // Only build-stage options: they are the ones in the cache key.
      ...Object.fromEntries(Object.entries(buildOptions(target.pack, target.options)).map(([k, v]) => [`opt.${k}`, v])),
    };
    const where = `${target.pack.manifest.name} pack.json build.${target.arch}`;
    const packInclude = join(target.pack.dir, 'include');
    const includes = ['-I', includeDir, ...(existsSync(packInclude) ? ['-I', packInclude] : [])];
    const fail = (diagnostics: Diagnostic[]): BuildOutcome => ({ ok: false, diagnostics, compiler, ms: performance.now() - started });
    // Warnings about the user's program are kept (and cached with the image) so the record shows them.
    const warnings: Diagnostic[] = [];

    for (const [i, step] of recipe.steps.entries()) {
      if ('compile' in step) {
        const src = expand(step.compile, vars, `${where}.steps[${i}]`);
        const flags = expandAll([...(recipe.cflags ?? []), ...(step.flags ?? [])], vars, `${where}.cflags`);
        const argv = [recipe.compiler, ...flags, ...includes, '-fdiagnostics-format=json', '-c', src, '-o', join(tmp, step.to)];
        const r = await execCapture(argv, { cwd: tmp, timeoutMs: 120_000, signal });
        const map = { compiledPath: src, displayName: src === programPath ? program.displayName : src };
        const diagnostics = parseGccDiagnostics(r.stderr, map);
        if (src === programPath) warnings.push(...diagnostics);
        if (r.code !== 0) {
          if (r.spawnError) diagnostics.push({ severity: 'error', message: `cannot run ${recipe.compiler}: ${r.spawnError}`, inProgram: false });
          if (r.timedOut) diagnostics.push({ severity: 'error', message: 'the compiler took longer than 120 s', inProgram: false });
          if (!diagnostics.some((d) => d.severity === 'error'))
            diagnostics.push({ severity: 'error', message: `${recipe.compiler} failed (exit ${r.code ?? r.signal})`, inProgram: false });
          return fail(diagnostics);
        }
      } else if ('run' in step) {
        const argv = expandAll(step.run, vars, `${where}.steps[${i}]`);
        const r = await execCapture(argv, { cwd: tmp, timeoutMs: 120_000, signal });
        if (r.code !== 0) {
          const text = r.spawnError ?? (r.stderr.trim() || r.stdout.trim() || `exit status ${r.code ?? r.signal}`);
          return fail([{ severity: 'error', message: `${argv[0]} (build step ${i + 1} of ${target.pack.manifest.name}): ${text}`, inProgram: false }]);
        }
      } else {
        const files = new Map<string, Buffer>();
        for (const [guestPath, file] of Object.entries(step.initramfs)) {
          const path = expand(file, vars, `${where}.steps[${i}]`);
          files.set(guestPath, readFileSync(isAbsolute(path) ? path : join(tmp, path)));
        }
        writeFileSync(join(tmp, step.to), initramfs(files));
      }
    }
    for (const f of recipe.image) {
      if (!existsSync(join(tmp, f))) return fail([{ severity: 'error', message: `the build of ${target.pack.manifest.name} did not produce ${f}`, inProgram: false }]);
    }
    const digest = imageDigest(tmp, recipe.image);
    writeFileSync(join(tmp, 'build.json'), JSON.stringify({ key, pack: target.pack.manifest.name, packHash: target.pack.hash, arch: target.arch, compiler, warnings, ...digest }, null, 2));
    mkdirSync(join(tmp, '.complete'));
    try {
      renameSync(tmp, dir);
    } catch {
      if (!existsSync(join(dir, '.complete'))) throw new Error(`cannot store the build in ${dir}`);
    }
    return { ok: true, dir, cached: false, compiler, ms: performance.now() - started, warnings, ...digest };
  } finally {
    untrack();
    removeTempDir(tmp);
  }
}
