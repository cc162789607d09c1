// Contents routes: HTTP <-> FileContents, following jupyter_server's
// services/contents/handlers.py (statuses, Location headers, query arguments).
import type { FileContents, SaveRequest } from '../contents/files.js';
import type { ContentType, GetOptions } from '../contents/models.js';
import { notebookSchema } from '../contents/notebook.js';
import { apiPathFromUrl, checkApiPath } from '../contents/paths.js';
import { badRequest } from '../errors.js';
import { urlEscapePath } from '../http.js';
import { route, type Ctx, type Route } from '../router.js';
import { bodySchema } from '../schemas.js';

const saveBody = bodySchema<SaveRequest & { copy_from?: string }>({
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['notebook', 'file', 'directory'] },
    format: { enum: ['json', 'text', 'base64', null] },
    content: {},
    chunk: { type: 'integer' },
    name: { type: ['string', 'null'] },
    path: { type: ['string', 'null'] },
    copy_from: { type: 'string' },
  },
  allOf: [
    { if: { required: ['type'], properties: { type: { const: 'notebook' } } }, then: { required: ['content'], properties: { content: notebookSchema } } },
    {
      if: { required: ['type'], properties: { type: { const: 'file' } } },
      then: { required: ['content', 'format'], properties: { content: { type: 'string' }, format: { enum: ['text', 'base64'] } } },
    },
  ],
});

const createBody = bodySchema<{ type?: ContentType | ''; ext?: string; copy_from?: string }>(
  {
    type: 'object',
    properties: {
      type: { enum: ['notebook', 'file', 'directory', ''] },
      // An extension is a name suffix: no folder separators, no NUL.
      ext: { type: 'string', maxLength: 32, pattern: '^[^/\\\\\\u0000]*$' },
      copy_from: { type: 'string', minLength: 1 },
    },
  },
  { optional: true },
);

const renameBody = bodySchema<{ path: string }>({
  type: 'object',
  required: ['path'],
  properties: { path: { type: 'string', minLength: 1 } },
});

function getOptions(q: URLSearchParams): GetOptions {
  const type = q.get('type') || undefined;
  if (type !== undefined && !['notebook', 'file', 'directory'].includes(type)) throw badRequest(`Type ${JSON.stringify(type)} is invalid`);
  let format = q.get('format') || undefined;
  if (format === 'json') format = undefined; // what notebooks and folders are anyway
  if (format !== undefined && format !== 'text' && format !== 'base64') throw badRequest(`Format ${JSON.stringify(format)} is invalid`);
  const content = q.get('content') ?? '1';
  if (content !== '0' && content !== '1') throw badRequest(`Content ${JSON.stringify(content)} is invalid`);
  const hash = q.get('hash') ?? '0';
  if (hash !== '0' && hash !== '1') throw badRequest(`Hash ${JSON.stringify(hash)} is invalid`);
  return { type: type as ContentType | undefined, format, content: content === '1', hash: hash === '1' };
}

const pathOf = (ctx: Ctx<unknown>) => apiPathFromUrl(ctx.params.path);
const contentsUrl = (ctx: Ctx<unknown>, path: string) => `${ctx.baseUrl}api/contents/${urlEscapePath(path)}`;

export function contentsRoutes(contents: FileContents): Route[] {
  return [
    // GET /api/contents/<path>/checkpoints - a file's checkpoints (zero or one)
    route('GET', '/api/contents/*path/checkpoints', async (ctx) => {
      const file = await contents.existing(pathOf(ctx));
      return { status: 200, json: await contents.checkpoints.list(file) };
    }),
    // POST /api/contents/<path>/checkpoints - checkpoint a file now
    route('POST', '/api/contents/*path/checkpoints', async (ctx) => {
      const file = await contents.existing(pathOf(ctx));
      const cp = await contents.checkpoints.create(file);
      return { status: 201, json: cp, headers: { Location: `${contentsUrl(ctx, file.api)}/checkpoints/${encodeURIComponent(cp.id)}` } };
    }),
    // POST /api/contents/<path>/checkpoints/<id> - restore the file from a checkpoint
    route('POST', '/api/contents/*path/checkpoints/:id', async (ctx) => {
      await contents.checkpoints.restore(await contents.existing(pathOf(ctx)), ctx.params.id!);
      return { status: 204 };
    }),
    // DELETE /api/contents/<path>/checkpoints/<id> - forget a checkpoint
    route('DELETE', '/api/contents/*path/checkpoints/:id', async (ctx) => {
      await contents.checkpoints.delete(await contents.existing(pathOf(ctx)), ctx.params.id!);
      return { status: 204 };
    }),
    // GET /api/contents/<path> - a notebook, file or folder model (?type= ?format= ?content=0 ?hash=1)
    route('GET', '/api/contents/*path', async (ctx) => {
      const model = await contents.get(pathOf(ctx), getOptions(ctx.query));
      return { status: 200, json: model, headers: { 'Last-Modified': new Date(model.last_modified).toUTCString() } };
    }),
    // PUT /api/contents/<path> - save a notebook, file or folder (200 when replaced, 201 when new)
    route(
      'PUT',
      '/api/contents/*path',
      async (ctx) => {
        if (ctx.body.copy_from) throw badRequest('Cannot copy with PUT, only POST');
        const { model, created } = await contents.save(pathOf(ctx), ctx.body);
        if (!created) return { status: 200, json: model };
        return { status: 201, json: model, headers: { Location: contentsUrl(ctx, model.path) } };
      },
      saveBody,
    ),
    // POST /api/contents/<folder> - a new untitled file, notebook or folder ({type, ext}), or a copy ({copy_from})
    route(
      'POST',
      '/api/contents/*path',
      async (ctx) => {
        const dir = pathOf(ctx);
        const { copy_from: from, type, ext } = ctx.body;
        const model = from !== undefined ? await contents.copy(checkApiPath(from), dir) : await contents.newUntitled(dir, { type, ext });
        return { status: 201, json: model, headers: { Location: contentsUrl(ctx, model.path) } };
      },
      createBody,
    ),
    // PATCH /api/contents/<path> - rename or move ({path}); its checkpoint moves along
    route(
      'PATCH',
      '/api/contents/*path',
      async (ctx) => {
        const model = await contents.rename(pathOf(ctx), checkApiPath(ctx.body.path));
        return { status: 200, json: model, headers: { Location: contentsUrl(ctx, model.path) } };
      },
      renameBody,
    ),
    // DELETE /api/contents/<path> - delete a file, or a folder that is empty
    route('DELETE', '/api/contents/*path', async (ctx) => {
      await contents.delete(pathOf(ctx));
      return { status: 204 };
    }),
  ];
}
