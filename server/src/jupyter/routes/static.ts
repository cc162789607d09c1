// The front end's built files under /lab and /static/, a redirect from / to /lab,
// and the placeholder page the app's pages (routes/lab.ts) show until the front
// end is built. The page template (index.html) is never served as a file: only
// filled in, by routes/lab.ts.
// Files are looked up with the same rules as contents paths (decoded once, no
// `..`, no dotfiles, real path inside the folder), so a URL cannot leave it.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { apiPathFromUrl, isHiddenPath } from '../contents/paths.js';
import { ApiError, notFound } from '../errors.js';
import { escapeHtml } from '../http.js';
import { contentTypeOf } from '../mime.js';
import { route, type Reply, type Route } from '../router.js';

/** A regular file at `rel` (URL-encoded) inside `dir`, or undefined. Traversal attempts are refused, not looked up. */
export async function fileInside(dir: string, rel: string | undefined): Promise<string | undefined> {
  let api: string;
  try {
    api = apiPathFromUrl(rel);
  } catch (e) {
    if (e instanceof ApiError) throw notFound('Not found');
    throw e;
  }
  if (api === '' || isHiddenPath(api)) return undefined;
  try {
    const realDir = await realpath(dir);
    const real = await realpath(join(realDir, ...api.split('/')));
    if (!real.startsWith(realDir + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stream a file with its content type; a matching If-None-Match gets a 304. The default
 * cache policy revalidates: cheap on localhost, never stale after a rebuild.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl = 'no-cache'): Promise<Reply> {
  const st = await stat(file);
  const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return 'handled';
  }
  res.setHeader('Content-Type', contentTypeOf(file));
  res.setHeader('Content-Length', st.size);
  res.writeHead(200);
  await pipeline(createReadStream(file), res);
  return 'handled';
}

async function isDir(path: string | undefined): Promise<boolean> {
  return path !== undefined && (await stat(path).then((s) => s.isDirectory()).catch(() => false));
}

export function placeholder(baseUrl: string): string {
  const api = escapeHtml(`${baseUrl}api/kernelspecs`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bootbook: front end not built</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;line-height:1.5;padding:0 1em}code{background:#eee;padding:0 .2em}</style>
</head><body>
<h1>The bootbook front end is not built yet</h1>
<p>This bootbook server is running, and its Jupyter REST API answers (try <a href="${api}"><code>${api}</code></a>),
but the JupyterLab front end it serves here has not been built.</p>
<p>To get the notebook interface, build the front end from the <code>app/</code> folder of the bootbook
repository (its README gives the command), then start <code>bootbook lab</code> again.</p>
<p>Meanwhile, <code>bootbook execute NOTEBOOK.ipynb</code> runs a notebook without a browser.</p>
</body></html>
`;
}

/** A built file other than the page template. */
async function buildFile(staticDir: string | undefined, rel: string | undefined): Promise<string | undefined> {
  if (!(await isDir(staticDir))) return undefined;
  const file = await fileInside(staticDir!, rel);
  return file && file === (await fileInside(staticDir!, 'index.html')) ? undefined : file;
}

export function staticRoutes(staticDir: string | undefined): Route[] {
  return [
    // GET / - the notebook interface lives at /lab
    route('GET', '/', (ctx) => ({ redirect: `${ctx.baseUrl}lab` })),
    // GET /lab/<file> - the front end's files (its pages are routes/lab.ts's)
    route('GET', '/lab/*rest', async (ctx) => {
      const rest = ctx.params.rest ?? '';
      if (rest === 'api' || rest.startsWith('api/')) throw notFound(`No such endpoint: ${ctx.req.method} ${ctx.baseUrl}lab/${rest}`);
      const file = await buildFile(staticDir, rest);
      if (file) return sendFile(ctx.req, ctx.res, file);
      throw notFound(`Not found: ${ctx.baseUrl}lab/${rest}`);
    }),
    // GET /static/<file> - the front end's assets
    route('GET', '/static/*rest', async (ctx) => {
      const file = await buildFile(staticDir, ctx.params.rest);
      if (!file) throw notFound(`Not found: ${ctx.baseUrl}static/${ctx.params.rest ?? ''}`);
      return sendFile(ctx.req, ctx.res, file);
    }),
  ];
}
