// `bootbook kernel -f CONNECTION_FILE`: the bootbook kernel as a standard Jupyter
// kernel process speaking ZeroMQ (jupyter_client, nbconvert, jupyter console,
// VS Code, JupyterLab's own server). Only a transport: every request goes to ONE
// BootbookKernel, the same class our server drives over WebSockets.
//
//   shell, control: ROUTER   requests in; replies back to the requester's routing ids
//   iopub:          PUB      status, streams, results (topic kernel.<session>.<type>)
//   stdin:          ROUTER   bound (clients connect to it); bootbook never asks for input
//   hb:             REP      echoes whatever it receives (jupyter console needs it)
//
// zeromq@6 allows one send in flight per socket: every socket's sends go through
// a queue. SIGINT interrupts the running cell (jupyter_client's signal interrupt;
// our kernelspecs declare interrupt_mode "message", so clients mostly use
// interrupt_request on control). A shutdown_request (restart or not) ends the
// process after its reply is out, as jupyter_client expects (it starts a new
// process to restart); SIGTERM ends it at once.
import { randomUUID } from 'node:crypto';
import * as zmq from 'zeromq';
import { cleanupAll } from '../../engine/cleanup.js';
import type { Pack } from '../../engine/packs/types.js';
import { BootbookKernel } from '../kernel.js';
import { makeMessage, type Channel, type JupyterMessage } from '../messages.js';
import { endpoint, type ConnectionInfo } from './connection.js';
import { deserialize, makeSigner, serialize, WireError } from './wire.js';

/** Sends on one zeromq socket, one at a time, in order. */
class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(
    private readonly socket: { send(frames: Buffer[]): Promise<void>; closed: boolean },
    private readonly log: (line: string) => void,
  ) {}

  push(frames: Buffer[]): void {
    this.tail = this.tail.then(async () => {
      if (this.socket.closed) return;
      try {
        await this.socket.send(frames);
      } catch (e) {
        this.log(`send failed: ${(e as Error).message}`);
      }
    });
  }

  /** Resolves when everything queued so far has been handed to ZeroMQ. */
  drained(): Promise<void> {
    return this.tail;
  }
}

export interface ZmqKernelOptions {
  connection: ConnectionInfo;
  packs: ReadonlyMap<string, Pack>;
  target: { pack: string; arch: string };
  log?: (line: string) => void;
  /** Called once the kernel has stopped and the sockets are closed (the CLI exits). */
  onExit?: (code: number) => void;
  /** Handle SIGINT (interrupt) and SIGTERM (stop); default true. Tests in-process pass false. */
  signals?: boolean;
}

export interface ZmqKernel {
  kernel: BootbookKernel;
  /** Stop the kernel and close the sockets. */
  stop(): Promise<void>;
  /** Resolves when the kernel has stopped (a shutdown_request, SIGTERM or stop()). */
  stopped: Promise<void>;
}

export async function startZmqKernel(opts: ZmqKernelOptions): Promise<ZmqKernel> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`bootbook kernel: ${line}\n`));
  const info = opts.connection;
  const signer = makeSigner(info.key, info.signature_scheme);
  const session = randomUUID();

  const shell = new zmq.Router();
  const control = new zmq.Router();
  const stdin = new zmq.Router();
  const iopub = new zmq.Publisher();
  const hb = new zmq.Reply();
  const all = [shell, control, stdin, iopub, hb];
  for (const s of all) s.linger = 1000;
  await Promise.all([
    shell.bind(endpoint(info, 'shell')),
    control.bind(endpoint(info, 'control')),
    stdin.bind(endpoint(info, 'stdin')),
    iopub.bind(endpoint(info, 'iopub')),
    hb.bind(endpoint(info, 'hb')),
  ]);
  const queues: Record<'shell' | 'control' | 'stdin' | 'iopub', SendQueue> = {
    shell: new SendQueue(shell, log),
    control: new SendQueue(control, log),
    stdin: new SendQueue(stdin, log),
    iopub: new SendQueue(iopub, log),
  };

  /** Routing ids of each pending request, so its replies reach the client that asked. */
  const routes = new Map<string, Buffer[]>();

  const send = (msg: JupyterMessage): void => {
    const channel = (msg.channel ?? 'iopub') as Channel;
    if (channel === 'iopub') {
      const topic = Buffer.from(`kernel.${session}.${msg.header.msg_type}`, 'utf8');
      queues.iopub.push(serialize(msg, signer, [topic]));
      return;
    }
    const parentId = (msg.parent_header as { msg_id?: string }).msg_id;
    const ids = parentId ? routes.get(parentId) : undefined;
    if (!ids) {
      log(`no route for ${msg.header.msg_type} on ${channel}: dropped`);
      return;
    }
    if (msg.header.msg_type.endsWith('_reply') && parentId) routes.delete(parentId);
    queues[channel === 'control' ? 'control' : channel === 'stdin' ? 'stdin' : 'shell'].push(serialize(msg, signer, ids));
  };

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;

  const kernel = new BootbookKernel({
    packs: opts.packs,
    defaultTarget: opts.target,
    session,
    send,
    log,
    onShutdownRequest: () => void stop(),
  });

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      await kernel.shutdown().catch(() => undefined);
      // The shutdown_reply and the last idle status must leave before the sockets close.
      await Promise.race([Promise.all(Object.values(queues).map((q) => q.drained())), new Promise((r) => setTimeout(r, 2000))]);
      for (const s of all) s.close();
      if (opts.signals !== false) {
        process.removeListener('SIGINT', onSigint);
        process.removeListener('SIGTERM', onSigterm);
      }
      cleanupAll();
      resolveStopped();
      opts.onExit?.(0);
    })();
    return stopping;
  }

  async function serve(socket: zmq.Router, channel: 'shell' | 'control' | 'stdin'): Promise<void> {
    try {
      for await (const frames of socket) {
        let parsed: ReturnType<typeof deserialize>;
        try {
          parsed = deserialize(frames, signer, channel);
        } catch (e) {
          if (e instanceof WireError) {
            log(`${channel}: dropped a message: ${e.message}`);
            continue;
          }
          throw e;
        }
        if (channel === 'stdin') continue; // input_reply: bootbook never sends input_request
        routes.set(parsed.msg.header.msg_id, parsed.ids);
        // Not awaited: an interrupt_request on control must not wait behind a running cell.
        void kernel.handle(parsed.msg);
      }
    } catch (e) {
      if (!socket.closed) log(`${channel} socket failed: ${(e as Error).message}`);
    }
  }

  async function heartbeat(): Promise<void> {
    try {
      for await (const frames of hb) await hb.send(frames);
    } catch (e) {
      if (!hb.closed) log(`heartbeat failed: ${(e as Error).message}`);
    }
  }

  const onSigint = () => kernel.interrupt();
  const onSigterm = () => void stop();
  if (opts.signals !== false) {
    // The CLI's default handlers exit on SIGINT; a kernel interrupts its cell instead.
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
  }

  void serve(shell, 'shell');
  void serve(control, 'control');
  void serve(stdin, 'stdin');
  void heartbeat();
  // As ipykernel: "starting" once, before any request.
  send(makeMessage('iopub', 'status', { execution_state: 'starting' }, undefined, session));
  return { kernel, stop, stopped };
}
