// Content types by file extension, for contents models and static files. A
// short table of what a notebook folder and a JupyterLab build contain; anything
// else is left to the caller's default (jupyter_server uses Python's mimetypes).
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ipynb': 'application/x-ipynb+json',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.c': 'text/x-csrc',
  '.h': 'text/x-chdr',
  '.py': 'text/x-python',
  '.sh': 'text/x-sh',
  '.yaml': 'application/x-yaml',
  '.yml': 'application/x-yaml',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.zip': 'application/zip',
};

export function mimeTypeOf(name: string): string | undefined {
  return TYPES[extname(name).toLowerCase()];
}

/** For a Content-Type header: text types say their charset. */
export function contentTypeOf(name: string): string {
  const t = mimeTypeOf(name) ?? 'application/octet-stream';
  return t.startsWith('text/') || t === 'application/json' || t === 'image/svg+xml' ? `${t}; charset=UTF-8` : t;
}
