// The small endpoints the JupyterLab shell calls besides contents, kernels and
// sessions: identity, status, version, frontend config sections. (Workspaces,
// settings and the app's pages are JupyterLab's own: routes/lab.ts.)
import { userInfo } from 'node:os';
import { bootbookVersion } from '../../engine/version.js';
import { badRequest } from '../errors.js';
import type { KernelManagerLike } from '../kernels/types.js';
import { route, type Route } from '../router.js';
import { bodySchema } from '../schemas.js';
import type { ConfigSections } from '../stores.js';

/** The jupyter_server REST API level these routes follow (clients read it from GET /api). */
export const JUPYTER_SERVER_API_VERSION = '2.14.0';

const configBody = bodySchema<Record<string, unknown>>({ type: 'object' });

function identity() {
  let username = 'bootbook';
  try {
    username = userInfo().username || username;
  } catch {
    // no passwd entry (containers): keep the default
  }
  const initials = username.slice(0, 2).toUpperCase();
  return { username, name: username, display_name: username, initials, avatar_url: null, color: null };
}

/** `?permissions={"contents": ["read", "write"]}`: a single user may do everything asked. */
function permissions(raw: string | null): Record<string, string[]> {
  if (raw === null) return {};
  const bad = badRequest('permissions should be a JSON object of {"resource": ["action", ...]}');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw bad;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!Array.isArray(v) || !v.every((a) => typeof a === 'string')) throw bad;
    out[k] = v as string[];
  }
  return out;
}

export interface ServerInfo {
  started: Date;
  lastActivity(): Date;
}

export function serverRoutes(kernels: KernelManagerLike, config: ConfigSections, info: ServerInfo): Route[] {
  return [
    // GET /api - the API version
    route('GET', '/api', () => ({ status: 200, json: { version: JUPYTER_SERVER_API_VERSION, bootbook: bootbookVersion() } })),
    // GET /api/me - who is using the server, and what they may do (everything: one user, one token)
    route('GET', '/api/me', (ctx) => ({ status: 200, json: { identity: identity(), permissions: permissions(ctx.query.get('permissions')) } })),
    // GET /api/status - uptime, activity, kernel and connection counts
    route('GET', '/api/status', () => {
      const list = kernels.list();
      const times = [info.lastActivity().getTime(), ...list.map((k) => Date.parse(k.last_activity)).filter(Number.isFinite)];
      return {
        status: 200,
        json: {
          started: info.started.toISOString(),
          last_activity: new Date(Math.max(...times)).toISOString(),
          connections: list.reduce((n, k) => n + k.connections, 0),
          kernels: list.length,
        },
      };
    }),
    // GET /api/config/<section> - a frontend config section ({} when never written)
    route('GET', '/api/config/:section', (ctx) => ({ status: 200, json: config.get(ctx.params.section!) })),
    // PATCH /api/config/<section> - merge into a section (null deletes a key); answers the whole section
    route('PATCH', '/api/config/:section', (ctx) => ({ status: 200, json: config.update(ctx.params.section!, ctx.body) }), configBody),
    // PUT /api/config/<section> - replace a section
    route('PUT', '/api/config/:section', (ctx) => ({ status: 200, json: config.replace(ctx.params.section!, ctx.body) }), configBody),
    // GET /api/nbconvert - export formats: none yet (JupyterLab's export menu asks at start-up)
    route('GET', '/api/nbconvert', () => ({ status: 200, json: {} })),
    // GET /api/events/subscribe - only as a WebSocket (the socket layer accepts it and stays silent)
    route('GET', '/api/events/subscribe', () => ({ status: 400, json: { message: 'This is a WebSocket endpoint: connect with a WebSocket upgrade.', reason: null } })),
  ];
}
