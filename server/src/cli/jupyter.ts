// `bootbook kernel -f CONNECTION_FILE` (the process a Jupyter client starts from
// our kernelspecs) and `bootbook jupyter install|uninstall` (write or remove
// those kernelspecs in a Jupyter data directory).
import { BootbookError } from '../engine/errors.js';
import { dataDirFor, installKernelspecs, uninstallKernelspecs, type Scope } from '../jupyter/kernels/kernelspecs.js';
import { parseSpecName, specName } from '../jupyter/kernels/specs.js';
import { readConnectionFile } from '../kernel/zmq/connection.js';
import { packsOrWarn } from './context.js';

export interface KernelFlags {
  target: string;
  arch?: string;
  connectionFile: string;
}

export async function kernelCommand(flags: KernelFlags): Promise<void> {
  const packs = packsOrWarn();
  const pack = packs.get(flags.target);
  if (!pack) throw new BootbookError('unknown-target', `no pack named "${flags.target}"; packs: ${[...packs.keys()].join(', ')}`);
  const arch = flags.arch ?? pack.manifest.architectures[0]!;
  const target = parseSpecName(packs, specName(flags.target, arch));
  if (!target) throw new BootbookError('unknown-target', `${flags.target} has no architecture ${arch} (${pack.manifest.architectures.join(', ')})`);
  const connection = readConnectionFile(flags.connectionFile);
  // Loaded on use: only this command needs the ZeroMQ addon.
  const { startZmqKernel } = await import('../kernel/zmq/kernel-process.js');
  const k = await startZmqKernel({ connection, packs, target });
  await k.stopped;
  process.exit(0);
}

export interface InstallFlags {
  user?: boolean;
  sysPrefix?: boolean;
  prefix?: string;
}

function scopeOf(flags: InstallFlags): Scope {
  const chosen = [flags.user, flags.sysPrefix, flags.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new BootbookError('bad-usage', 'choose one of --user, --sys-prefix and --prefix DIR');
  if (flags.prefix !== undefined) return { kind: 'prefix', dir: flags.prefix };
  if (flags.sysPrefix) return { kind: 'sys-prefix' };
  return { kind: 'user' };
}

export function jupyterInstallCommand(flags: InstallFlags): void {
  const dataDir = dataDirFor(scopeOf(flags));
  const report = installKernelspecs(packsOrWarn(), dataDir);
  process.stdout.write(`bootbook jupyter install: ${report.kernels.length} kernelspecs in ${dataDir}/kernels\n`);
  for (const k of report.kernels) process.stdout.write(`  ${k}\n`);
  if (report.labextension) process.stdout.write(`JupyterLab extension: ${report.labextension}\n`);
  else process.stdout.write('JupyterLab extension: not built (extension/labextension is missing), not installed\n');
  if (flags.prefix !== undefined) process.stdout.write(`Jupyter looks there when JUPYTER_PATH includes ${dataDir} (or when ${flags.prefix} is its sys.prefix)\n`);
}

export function jupyterUninstallCommand(flags: InstallFlags): void {
  const dataDir = dataDirFor(scopeOf(flags));
  const removed = uninstallKernelspecs(dataDir);
  process.stdout.write(removed.length ? `bootbook jupyter uninstall: removed\n${removed.map((r) => `  ${r}\n`).join('')}` : `bootbook jupyter uninstall: nothing of bootbook's in ${dataDir}\n`);
}
