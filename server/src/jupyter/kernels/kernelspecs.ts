// Kernelspecs for standard Jupyter (jupyter-config/kernels/bootbook-<pack>-<arch>/:
// kernel.json plus logos) and their installation into a Jupyter data directory
// (`bootbook jupyter install`), where `jupyter kernelspec list`, JupyterLab,
// nbconvert, VS Code... find them. The installed argv runs this installation
// (absolute node and bin/bootbook.js), so no PATH setup is needed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Pack } from '../../engine/packs/types.js';
import { repoRoot } from '../../engine/paths.js';
import { kernelSpecs } from './specs.js';
import type { KernelJson } from './types.js';

export type { KernelJson };

export const jupyterConfigDir = join(repoRoot, 'jupyter-config');
export const kernelspecsDir = join(jupyterConfigDir, 'kernels');
/** The prebuilt JupyterLab extension, when it has been built (extension/labextension). */
export const labextensionBuildDir = join(repoRoot, 'extension', 'labextension');
export const LABEXTENSION_NAME = '@bootbook/jupyterlab-extension';

/** Standard Jupyter's name for a target's kernelspec: "bootbook-linux-x86_64". */
export function jupyterSpecName(serverSpecName: string): string {
  return `bootbook-${serverSpecName}`;
}

/** kernel.json for every target, keyed by the Jupyter kernelspec name; argv starts with `command`. */
export function kernelJsons(packs: ReadonlyMap<string, Pack>, command: string[] = ['bootbook']): Record<string, KernelJson> {
  const out: Record<string, KernelJson> = {};
  for (const [name, model] of Object.entries(kernelSpecs(packs))) {
    const s = model.spec;
    // The server's argv is ['bootbook', 'kernel', ...]: keep what follows the program.
    out[jupyterSpecName(name)] = {
      argv: [...command, ...s.argv.slice(1)],
      display_name: s.display_name,
      language: s.language,
      interrupt_mode: s.interrupt_mode,
      env: {},
      metadata: s.metadata,
    };
  }
  return out;
}

/** The argv prefix that runs this installation: the node binary and bin/bootbook.js, absolute. */
export function installedCommand(): string[] {
  return [realpathSync(process.execPath), join(repoRoot, 'bin', 'bootbook.js')];
}

export type Scope = { kind: 'user' } | { kind: 'sys-prefix' } | { kind: 'prefix'; dir: string };

/** Jupyter's user data dir on Linux: $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'jupyter');
  return join(homedir(), '.local', 'share', 'jupyter');
}

/** sys.prefix of the Python that runs `jupyter` (its shebang), else of python3 on PATH. */
function pythonPrefix(): string {
  const tryPython = (python: string): string | undefined => {
    try {
      return execFileSync(python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const jupyter = join(dir || '.', 'jupyter');
    if (!existsSync(jupyter)) continue;
    const shebang = /^#!\s*(\S+)/.exec(readFileSync(jupyter, 'utf8').slice(0, 200))?.[1];
    if (shebang) candidates.push(shebang);
    break;
  }
  candidates.push('python3', '/usr/bin/python3');
  for (const c of candidates) {
    const p = tryPython(c);
    if (p) return p;
  }
  throw new Error('--sys-prefix needs a Python (python3) to ask for sys.prefix; use --prefix DIR instead');
}

/** The Jupyter data dir a scope installs into (kernels/ and labextensions/ go below it). */
export function dataDirFor(scope: Scope): string {
  switch (scope.kind) {
    case 'user':
      return userDataDir();
    case 'sys-prefix':
      return join(pythonPrefix(), 'share', 'jupyter');
    case 'prefix':
      return join(resolve(scope.dir), 'share', 'jupyter');
  }
}

export interface InstallReport {
  dataDir: string;
  kernels: string[];
  labextension?: string;
}

/**
 * Write every kernelspec (kernel.json with this installation's argv, logos from
 * jupyter-config/) into <dataDir>/kernels/, replacing earlier bootbook ones, and
 * the prebuilt JupyterLab extension (when built) into <dataDir>/labextensions/.
 */
export function installKernelspecs(packs: ReadonlyMap<string, Pack>, dataDir: string, command = installedCommand()): InstallReport {
  const report: InstallReport = { dataDir, kernels: [] };
  for (const [name, json] of Object.entries(kernelJsons(packs, command))) {
    const dir = join(dataDir, 'kernels', name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const resources = join(kernelspecsDir, name);
    if (existsSync(resources)) {
      for (const f of readdirSync(resources)) if (f !== 'kernel.json') cpSync(join(resources, f), join(dir, f));
    }
    writeFileSync(join(dir, 'kernel.json'), JSON.stringify(json, null, 1) + '\n');
    report.kernels.push(name);
  }
  if (existsSync(join(labextensionBuildDir, 'package.json'))) {
    const dest = join(dataDir, 'labextensions', ...LABEXTENSION_NAME.split('/'));
    rmSync(dest, { recursive: true, force: true });
    cpSync(labextensionBuildDir, dest, { recursive: true });
    report.labextension = dest;
  }
  return report;
}

/** Remove the bootbook kernelspecs (kernels/bootbook-*) and the lab extension from a data dir. */
export function uninstallKernelspecs(dataDir: string): string[] {
  const removed: string[] = [];
  const kernels = join(dataDir, 'kernels');
  if (existsSync(kernels)) {
    for (const name of readdirSync(kernels)) {
      if (!name.startsWith('bootbook-')) continue;
      rmSync(join(kernels, name), { recursive: true, force: true });
      removed.push(join(kernels, name));
    }
  }
  const ext = join(dataDir, 'labextensions', ...LABEXTENSION_NAME.split('/'));
  if (existsSync(ext)) {
    rmSync(ext, { recursive: true, force: true });
    removed.push(ext);
  }
  return removed;
}
