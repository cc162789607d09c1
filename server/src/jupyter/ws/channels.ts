// The kernel socket: WS /api/kernels/<id>/channels?session_id=... in both
// encodings (the v1 binary subprotocol when the client offers it, legacy JSON
// text frames otherwise). Every socket of a kernel gets its iopub messages.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { refuseUpgrade } from '../app.js';
import type { KernelManager, Connection } from '../kernels/manager.js';
import { CodecError, decodeJson, decodeV1, encodeJson, encodeV1, V1_PROTOCOL } from './codec.js';

const CHANNELS_PATH = /^\/api\/kernels\/([0-9a-f-]{36})\/channels\/?$/;

export interface SocketDeps {
  kernels: KernelManager;
  /** Token, Host and Origin checks for an upgrade (the same rules as the REST API). */
  authorize(req: IncomingMessage): { ok: true } | { ok: false; status: number; message: string };
  /** Other sockets the front end opens (e.g. /api/events/subscribe): accepted and kept silent. Gets the raw request URL. */
  isQuietSocket?(url: string): boolean;
  log?(line: string): void;
}

function refuse(socket: Duplex, status: number, message: string): void {
  refuseUpgrade(socket, { status, message });
}

export function attachKernelSockets(deps: SocketDeps) {
  const wss = new WebSocketServer({
    noServer: true,
    // Choosing no subprotocol makes JupyterLab fall back to legacy JSON; choose v1 when offered.
    handleProtocols: (offered) => (offered.has(V1_PROTOCOL) ? V1_PROTOCOL : false),
    maxPayload: 64 * 1024 * 1024,
  });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const auth = deps.authorize(req);
    if (!auth.ok) return refuse(socket, auth.status, auth.message);
    if (deps.isQuietSocket?.(req.url ?? '/')) {
      wss.handleUpgrade(req, socket, head, (ws) => ws.on('error', () => ws.terminate()));
      return;
    }
    const m = CHANNELS_PATH.exec(url.pathname);
    const kernel = m ? deps.kernels.running(m[1]!) : undefined;
    if (!m) return refuse(socket, 404, `no socket at ${url.pathname}`);
    if (!kernel) return refuse(socket, 404, `no kernel with id ${m[1]}`);
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, kernel, url.searchParams.get('session_id') || randomUUID()));
  }

  function serve(ws: WebSocket, kernel: NonNullable<ReturnType<KernelManager['running']>>, clientSession: string): void {
    const binary = ws.protocol === V1_PROTOCOL;
    const conn: Connection = {
      clientSession,
      send: (msg) => {
        if (ws.readyState !== ws.OPEN) return;
        ws.send(binary ? encodeV1(msg) : encodeJson(msg), { binary });
      },
    };
    kernel.connect(conn);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      try {
        const msg = isBinary ? decodeV1(data) : decodeJson(data.toString('utf8'));
        kernel.receive(conn, msg);
      } catch (e) {
        // A bad frame is the client's problem: log it, keep the socket and the kernel.
        if (e instanceof CodecError) deps.log?.(`kernel ${kernel.id}: dropped a bad message: ${e.message}`);
        else throw e;
      }
    });
    ws.on('close', () => kernel.disconnect(conn));
    ws.on('error', () => ws.terminate());
  }

  return {
    onUpgrade,
    close(): void {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
