// The Jupyter-compatible HTTP server as a request handler that never listens
// (the CLI listens; tests call it in-process). Every request goes through the
// same gate, in this order: Host (DNS rebinding), token, Origin (for
// state-changing requests), XSRF (for cookie-authenticated ones); then the route
// table; then one error handler that maps coded errors to 4xx and anything else
// to a 500 whose details reach the log, never the client.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { FileContents } from './contents/files.js';
import { ApiError, toErrorReply } from './errors.js';
import { addSetCookie, discardBody, escapeHtml, parseCookies, readJson, sendHtml, sendJson, splitTarget } from './http.js';
import type { Pack } from '../engine/packs/types.js';
import type { KernelManagerLike } from './kernels/types.js';
import { federatedEntry, findLabextensions, prebuiltSchemas } from './lab/labextensions.js';
import { defaultConfigDir } from './lab/paths.js';
import { SettingsStore } from './lab/settings.js';
import { WorkspaceStore } from './lab/workspaces.js';
import { matchRoute, type Ctx, type Reply, type Route } from './router.js';
import { bootbookRoutes } from './routes/bootbook.js';
import { slurmRoutes } from './routes/slurm.js';
import { contentsRoutes } from './routes/contents.js';
import { filesRoutes } from './routes/files.js';
import { kernelRoutes } from './routes/kernels.js';
import { labRoutes, schemasFileOf } from './routes/lab.js';
import { labextensionRoutes } from './routes/labextensions.js';
import { serverRoutes } from './routes/server.js';
import { sessionRoutes } from './routes/sessions.js';
import { staticRoutes } from './routes/static.js';
import { isUnsafeMethod, newXsrfToken, Security, XSRF_COOKIE } from './security.js';
import { Sessions } from './sessions.js';
import { ConfigSections } from './stores.js';

export interface AppDeps {
  /** The notebook folder the contents API serves; nothing outside it is reachable. */
  root: string;
  token: string;
  kernels: KernelManagerLike;
  /** The built front end; when absent (or not built yet), /lab shows a placeholder page. */
  staticDir?: string;
  /**
   * The user's front-end data: settings/ and workspaces/ below it (default: $BOOTBOOK_CONFIG,
   * else $XDG_CONFIG_HOME/bootbook, else ~/.config/bootbook; see lab/paths.ts).
   */
  configDir?: string;
  /** The packs, for bootbook's own API (/bootbook/api/..., routes/bootbook.ts) used by the extension; absent: no such API. */
  packs?: ReadonlyMap<string, Pack>;
  /**
   * Prebuilt (federated) JupyterLab extensions the application loads: labextensions folders of
   * Jupyter data dirs, or single extensions' folders (lab/labextensions.ts). Served under
   * /lab/extensions/ and listed in the page config; one named like a bundled package replaces it.
   */
  labextensions?: string[];
  /** Prefix of every URL, like jupyter_server's base_url (default "/"). */
  baseUrl?: string;
  /** Origins allowed besides our own, for state-changing requests and sockets ("*" for any). */
  allowOrigin?: string[];
  /** The address the server listens on: accepted in the Host header (a wildcard accepts any IP literal). */
  ip?: string;
  /** Extra host names accepted in the Host header. */
  allowHosts?: string[];
  /** Where 500s are described (default: stderr). */
  log?: (line: string) => void;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: number; message: string };

export interface App {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Token + Host + Origin for a WebSocket upgrade; on refusal, answer with refuseUpgrade(). */
  authorizeUpgrade(req: IncomingMessage): UpgradeVerdict;
  /** The hook for the socket layer: is this upgrade JupyterLab's event bus (accept it, stay silent)? */
  isEventsSocket(url: string | undefined): boolean;
  /** Which socket an upgrade asks for, base URL removed. */
  socketTarget(url: string | undefined): { kind: 'kernel'; kernelId: string; sessionId?: string } | { kind: 'events' } | undefined;
  /** Refuse new requests and wait for those in flight (so no save is cut short). */
  close(): Promise<void>;
  /** The sessions, for the socket layer and the CLI (e.g. the session of a kernel). */
  readonly sessions: Sessions;
}

function normalizeBase(base = '/'): string {
  return `/${base}/`.replace(/\/+/g, '/');
}

/** Write an HTTP error on a raw upgrade socket and close it. */
export function refuseUpgrade(socket: Duplex, verdict: { status: number; message: string }): void {
  const body = JSON.stringify({ message: verdict.message, reason: null });
  const text = verdict.status === 400 ? 'Bad Request' : verdict.status === 404 ? 'Not Found' : 'Forbidden';
  socket.end(
    `HTTP/1.1 ${verdict.status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createApp(deps: AppDeps): App {
  const baseUrl = normalizeBase(deps.baseUrl);
  const log = deps.log ?? ((line: string) => process.stderr.write(`bootbook lab: ${line}\n`));
  const security = new Security({ token: deps.token, ip: deps.ip, allowHosts: deps.allowHosts, allowOrigin: deps.allowOrigin });
  const contents = FileContents.open(deps.root);
  const sessions = new Sessions(deps.kernels);
  const configDir = deps.configDir ?? defaultConfigDir();
  const prebuilt = findLabextensions(deps.labextensions ?? []);
  for (const problem of prebuilt.problems) log(`prebuilt extension left out: ${problem}`);
  const settings = new SettingsStore(schemasFileOf(deps.staticDir), join(configDir, 'settings'), prebuiltSchemas(prebuilt.extensions));
  const workspaces = new WorkspaceStore(join(configDir, 'workspaces'));
  const started = new Date();
  let lastActivity = started;
  const routes: Route[] = [
    ...contentsRoutes(contents),
    ...kernelRoutes(deps.kernels),
    ...sessionRoutes(sessions),
    ...serverRoutes(deps.kernels, new ConfigSections(), { started, lastActivity: () => lastActivity }),
    ...filesRoutes(contents),
    ...(deps.packs ? bootbookRoutes(deps.packs) : []),
    ...slurmRoutes(),
    ...labextensionRoutes(prebuilt.extensions),
    ...labRoutes({ staticDir: deps.staticDir, settings, workspaces, token: deps.token, root: resolve(deps.root), federated: prebuilt.extensions.map(federatedEntry) }),
    ...staticRoutes(deps.staticDir),
  ];
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  /** The path below the base URL ("/api/..."), or undefined when the request is outside it. */
  const local = (path: string): string | undefined => {
    if (path === baseUrl.slice(0, -1)) return '/';
    return path.startsWith(baseUrl) ? path.slice(baseUrl.length - 1) : undefined;
  };

  function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
    // The body of a refused request is not read: the connection closes after the answer.
    const headers = { Connection: 'close' };
    // A browser opening a page gets a page; API clients get Jupyter's JSON error body.
    const wantsPage = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    if (wantsPage) sendHtml(res, status, `<!doctype html><meta charset="utf-8"><title>bootbook</title><p>${escapeHtml(message)}</p>\n`, headers);
    else sendJson(res, status, { message, reason: null }, headers);
  }

  function write(res: ServerResponse, reply: Reply): void {
    if (reply === 'handled') return;
    if ('redirect' in reply) {
      res.writeHead(302, { Location: reply.redirect }).end();
    } else if ('html' in reply) {
      sendHtml(res, reply.status, reply.html, reply.headers);
    } else {
      sendJson(res, reply.status, reply.json, reply.headers);
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { path: rawPath, query } = splitTarget(req.url ?? '/');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const host = security.checkHost(req);
    if (host && !host.ok) return refuse(req, res, host.status, host.message);
    const cors = security.corsOrigin(req);
    if (cors) res.setHeader('Access-Control-Allow-Origin', cors).setHeader('Access-Control-Allow-Credentials', 'true').setHeader('Vary', 'Origin');
    // A CORS preflight carries no credentials; it only learns what an allowed origin may send.
    if (req.method === 'OPTIONS' && cors) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-XSRFToken, X-Requested-With');
      res.writeHead(204).end();
      return;
    }
    const auth = security.authenticate(req, query);
    if (!auth.ok) return refuse(req, res, auth.status, auth.message);
    if (isUnsafeMethod(req.method) && !security.originAllowed(req)) {
      return refuse(req, res, 403, `Cross-origin ${req.method} from ${req.headers.origin} refused.`);
    }
    const xsrf = security.checkXsrf(req, auth.via);
    if (xsrf && !xsrf.ok) return refuse(req, res, xsrf.status, xsrf.message);
    lastActivity = new Date();
    // A page opened with ?token= earns the login cookie, so the app's own requests need no token in the URL.
    if (auth.via === 'query' && req.method === 'GET') addSetCookie(res, security.loginCookie(req, baseUrl));
    if (req.method === 'GET' && !parseCookies(req.headers.cookie).has(XSRF_COOKIE)) {
      addSetCookie(res, `${XSRF_COOKIE}=${newXsrfToken()}; Path=${baseUrl}; SameSite=Lax`);
    }

    const path = local(rawPath);
    const m = path === undefined ? undefined : matchRoute(routes, req.method ?? 'GET', path);
    if (!m) throw new ApiError('not-found', `Not found: ${req.method} ${rawPath}`);
    if ('allowed' in m) {
      res.setHeader('Allow', m.allowed.join(', '));
      throw new ApiError('not-allowed', `Method ${req.method} is not allowed on ${rawPath}`);
    }
    let body: unknown;
    if (m.route.body) body = m.route.body.check(await readJson(req));
    else discardBody(req);
    const ctx: Ctx<unknown> = { req, res, params: m.params, query, body, baseUrl };
    write(res, await m.route.handler(ctx));
  }

  function fail(req: IncomingMessage, res: ServerResponse, e: unknown): void {
    const reply = toErrorReply(e);
    if (reply.status === 500) {
      const where = `${req.method} ${splitTarget(req.url ?? '/').path}`; // never the query: it may hold the token
      log(`500 on ${where}: ${reply.internal instanceof Error ? (reply.internal.stack ?? reply.internal.message) : String(reply.internal)}`);
    }
    if (res.headersSent) {
      res.destroy(); // a stream broke mid-way: the client must see a failure, not a short file
      return;
    }
    if (reply.status === 413) return sendJson(res, 413, reply.body, { Connection: 'close' }); // not worth reading
    discardBody(req);
    sendJson(res, reply.status, reply.body);
  }

  // Closures, not methods: callers pass these around unbound (createServer(app.handle)).
  function socketTarget(url: string | undefined): ReturnType<App['socketTarget']> {
    const { path: raw, query } = splitTarget(url ?? '/');
    const path = local(raw);
    if (path === '/api/events/subscribe') return { kind: 'events' };
    const kernel = path && /^\/api\/kernels\/([^/]+)\/channels\/?$/.exec(path);
    if (!kernel) return undefined;
    let kernelId: string;
    try {
      kernelId = decodeURIComponent(kernel[1]!);
    } catch {
      return undefined;
    }
    const sessionId = query.get('session_id') ?? undefined;
    return sessionId === undefined ? { kind: 'kernel', kernelId } : { kind: 'kernel', kernelId, sessionId };
  }

  return {
    sessions,
    handle(req, res) {
      if (closing) {
        sendJson(res, 503, { message: 'The server is shutting down.', reason: null }, { Connection: 'close' });
        return;
      }
      const p: Promise<void> = serve(req, res)
        .catch((e: unknown) => fail(req, res, e))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    authorizeUpgrade: (req) => security.authorizeUpgrade(req, splitTarget(req.url ?? '/').query),
    isEventsSocket: (url) => socketTarget(url)?.kind === 'events',
    socketTarget,
    async close() {
      closing = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
