// Raw file downloads (/files/<path>), as jupyter_server's FilesHandler: the file
// itself, not a contents model. Same confinement as the contents API (the path
// is decoded once and resolved by contents/paths.ts: no `..`, no hidden entries,
// no link out of the root). Files are shown under a sandbox CSP, so an HTML or
// SVG file from the notebook folder runs in an opaque origin, never as the app.
import { apiPathFromUrl, nameOf } from '../contents/paths.js';
import type { FileContents } from '../contents/files.js';
import { notFound } from '../errors.js';
import { route, type Route } from '../router.js';
import { sendFile } from './static.js';
import { stat } from 'node:fs/promises';

export function filesRoutes(contents: FileContents): Route[] {
  return [
    // GET /files/<path>[?download=1] - a file's bytes (as an attachment with download)
    route('GET', '/files/*path', async (ctx) => {
      const api = apiPathFromUrl(ctx.params.path);
      const missing = notFound(`File not found: ${api || '/'}`);
      if (api === '') throw missing;
      const r = await contents.existing(api);
      if (!(await stat(r.os)).isFile()) throw missing;
      ctx.res.setHeader('Content-Security-Policy', "frame-ancestors 'self'; sandbox allow-scripts");
      const download = ctx.query.get('download');
      if (download !== null && download !== '0' && download !== 'false') {
        ctx.res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(nameOf(api))}`);
      }
      return sendFile(ctx.req, ctx.res, r.os);
    }),
  ];
}
