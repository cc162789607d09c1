// Session routes: HTTP <-> Sessions, following jupyter_server's
// services/sessions/handlers.py (POST answers 201 even when it returns the
// existing session of that path, with a Location header).
import { route, type Route } from '../router.js';
import { bodySchema } from '../schemas.js';
import type { KernelChoice, Sessions } from '../sessions.js';

// JupyterLab sends `kernel: {name}` or `{id}`; older clients send nulls for the other.
const kernelChoice = {
  type: ['object', 'null'],
  properties: { id: { type: ['string', 'null'], minLength: 1 }, name: { type: ['string', 'null'], minLength: 1 } },
};

interface WireChoice {
  id?: string | null;
  name?: string | null;
}

const createBody = bodySchema<{ path: string; type: string; name?: string | null; kernel?: WireChoice | null }>({
  type: 'object',
  required: ['path', 'type'],
  properties: { path: { type: 'string' }, type: { type: 'string' }, name: { type: ['string', 'null'] }, kernel: kernelChoice },
});

const patchBody = bodySchema<{ path?: string; type?: string; name?: string; kernel?: WireChoice | null }>({
  type: 'object',
  properties: { path: { type: 'string' }, type: { type: 'string' }, name: { type: 'string' }, kernel: kernelChoice },
});

function choice(k: WireChoice | null | undefined): KernelChoice | undefined {
  if (!k) return undefined;
  return { ...(k.id != null ? { id: k.id } : {}), ...(k.name != null ? { name: k.name } : {}) };
}

export function sessionRoutes(sessions: Sessions): Route[] {
  return [
    // GET /api/sessions - every session (JupyterLab polls this every 10 s)
    route('GET', '/api/sessions', () => ({ status: 200, json: sessions.list() })),
    // POST /api/sessions - a session for a document: reuses the path's session, else starts or reuses a kernel
    route(
      'POST',
      '/api/sessions',
      async (ctx) => {
        const b = ctx.body;
        const { model } = await sessions.create({ path: b.path, type: b.type, name: b.name ?? '', kernel: choice(b.kernel) });
        return { status: 201, json: model, headers: { Location: `${ctx.baseUrl}api/sessions/${encodeURIComponent(model.id)}` } };
      },
      createBody,
    ),
    // GET /api/sessions/<id> - one session
    route('GET', '/api/sessions/:id', (ctx) => ({ status: 200, json: sessions.get(ctx.params.id!) })),
    // PATCH /api/sessions/<id> - rename/move the document, or change its kernel
    route(
      'PATCH',
      '/api/sessions/:id',
      async (ctx) => {
        const { kernel, ...rest } = ctx.body;
        return { status: 200, json: await sessions.update(ctx.params.id!, { ...rest, kernel: choice(kernel) }) };
      },
      patchBody,
    ),
    // DELETE /api/sessions/<id> - end a session and shut its kernel down
    route('DELETE', '/api/sessions/:id', async (ctx) => {
      await sessions.delete(ctx.params.id!);
      return { status: 204 };
    }),
  ];
}
