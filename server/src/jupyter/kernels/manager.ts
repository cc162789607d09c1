// Running notebook kernels: one BootbookKernel per id, the sockets connected to
// it, and the messages kept for a client session while it is disconnected, so
// outputs of a cell that finishes while the browser is away are not lost.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { BootbookError } from '../../engine/errors.js';
import { loadPacks } from '../../engine/packs/load.js';
import { packsForNotebook } from '../../engine/packs/search-path.js';
import type { Pack } from '../../engine/packs/types.js';
import { BootbookKernel } from '../../kernel/kernel.js';
import type { JupyterMessage } from '../../kernel/messages.js';
import { jupyterSpecName, kernelspecsDir } from './kernelspecs.js';
import { kernelSpecs, parseSpecName } from './specs.js';
import type { ExecutionState, KernelManagerLike, KernelModel, KernelSpecModel } from './types.js';

/** One open socket, as the manager sees it. */
export interface Connection {
  /** The client's session id (the `session_id` query parameter). */
  clientSession: string;
  send(msg: JupyterMessage): void;
}

/** Messages kept per disconnected client session; past this, the oldest are dropped (and counted). */
const MAX_BUFFERED = 20_000;

interface ClientSession {
  connections: Set<Connection>;
  /** Non-null while the client has no open socket: what it missed. */
  buffer: JupyterMessage[] | null;
  dropped: number;
}

export class RunningKernel {
  readonly id = randomUUID();
  lastActivity = new Date();
  readonly kernel: BootbookKernel;
  private readonly clients = new Map<string, ClientSession>();
  /** Which client session sent each pending request, so its replies go back there. */
  private readonly requester = new Map<string, string>();

  constructor(
    readonly name: string,
    packs: ReadonlyMap<string, Pack>,
    target: { pack: string; arch: string },
    engineDefaults?: ConstructorParameters<typeof BootbookKernel>[0]['engineDefaults'],
    onShutdown?: (k: RunningKernel) => void,
  ) {
    this.kernel = new BootbookKernel({
      packs,
      defaultTarget: target,
      session: this.id,
      send: (m) => this.deliver(m),
      engineDefaults,
      // A client's shutdown_request (not a restart) ends the kernel as DELETE would.
      onShutdownRequest: (restart) => {
        if (!restart) onShutdown?.(this);
      },
    });
  }

  get connections(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.connections.size;
    return n;
  }

  model(): KernelModel {
    // The kernel knows its state better than the status messages (an interrupt's idle arrives before the cell has wound down).
    const state: ExecutionState = this.kernel.executionState === 'dead' ? 'dead' : this.kernel.executionState;
    return { id: this.id, name: this.name, last_activity: this.lastActivity.toISOString(), execution_state: state, connections: this.connections };
  }

  /** A socket opened: replay what its session missed, then keep it. */
  connect(conn: Connection): void {
    const client = this.clients.get(conn.clientSession) ?? { connections: new Set(), buffer: null, dropped: 0 };
    this.clients.set(conn.clientSession, client);
    const missed = client.buffer ?? [];
    client.buffer = null;
    client.connections.add(conn);
    for (const m of missed) conn.send(m);
  }

  disconnect(conn: Connection): void {
    const client = this.clients.get(conn.clientSession);
    if (!client) return;
    client.connections.delete(conn);
    if (client.connections.size === 0) client.buffer = [];
  }

  /** A request from a socket. */
  receive(conn: Connection, msg: JupyterMessage): void {
    this.lastActivity = new Date();
    this.requester.set(msg.header.msg_id, conn.clientSession);
    void this.kernel.handle(msg);
  }

  /** From the kernel: iopub to every client, replies to the requesting client. */
  private deliver(msg: JupyterMessage): void {
    this.lastActivity = new Date();
    const parentId = (msg.parent_header as { msg_id?: string }).msg_id;
    if (msg.channel === 'iopub') {
      for (const client of this.clients.values()) this.toClient(client, msg);
      return;
    }
    const owner = parentId ? this.requester.get(parentId) : undefined;
    if (msg.header.msg_type.endsWith('_reply') && parentId) this.requester.delete(parentId);
    const client = owner ? this.clients.get(owner) : undefined;
    if (client) this.toClient(client, msg);
  }

  private toClient(client: ClientSession, msg: JupyterMessage): void {
    if (client.buffer) {
      client.buffer.push(msg);
      if (client.buffer.length > MAX_BUFFERED) {
        client.buffer.shift();
        client.dropped++;
      }
      return;
    }
    for (const conn of client.connections) conn.send(msg);
  }
}

export class KernelManager implements KernelManagerLike {
  private readonly kernels = new Map<string, RunningKernel>();

  constructor(
    private readonly packs: ReadonlyMap<string, Pack>,
    private readonly engineDefaults?: ConstructorParameters<typeof BootbookKernel>[0]['engineDefaults'],
    /** The notebook root: a kernel started for a notebook also sees the packs/ folder beside it. */
    private readonly root?: string,
  ) {}

  specs(): { default: string; kernelspecs: Record<string, KernelSpecModel> } {
    const kernelspecs = kernelSpecs(this.packs);
    const names = Object.keys(kernelspecs);
    return { default: names.includes('linux-x86_64') ? 'linux-x86_64' : names[0] ?? '', kernelspecs };
  }

  /** Logos (and any kernel.js/css) of a kernelspec: the files of jupyter-config/kernels/bootbook-<name>/. */
  resourceDir(name: string): string | undefined {
    const dir = join(kernelspecsDir, jupyterSpecName(name));
    return existsSync(dir) ? dir : undefined;
  }

  list(): KernelModel[] {
    return [...this.kernels.values()].map((k) => k.model());
  }

  get(id: string): KernelModel | undefined {
    return this.kernels.get(id)?.model();
  }

  running(id: string): RunningKernel | undefined {
    return this.kernels.get(id);
  }

  start(name: string, opts: { path?: string } = {}): KernelModel {
    // A notebook's folder may carry its own packs/ (docs/pack-sources.md); API paths are relative to the root.
    const dir = this.root && opts.path !== undefined ? resolve(this.root, dirname(opts.path)) : undefined;
    const inside = dir !== undefined && (dir === resolve(this.root!) || dir.startsWith(resolve(this.root!) + sep));
    const packs = inside ? packsForNotebook(this.packs, dir, (roots) => loadPacks(roots).packs) : this.packs;
    const target = parseSpecName(packs, name);
    if (!target) {
      throw new BootbookError('unknown-target', `no kernel named "${name}"; kernels: ${Object.keys(this.specs().kernelspecs).join(', ')}`);
    }
    const k = new RunningKernel(name, packs, target, this.engineDefaults, (gone) => this.kernels.delete(gone.id));
    this.kernels.set(k.id, k);
    return k.model();
  }

  interrupt(id: string): void {
    this.require(id).kernel.interrupt();
  }

  async restart(id: string): Promise<void> {
    await this.require(id).kernel.restart();
  }

  async shutdown(id: string): Promise<void> {
    const k = this.require(id);
    this.kernels.delete(id);
    await k.kernel.shutdown();
  }

  async shutdownAll(): Promise<void> {
    await Promise.all([...this.kernels.keys()].map((id) => this.shutdown(id)));
  }

  private require(id: string): RunningKernel {
    const k = this.kernels.get(id);
    if (!k) throw new BootbookError('not-found', `no kernel with id ${id}`);
    return k;
  }
}
