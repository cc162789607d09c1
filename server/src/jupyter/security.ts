// Who may talk to the server, modelled on jupyter_server:
// - the token, from `Authorization: token <t>` (or `Bearer`), `?token=`, or the
//   login cookie that a `?token=` request earns (so a browser tab keeps working
//   after the first page load without the token in every URL);
// - XSRF: a state-changing request authenticated only by the cookie must echo the
//   `_xsrf` cookie in `X-XSRFToken` (another site can make the browser send our
//   cookie, but cannot read it); token-authenticated requests prove knowledge of
//   the secret and are exempt;
// - Host: only loopback names and the configured ip, against DNS rebinding (a
//   page on evil.example whose name later resolves to 127.0.0.1 is same-origin
//   for the browser but carries `Host: evil.example`);
// - Origin: sockets and state-changing requests from another origin are refused
//   unless listed in allowOrigin.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { parseCookies } from './http.js';

export const XSRF_COOKIE = '_xsrf';
export const XSRF_HEADER = 'x-xsrftoken';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface SecurityOptions {
  token: string;
  /** The address the server listens on; a wildcard (0.0.0.0, ::) lets any IP literal through as Host. */
  ip?: string;
  /** Extra host names accepted in the Host header (a machine name, a reverse proxy's name). */
  allowHosts?: string[];
  /** Origins allowed besides the server's own; `*` allows any. */
  allowOrigin?: string[];
}

export type AuthMethod = 'header' | 'query' | 'cookie';
export type Verdict = { ok: true; via: AuthMethod } | { ok: false; status: number; message: string };

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function isUnsafeMethod(method: string | undefined): boolean {
  return UNSAFE.has(method ?? '');
}

/** Host header without the port, lower-cased; IPv6 without brackets. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colons = h.split(':').length - 1;
  return colons === 1 ? h.slice(0, h.indexOf(':')) : h;
}

function isLoopback(name: string): boolean {
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name.startsWith('::ffff:127.');
}

export class Security {
  /** Random per process: jupyter_server signs a user id into its cookie; a secret value we compare does the same job. */
  private readonly loginSecret = randomBytes(32).toString('hex');

  constructor(private readonly opts: SecurityOptions) {
    if (!opts.token) throw new Error('bootbook: the Jupyter server needs a non-empty token');
  }

  /** The login cookie is named per port, like jupyter_server's, so two servers on one host do not log each other out. */
  loginCookieName(req: IncomingMessage): string {
    const host = req.headers.host ?? '';
    const port = /:(\d+)$/.exec(host)?.[1] ?? 'default';
    return `bootbook-login-${port}`;
  }

  loginCookie(req: IncomingMessage, path: string): string {
    return `${this.loginCookieName(req)}=${this.loginSecret}; Path=${path}; HttpOnly; SameSite=Lax`;
  }

  checkHost(req: IncomingMessage): Verdict | undefined {
    const host = req.headers.host;
    if (!host) return { ok: false, status: 400, message: 'Missing Host header.' };
    const name = hostName(host);
    const { ip, allowHosts = [] } = this.opts;
    const wildcard = ip === '0.0.0.0' || ip === '::' || ip === '';
    if (isLoopback(name) || name === ip?.toLowerCase() || allowHosts.some((h) => h.toLowerCase() === name)) return undefined;
    if (wildcard && isIP(name)) return undefined; // an IP literal cannot be rebound
    return { ok: false, status: 403, message: `Host "${name}" is not allowed (only local names and the server's own address are accepted).` };
  }

  /** Same origin (scheme-less host:port equal to Host) or listed in allowOrigin; no Origin header means a non-browser client. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    const allow = this.opts.allowOrigin ?? [];
    if (allow.includes('*') || allow.includes(origin)) return true;
    try {
      const url = new URL(origin);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === (req.headers.host ?? '').toLowerCase();
    } catch {
      return false; // "null" (sandboxed frames, file://) and garbage
    }
  }

  /** Allowed cross origin (for CORS headers): only an explicit allowOrigin entry. */
  corsOrigin(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    const allow = this.opts.allowOrigin ?? [];
    if (!origin) return undefined;
    return allow.includes('*') || allow.includes(origin) ? origin : undefined;
  }

  authenticate(req: IncomingMessage, query: URLSearchParams): Verdict {
    const header = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (header?.[1] !== undefined) {
      return sameSecret(header[1].trim(), this.opts.token) ? { ok: true, via: 'header' } : deny('Invalid token.');
    }
    const fromQuery = query.get('token');
    if (fromQuery !== null) return sameSecret(fromQuery, this.opts.token) ? { ok: true, via: 'query' } : deny('Invalid token.');
    const cookie = parseCookies(req.headers.cookie).get(this.loginCookieName(req));
    if (cookie !== undefined && sameSecret(cookie, this.loginSecret)) return { ok: true, via: 'cookie' };
    return deny('Authentication required: open the URL with ?token=... that `bootbook lab` printed, or send "Authorization: token <token>".');
  }

  checkXsrf(req: IncomingMessage, via: AuthMethod): Verdict | undefined {
    if (via !== 'cookie' || !isUnsafeMethod(req.method)) return undefined;
    const cookie = parseCookies(req.headers.cookie).get(XSRF_COOKIE);
    const header = req.headers[XSRF_HEADER];
    if (cookie && typeof header === 'string' && sameSecret(header, cookie)) return undefined;
    return { ok: false, status: 403, message: `'_xsrf' argument missing from ${req.method}: send the _xsrf cookie's value in an X-XSRFToken header.` };
  }

  /** For WebSocket upgrades: Host, token (header, query or cookie), then Origin. */
  authorizeUpgrade(req: IncomingMessage, query: URLSearchParams): { ok: true } | { ok: false; status: number; message: string } {
    const host = this.checkHost(req);
    if (host && !host.ok) return host;
    const auth = this.authenticate(req, query);
    if (!auth.ok) return auth;
    if (!this.originAllowed(req)) return { ok: false, status: 403, message: `Cross-origin WebSocket from ${req.headers.origin} refused.` };
    return { ok: true };
  }
}

function deny(message: string): Verdict {
  return { ok: false, status: 403, message };
}

export function newXsrfToken(): string {
  return randomBytes(24).toString('hex');
}
