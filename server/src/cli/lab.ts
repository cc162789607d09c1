// `bootbook lab`: start the notebook server, print the URL with its token, and on
// SIGINT/SIGTERM close sockets, shut every kernel down (ending their QEMUs) and exit.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanupAll } from '../engine/cleanup.js';
import { BootbookError } from '../engine/errors.js';
import { repoRoot } from '../engine/paths.js';
import { startServer } from '../jupyter/server.js';
import { packsOrWarn } from './context.js';

export interface LabFlags {
  root?: string;
  port: string;
  ip: string;
  browser: boolean;
  token?: string;
  /** Which copy of our JupyterLab extension runs: the one compiled into app/build, or extension/labextension. */
  extension?: 'bundled' | 'prebuilt';
  labextensions?: string[];
}

export async function labCommand(flags: LabFlags): Promise<void> {
  const root = resolve(flags.root ?? join(repoRoot, 'notebooks'));
  if (!existsSync(root)) throw new BootbookError('bad-usage', `--root ${root} does not exist`);
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new BootbookError('bad-usage', `--port ${flags.port} is not a port number (0-65535)`);
  // Kernels keep sweep results in <root>/.bootbook/results.sqlite (read by kernel/sweep-cell.ts).
  process.env.BOOTBOOK_RESULTS_ROOT ??= root;
  const token = flags.token ?? process.env.BOOTBOOK_TOKEN ?? randomBytes(24).toString('hex');
  const staticDir = join(repoRoot, 'app', 'build');
  const labextensions = [...(flags.labextensions ?? [])];
  if (flags.extension === 'prebuilt') {
    // Named like the bundled package, so the application starts this copy instead (app/federated.ts).
    const prebuilt = join(repoRoot, 'extension', 'labextension');
    if (!existsSync(join(prebuilt, 'package.json'))) throw new BootbookError('bad-usage', `--extension prebuilt: ${prebuilt} is not built; run \`npm run build:labextension\` first`);
    labextensions.unshift(prebuilt);
  }
  let server;
  try {
    server = await startServer({
      root,
      token,
      packs: packsOrWarn(),
      port,
      ip: flags.ip,
      staticDir: existsSync(staticDir) ? staticDir : undefined,
      labextensions,
      log: (line) => process.stderr.write(`bootbook lab: ${line}\n`),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new BootbookError('bad-usage', `port ${port} is in use; pick another with --port`);
    if (err.code === 'EADDRNOTAVAIL') throw new BootbookError('bad-usage', `--ip ${flags.ip} is not an address of this machine`);
    throw e;
  }
  process.stdout.write(`bootbook lab: serving ${root}\n    ${server.url}/lab?token=${token}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nbootbook lab: ${signal}, shutting down kernels\n`);
    await server.close();
    cleanupAll();
    process.exit(0);
  };
  // Replace the CLI's default handlers: the server shuts down in order first.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await new Promise(() => {}); // serve until a signal
}
