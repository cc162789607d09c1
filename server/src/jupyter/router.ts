// The route table: method + path pattern -> handler, first match wins.
// Patterns: `:name` is one path segment (decoded); `/*name` is the optional rest
// of the path, left URL-encoded so the contents layer decodes it exactly once
// and can see encoded traversal (`%2e%2e`, `%2F`) for itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './errors.js';
import type { Headers } from './http.js';
import type { BodySchema } from './schemas.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Ctx<B> {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  body: B;
  /** The server's base URL, always starting and ending with `/`. */
  baseUrl: string;
}

/** A JSON reply (the common case), an HTML page, a redirect, or `handled` when the handler wrote the response itself. */
export type Reply =
  | { status: number; json?: unknown; headers?: Headers }
  | { status: number; html: string; headers?: Headers }
  | { redirect: string }
  | 'handled';

export interface Route {
  method: Method;
  pattern: string;
  regex: RegExp;
  keys: { name: string; rest: boolean }[];
  body?: BodySchema<unknown>;
  handler(ctx: Ctx<unknown>): Promise<Reply> | Reply;
}

/** Declare a route; with `body`, the body is read, validated and typed before `handler` runs. */
export function route<B = undefined>(
  method: Method,
  pattern: string,
  handler: (ctx: Ctx<B>) => Promise<Reply> | Reply,
  body?: BodySchema<B>,
): Route {
  const keys: Route['keys'] = [];
  let source = '';
  for (const seg of pattern.split('/').slice(1)) {
    if (seg.startsWith('*')) {
      keys.push({ name: seg.slice(1), rest: true });
      source += '(?:/(.*))?';
    } else if (seg.startsWith(':')) {
      keys.push({ name: seg.slice(1), rest: false });
      source += '/([^/]+)';
    } else {
      source += '/' + seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return { method, pattern, regex: new RegExp(`^${source}/?$`), keys, body: body as BodySchema<unknown> | undefined, handler: handler as Route['handler'] };
}

export type Match = { route: Route; params: Record<string, string | undefined> } | { allowed: Method[] } | undefined;

export function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  const allowed = new Set<Method>();
  // HEAD is answered by the GET handler; node drops the body.
  const wanted = method === 'HEAD' ? 'GET' : method;
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    if (r.method !== wanted) {
      allowed.add(r.method);
      continue;
    }
    const params: Record<string, string | undefined> = {};
    r.keys.forEach((k, i) => {
      const raw = m[i + 1];
      params[k.name] = raw === undefined || k.rest ? raw : decodeSegment(raw);
    });
    return { route: r, params };
  }
  return allowed.size ? { allowed: [...allowed] } : undefined;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`Malformed percent-encoding in URL segment "${raw}".`);
  }
}
