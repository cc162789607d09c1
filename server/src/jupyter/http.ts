// Small node:http helpers shared by the app and the routes: reading a bounded
// JSON body, writing replies with the headers jupyter_server sends, cookies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from './errors.js';

/** Largest request body accepted: whole-notebook saves with outputs can be large. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new ApiError('too-large', `Request body larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError('too-large', `Request body larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** An empty body is `undefined` (Jupyter clients often send none); anything else must be JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = (await readBody(req)).toString('utf8');
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (e) {
    throw badRequest(`Invalid JSON in request body: ${(e as Error).message}`);
  }
}

/** Drain an unread body so keep-alive connections stay usable. */
export function discardBody(req: IncomingMessage): void {
  if (!req.readableEnded) req.resume();
}

export type Headers = Record<string, string | string[]>;

function apply(res: ServerResponse, headers: Headers | undefined): void {
  for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
}

// API replies are never cached and never rendered as a page (jupyter_server's
// APIHandler sends the same two headers).
export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Headers): void {
  apply(res, headers);
  res.setHeader('Cache-Control', 'no-store, no-cache, must-revalidate, max-age=0');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'self'; default-src 'none'");
  if (status === 204 || body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=UTF-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.writeHead(status).end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers?: Headers): void {
  apply(res, headers);
  res.setHeader('Content-Type', 'text/html; charset=UTF-8');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.setHeader('Content-Security-Policy', "frame-ancestors 'self'");
  res.setHeader('Cache-Control', 'no-cache');
  res.writeHead(status).end(html);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      continue; // a malformed cookie is no cookie
    }
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

export function addSetCookie(res: ServerResponse, cookie: string): void {
  const prev = res.getHeader('Set-Cookie');
  const list = Array.isArray(prev) ? prev : prev === undefined ? [] : [String(prev)];
  res.setHeader('Set-Cookie', [...list, cookie]);
}

/** Escape each segment of an API path for a Location header or a URL. */
export function urlEscapePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Split a raw request target into its undecoded path and its query (never normalized: `..` stays visible). */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  return { path, query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
