// Shared set-up for the tests with Debian's real Jupyter clients (jupyter_client,
// jupyter_kernel_test, nbconvert, jupyter console, jupyter_server as a gateway
// client): where they are, a throw-away Jupyter environment with our kernelspecs
// installed, and a child-process runner. Without the clients the tests skip with
// the reason, unless CI is set: then a missing client is a failure.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPacks } from '../../server/src/engine/packs/load.js';
import { repoRoot } from '../../server/src/engine/paths.js';
import { installKernelspecs } from '../../server/src/jupyter/kernels/kernelspecs.js';

export { repoRoot };
export const PYTHON = '/usr/bin/python3';
export const JUPYTER = '/usr/bin/jupyter';
export const packs = loadPacks().packs;

/** The Debian packages .ci/run installs for these tests. */
export const DEBIAN_CLIENTS = 'python3-jupyter-kernel-test python3-jupyter-client jupyter-client jupyter-nbconvert python3-nbclient jupyter-console jupyter-server python3-ipykernel';

function pythonHas(modules: string[]): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `false` when the clients are there; a skip reason otherwise. In CI (CI set)
 * a missing client throws: the tests must run there.
 */
export function missingClients(modules: string[], commands: string[] = []): false | string {
  const missing = [...(pythonHas(modules) ? [] : [`python modules ${modules.join(', ')} (${PYTHON})`]), ...commands.filter((c) => !existsSync(`/usr/bin/${c}`))];
  if (!missing.length) return false;
  const reason = `missing Jupyter clients: ${missing.join('; ')}; apt-get install ${DEBIAN_CLIENTS}`;
  if (process.env.CI) throw new Error(`${reason} (CI is set: these tests must run)`);
  return reason;
}

export interface JupyterEnv {
  /** Holds share/jupyter/kernels/bootbook-* (installed like `bootbook jupyter install --prefix`). */
  prefix: string;
  dataDir: string;
  /** Environment for a Jupyter client: finds our kernelspecs, keeps its runtime and config in the temp folder. */
  env: NodeJS.ProcessEnv;
  work: string;
  dispose(): void;
}

export function jupyterEnv(): JupyterEnv {
  const root = mkdtempSync(join(tmpdir(), 'bootbook-jupyter-'));
  const prefix = join(root, 'prefix');
  const report = installKernelspecs(packs, join(prefix, 'share', 'jupyter'));
  const work = join(root, 'work');
  for (const d of ['runtime', 'config', 'data', 'work', 'ipython']) mkdirSync(join(root, d), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: report.dataDir,
    JUPYTER_RUNTIME_DIR: join(root, 'runtime'),
    JUPYTER_CONFIG_DIR: join(root, 'config'),
    JUPYTER_DATA_DIR: join(root, 'data'),
    IPYTHONDIR: join(root, 'ipython'),
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    PYTHONWARNINGS: 'ignore',
  };
  return { prefix, dataDir: report.dataDir, env, work, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to its end (or kill its process group at the timeout). */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => killGroup(child), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* gone */
  }
}
