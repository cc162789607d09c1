// The files of prebuilt (federated) JupyterLab extensions (lab/labextensions.ts finds them),
// at the URLs JupyterLab's front end asks for: `<fullLabextensionsUrl>/<name>/static/<file>`.
// Only static/ of a listed extension is served, with the same lookup rules as the front
// end's own files (decoded once, no `..`, no dotfiles, real path inside the folder).
// Caching as jupyter_server does it: files whose name carries a content hash (remoteEntry.<hash>.js,
// <id>.<hash>.js, also asked for with ?v=<hash>) never change: cached for a year; the others
// (style.js, licences) are revalidated on every load.
import { basename, join } from 'node:path';
import { notFound } from '../errors.js';
import type { PrebuiltExtension } from '../lab/labextensions.js';
import { route, type Route } from '../router.js';
import { fileInside, sendFile } from './static.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** A content hash in a file name: `remoteEntry.3df78c17c3898497ba3a.js`, `269.cf1704aa9d9565a8b915.js`. */
const HASHED = /\.[0-9a-f]{16,}\.[a-z0-9]+$/i;

export function cacheControlOf(file: string, query: URLSearchParams): string {
  return HASHED.test(basename(file)) || query.has('v') ? IMMUTABLE : REVALIDATE;
}

/** Splits `<name>/<rest>` of a URL path (still URL-encoded): a scoped name takes two segments. */
export function splitName(rest: string): { name: string; file: string } | undefined {
  const parts = rest.split('/');
  const take = parts[0]?.startsWith('@') || parts[0]?.toLowerCase().startsWith('%40') ? 2 : 1;
  if (parts.length <= take) return undefined;
  try {
    return { name: parts.slice(0, take).map(decodeURIComponent).join('/'), file: parts.slice(take).join('/') };
  } catch {
    return undefined;
  }
}

export function labextensionRoutes(extensions: readonly PrebuiltExtension[]): Route[] {
  const byName = new Map(extensions.map((e) => [e.name, e]));
  return [
    // GET /lab/extensions/<name>/static/<file> - a prebuilt extension's container, chunks and assets
    route('GET', '/lab/extensions/*rest', async (ctx) => {
      const rest = ctx.params.rest ?? '';
      const where = `${ctx.baseUrl}lab/extensions/${rest}`;
      const split = splitName(rest);
      const ext = split && byName.get(split.name);
      if (!split || !ext) {
        const known = [...byName.keys()].join(', ') || 'none';
        throw notFound(`Not found: ${where} (prebuilt extensions served here: ${known})`);
      }
      if (!split.file.startsWith('static/')) throw notFound(`Not found: ${where} (only the static/ files of an extension are served)`);
      const file = await fileInside(join(ext.dir, 'static'), split.file.slice('static/'.length));
      if (!file) throw notFound(`Not found: ${where}`);
      return sendFile(ctx.req, ctx.res, file, cacheControlOf(file, ctx.query));
    }),
  ];
}
