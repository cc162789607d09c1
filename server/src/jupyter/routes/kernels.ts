// Kernel and kernelspec routes: HTTP <-> KernelManagerLike, following
// jupyter_server's services/kernels and services/kernelspecs handlers (also what
// its GatewayClient calls, so Debian's Jupyter servers can use our kernels).
import { readdir } from 'node:fs/promises';
import { notFound } from '../errors.js';
import type { KernelManagerLike, KernelModel, KernelSpecModel } from '../kernels/types.js';
import { route, type Route } from '../router.js';
import { bodySchema } from '../schemas.js';
import { fileInside, sendFile } from './static.js';

// `env` and `path` come from gateway clients and JupyterLab; env is the caller's
// whole environment (untrusted) and is never used.
const startBody = bodySchema<{ name?: string | null }>(
  {
    type: 'object',
    properties: { name: { type: ['string', 'null'], minLength: 1 }, path: { type: ['string', 'null'] }, env: { type: 'object' } },
  },
  { optional: true },
);

// Gateway clients send `{}` to interrupt and restart; JupyterLab sends nothing.
const emptyBody = bodySchema<Record<string, unknown>>({ type: 'object' }, { optional: true });

const RESOURCE = /^(?:kernel\.js|kernel\.css|logo-[\w.-]+)$/;

export function kernelRoutes(kernels: KernelManagerLike): Route[] {
  const kernel = (id: string): KernelModel => {
    const k = kernels.get(id);
    if (!k) throw notFound(`Kernel does not exist: ${id}`);
    return k;
  };

  /** Resource URLs as jupyter_server lists them: "logo-64x64" -> <base>kernelspecs/<name>/logo-64x64.png. */
  const withResources = async (spec: KernelSpecModel, baseUrl: string): Promise<KernelSpecModel> => {
    const dir = kernels.resourceDir?.(spec.name);
    if (!dir) return spec;
    const files = await readdir(dir).catch(() => [] as string[]);
    const resources = { ...spec.resources };
    for (const f of files.filter((f) => RESOURCE.test(f))) {
      const key = f.startsWith('logo-') ? f.replace(/\.[^.]*$/, '') : f;
      resources[key] = `${baseUrl}kernelspecs/${encodeURIComponent(spec.name)}/${encodeURIComponent(f)}`;
    }
    return { ...spec, resources };
  };

  return [
    // GET /api/kernels - every running kernel
    route('GET', '/api/kernels', () => ({ status: 200, json: kernels.list() })),
    // POST /api/kernels - start a kernel ({name}; the default kernelspec when absent)
    route(
      'POST',
      '/api/kernels',
      (ctx) => {
        const model = kernels.start(ctx.body.name ?? kernels.specs().default);
        return { status: 201, json: model, headers: { Location: `${ctx.baseUrl}api/kernels/${encodeURIComponent(model.id)}` } };
      },
      startBody,
    ),
    // GET /api/kernels/<id> - one kernel's model
    route('GET', '/api/kernels/:id', (ctx) => ({ status: 200, json: kernel(ctx.params.id!) })),
    // DELETE /api/kernels/<id> - shut a kernel down (its QEMUs end with it)
    route('DELETE', '/api/kernels/:id', async (ctx) => {
      await kernels.shutdown(kernel(ctx.params.id!).id);
      return { status: 204 };
    }),
    // POST /api/kernels/<id>/interrupt - stop the running cell's build or boot
    route(
      'POST',
      '/api/kernels/:id/interrupt',
      (ctx) => {
        kernels.interrupt(kernel(ctx.params.id!).id);
        return { status: 204 };
      },
      emptyBody,
    ),
    // POST /api/kernels/<id>/restart - restart with a clean state; answers the model
    route(
      'POST',
      '/api/kernels/:id/restart',
      async (ctx) => {
        const id = kernel(ctx.params.id!).id;
        await kernels.restart(id);
        return { status: 200, json: kernel(id) };
      },
      emptyBody,
    ),
    // GET /api/kernels/<id>/channels - only as a WebSocket (the socket layer takes upgrades before routing)
    route('GET', '/api/kernels/:id/channels', () => ({ status: 400, json: { message: 'This is a WebSocket endpoint: connect with a WebSocket upgrade.', reason: null } })),
    // GET /api/kernelspecs - every kernelspec (one per target) and the default
    route('GET', '/api/kernelspecs', async (ctx) => {
      const { default: dflt, kernelspecs } = kernels.specs();
      const entries = await Promise.all(Object.entries(kernelspecs).map(async ([n, s]) => [n, await withResources(s, ctx.baseUrl)] as const));
      return { status: 200, json: { default: dflt, kernelspecs: Object.fromEntries(entries) } };
    }),
    // GET /api/kernelspecs/<name> - one kernelspec
    route('GET', '/api/kernelspecs/:name', async (ctx) => {
      const specs = kernels.specs().kernelspecs;
      const name = ctx.params.name!;
      if (!Object.hasOwn(specs, name)) throw notFound(`Kernel spec ${name} not found`);
      return { status: 200, json: await withResources(specs[name]!, ctx.baseUrl) };
    }),
    // GET /kernelspecs/<name>/<file> - a kernelspec's logo (or kernel.js/css), 404 when it has none
    route('GET', '/kernelspecs/:name/*file', async (ctx) => {
      const name = ctx.params.name!;
      const dir = Object.hasOwn(kernels.specs().kernelspecs, name) ? kernels.resourceDir?.(name) : undefined;
      const file = dir ? await fileInside(dir, ctx.params.file) : undefined;
      if (!file) throw notFound(`Kernel spec resource not found: ${name}/${ctx.params.file ?? ''}`);
      return sendFile(ctx.req, ctx.res, file);
    }),
  ];
}
