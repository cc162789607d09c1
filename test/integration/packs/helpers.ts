// Shared set-up of the pack-source tests: a user pack directory and config folder
// in a temporary place (never the real ~), the real bin/bootbook.js, and git
// repositories made by the test from a copy of the bundled `bare` pack (the
// smallest build), renamed so it does not clash with the bundled one.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../helpers.js';
import { kernelsDir, repoRoot } from '../../../server/src/engine/paths.js';

export interface Sandbox {
  root: string;
  packsDir: string;
  configDir: string;
  env: NodeJS.ProcessEnv;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'bootbook-packs-'));
  // Removed when the test process ends (pass or fail): repositories, pack copies, config.
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const packsDir = join(root, 'user-packs');
  const configDir = join(root, 'config');
  const env = { ...process.env, BOOTBOOK_CACHE: cacheDir, BOOTBOOK_PACKS_DIR: packsDir, BOOTBOOK_CONFIG: configDir, BOOTBOOK_PACK_PATH: '' };
  return { root, packsDir, configDir, env };
}

const run = promisify(execFile);

/** The real command line; async, so a test's own HTTP server keeps answering meanwhile. */
export async function bootbook(box: Sandbox, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(repoRoot, 'bin/bootbook.js'), ...args], { env: box.env, cwd: box.root, timeout: 300_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 't@example.org' };
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/** A copy of kernels/bare named `name` in `dir`. */
export function packFolder(dir: string, name: string): string {
  cpSync(join(kernelsDir, 'bare'), dir, { recursive: true });
  const file = join(dir, 'pack.json');
  const m = JSON.parse(readFileSync(file, 'utf8'));
  m.name = name;
  m.displayName = name;
  delete m.kernelName;
  writeFileSync(file, JSON.stringify(m, null, 2) + '\n');
  return dir;
}

/** A git repository holding a pack `name` at its top, committed and tagged v1. */
export function packRepo(box: Sandbox, name: string): { dir: string; v1: string } {
  const dir = join(box.root, `${name}-repo`);
  mkdirSync(dir);
  packFolder(dir, name);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', `${name}: first version`);
  git(dir, 'tag', 'v1');
  return { dir, v1: git(dir, 'rev-parse', 'HEAD') };
}

/** Change a file of the repository and commit it; returns the new commit. */
export function commitChange(dir: string, file: string, text: string, message: string): string {
  writeFileSync(join(dir, file), text);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** A one-program C file that reports a metric. */
export const HELLO = '#include <bootbook.h>\nint main(void) { bb_metric("answer", 42, ""); return 0; }\n';
