// In-process test server: the real app on 127.0.0.1:0 over a temporary root
// folder (with a sibling "outside" folder that must never be touched), a fake
// kernel manager, and two ways to call it: fetch (normal requests) and raw
// node:http (fetch normalizes `..`/`%2e%2e` and overrides Host, which the
// traversal and rebinding tests must send as is).
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppDeps } from '../../../server/src/jupyter/app.js';
import { BootbookError } from '../../../server/src/engine/errors.js';
import type { KernelManagerLike, KernelModel, KernelSpecModel } from '../../../server/src/jupyter/kernels/types.js';

/**
 * A tiny in-memory stand-in for the real KernelManager (server/src/jupyter/kernels/
 * manager.ts, which starts real kernels and is tested with them elsewhere). These
 * tests are about the HTTP side: routing, statuses and bodies.
 */
export class FakeKernels implements KernelManagerLike {
  readonly kernels = new Map<string, KernelModel>();
  readonly calls: string[] = [];
  /** Thrown by the next list(): stands for a bug deep in a handler. */
  failNext?: Error;
  readonly resourceDirs: Record<string, string> = {};
  private next = 1;

  private spec(name: string, display: string): KernelSpecModel {
    return {
      name,
      spec: { argv: ['bootbook', 'kernel'], display_name: display, language: 'c', interrupt_mode: 'message', env: {}, metadata: {} },
      resources: {},
    };
  }

  specs() {
    return { default: 'fake-x86_64', kernelspecs: { 'fake-x86_64': this.spec('fake-x86_64', 'Fake · x86_64'), 'fake-riscv64': this.spec('fake-riscv64', 'Fake · riscv64') } };
  }

  list(): KernelModel[] {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    return [...this.kernels.values()];
  }

  get(id: string) {
    return this.kernels.get(id);
  }

  start(name: string): KernelModel {
    if (!Object.hasOwn(this.specs().kernelspecs, name)) throw new BootbookError('unknown-target', `no kernel named "${name}"`);
    const id = `00000000-0000-4000-8000-${String(this.next++).padStart(12, '0')}`;
    const model: KernelModel = { id, name, last_activity: new Date().toISOString(), execution_state: 'idle', connections: 0 };
    this.kernels.set(id, model);
    this.calls.push(`start ${name}`);
    return model;
  }

  interrupt(id: string) {
    this.calls.push(`interrupt ${id}`);
  }

  async restart(id: string) {
    this.calls.push(`restart ${id}`);
  }

  async shutdown(id: string) {
    this.calls.push(`shutdown ${id}`);
    this.kernels.delete(id);
  }

  resourceDir(name: string) {
    return this.resourceDirs[name];
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestServer {
  port: number;
  origin: string;
  token: string;
  /** The served root (real path). */
  root: string;
  /** A sibling of the root holding secret.txt: nothing may reach or change it. */
  outside: string;
  kernels: FakeKernels;
  app: App;
  logs: string[];
  /** fetch with the token header; body objects are sent as JSON. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** node:http with the path and headers exactly as given (no token unless passed). */
  raw(method: string, path: string, opts?: { headers?: Record<string, string>; body?: string }): Promise<Reply>;
  close(): Promise<void>;
}

function reply(status: number, headers: Reply['headers'], text: string): Reply {
  return { status, headers, text, json: () => JSON.parse(text) };
}

export async function startServer(over: Partial<AppDeps> = {}): Promise<TestServer> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'bootbook-jupyter-')));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'top secret\n');
  const token = 'test-token-0123456789';
  const kernels = new FakeKernels();
  const logs: string[] = [];
  // configDir: settings and workspaces go to the temporary folder, never to the user's ~/.config.
  const app = createApp({ root, token, kernels, log: (l) => logs.push(l), configDir: join(base, 'config'), ...over });
  const server: Server = createServer(app.handle);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const raw: TestServer['raw'] = (method, path, opts = {}) =>
    new Promise((ok, fail) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok(reply(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', fail);
      });
      req.on('error', fail);
      req.end(opts.body);
    });

  const api: TestServer['api'] = async (method, path, body, headers = {}) => {
    const res = await fetch(origin + path, {
      method,
      headers: { Authorization: `token ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const h: Reply['headers'] = {};
    res.headers.forEach((v, k) => (h[k] = v));
    const setCookies = res.headers.getSetCookie();
    if (setCookies.length) h['set-cookie'] = setCookies;
    return reply(res.status, h, await res.text());
  };

  return {
    port,
    origin,
    token,
    root,
    outside,
    kernels,
    app,
    logs,
    api,
    raw,
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      await app.close();
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** A valid nbformat 4.5 notebook with one code cell. */
export function notebook(source = 'int main(void) {\n  return 0;\n}\n') {
  return {
    cells: [{ id: 'c1', cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null }],
    metadata: { kernelspec: { name: 'fake-x86_64', display_name: 'Fake', language: 'c' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}
