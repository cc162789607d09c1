// The notebook server put together: the HTTP app, the kernel manager and the
// kernel sockets on one node:http server. `bootbook lab` and the tests start it
// the same way; close() ends sockets, kernels (and their QEMUs) and the listener.
import { createServer, type Server } from 'node:http';
import type { Pack } from '../engine/packs/types.js';
import { createApp, type App } from './app.js';
import { KernelManager } from './kernels/manager.js';
import { attachKernelSockets } from './ws/channels.js';

export interface ServerOptions {
  root: string;
  token: string;
  packs: ReadonlyMap<string, Pack>;
  port?: number;
  ip?: string;
  staticDir?: string;
  /** Prebuilt JupyterLab extensions to load (AppDeps.labextensions). */
  labextensions?: string[];
  engineDefaults?: ConstructorParameters<typeof KernelManager>[1];
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  app: App;
  kernels: KernelManager;
  http: Server;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const kernels = new KernelManager(opts.packs, opts.engineDefaults, opts.root);
  const app = createApp({ root: opts.root, token: opts.token, kernels, packs: opts.packs, ip, staticDir: opts.staticDir, labextensions: opts.labextensions, log: opts.log });
  const sockets = attachKernelSockets({
    kernels,
    authorize: (req) => app.authorizeUpgrade(req),
    isQuietSocket: (url) => app.isEventsSocket(url),
    log: opts.log,
  });
  const http = createServer((req, res) => app.handle(req, res));
  http.on('upgrade', sockets.onUpgrade);
  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(opts.port ?? 0, ip, ok);
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? 0;
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    kernels,
    http,
    async close() {
      sockets.close();
      http.close();
      http.closeAllConnections();
      await kernels.shutdownAll().catch(() => undefined);
      await app.close();
    },
  };
}
