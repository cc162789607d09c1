// The JupyterLab application's own endpoints (jupyterlab_server's part of a
// Jupyter server): its pages with the page config filled in, settings, themes,
// translations and workspaces. The logic lives in ../lab/; these are the mappings.
import { join } from 'node:path';
import { badRequest, notFound } from '../errors.js';
import type { FederatedEntry } from '../lab/labextensions.js';
import { pageConfig, readTemplate, renderPage } from '../lab/page.js';
import type { SettingsStore } from '../lab/settings.js';
import { themeFile } from '../lab/themes.js';
import { catalog, LANGUAGES } from '../lab/translations.js';
import type { Workspace, WorkspaceStore } from '../lab/workspaces.js';
import { route, type Ctx, type Reply, type Route } from '../router.js';
import { bodySchema } from '../schemas.js';
import { fileInside, placeholder, sendFile } from './static.js';

export interface LabDeps {
  /** The built front end (app/build); absent or unbuilt: the pages are a placeholder saying so. */
  staticDir?: string;
  settings: SettingsStore;
  workspaces: WorkspaceStore;
  /** The server token, handed to a page whose request presented it. */
  token: string;
  /** The notebook root's absolute path, shown by the file browser. */
  root: string;
  /** The prebuilt extensions the page config lists (`federated_extensions`). */
  federated?: FederatedEntry[];
}

const settingBody = bodySchema<{ raw: string }>({ type: 'object', required: ['raw'], properties: { raw: { type: 'string' } } });
const workspaceBody = bodySchema<Workspace>({
  type: 'object',
  required: ['data', 'metadata'],
  properties: { data: { type: 'object' }, metadata: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
});

function decode(raw: string | undefined, what: string): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw badRequest(`Malformed percent-encoding in ${what} "${raw}".`);
  }
}

export function labRoutes(d: LabDeps): Route[] {
  async function page(ctx: Ctx<unknown>, treePath: string, workspace?: string): Promise<Reply> {
    const index = d.staticDir ? await fileInside(d.staticDir, 'index.html') : undefined;
    if (!index) return { status: 200, html: placeholder(ctx.baseUrl) };
    // A page asked for with the token (?token= or the header) gets it, so the app sends it
    // on every request; a page opened with the login cookie alone goes on with the cookie
    // (and the _xsrf cookie) and is not handed the token.
    const presented = ctx.query.has('token') || /^(?:token|bearer)\s/i.test(ctx.req.headers.authorization ?? '');
    const config = pageConfig({ baseUrl: ctx.baseUrl, token: presented ? d.token : '', treePath, workspace, serverRoot: d.root, federatedExtensions: d.federated });
    return { status: 200, html: renderPage(await readTemplate(index), config), headers: { 'Referrer-Policy': 'same-origin' } };
  }

  return [
    // GET /lab - the application
    route('GET', '/lab', (ctx) => page(ctx, '')),
    // GET /lab/tree/<path> - the application, opening <path>
    route('GET', '/lab/tree/*path', (ctx) => page(ctx, decode(ctx.params.path, 'tree path'))),
    // GET /lab/workspaces/<name>[/tree/<path>] - the application in a named workspace
    route('GET', '/lab/workspaces/:name/*rest', (ctx) => {
      const rest = ctx.params.rest ?? '';
      if (rest !== '' && rest !== 'tree' && !rest.startsWith('tree/')) throw notFound(`Not found: ${ctx.baseUrl}lab/workspaces/${ctx.params.name}/${rest}`);
      return page(ctx, decode(rest.replace(/^tree\/?/, ''), 'tree path'), ctx.params.name);
    }),

    // GET /lab/api/settings[?ids_only=true] - every plugin's settings (or just their ids)
    route('GET', '/lab/api/settings', async (ctx) => {
      if (ctx.query.get('ids_only') === 'true') return { status: 200, json: { settings: (await d.settings.ids()).map((id) => ({ id })) } };
      return { status: 200, json: { settings: await d.settings.list() } };
    }),
    // GET /lab/api/settings/<plugin id> - one plugin's schema and saved text
    route('GET', '/lab/api/settings/*id', async (ctx) => ({ status: 200, json: await d.settings.get(decode(ctx.params.id, 'plugin id')) })),
    // PUT /lab/api/settings/<plugin id> - save the user's text ({raw}, JSON5, kept verbatim)
    route(
      'PUT',
      '/lab/api/settings/*id',
      async (ctx) => {
        await d.settings.save(decode(ctx.params.id, 'plugin id'), ctx.body.raw);
        return { status: 204 };
      },
      settingBody,
    ),

    // GET /lab/api/themes/<package>/<file> - a theme's stylesheet and the files it loads
    route('GET', '/lab/api/themes/*rest', async (ctx) => {
      const file = await themeFile(d.staticDir, ctx.params.rest);
      if (!file) throw notFound(`No such theme file: ${ctx.params.rest ?? ''}`);
      return sendFile(ctx.req, ctx.res, file);
    }),

    // GET /lab/api/translations - the installed languages (English only)
    route('GET', '/lab/api/translations', () => ({ status: 200, json: LANGUAGES })),
    // GET /lab/api/translations/<locale> - a language's strings (none: the built-in English)
    route('GET', '/lab/api/translations/:locale', (ctx) => ({ status: 200, json: catalog(ctx.params.locale!) })),

    // GET /lab/api/workspaces - every saved workspace
    route('GET', '/lab/api/workspaces', async () => ({ status: 200, json: { workspaces: await d.workspaces.list() } })),
    // GET /lab/api/workspaces/<id> - one workspace (empty when never saved)
    route('GET', '/lab/api/workspaces/:id', async (ctx) => ({ status: 200, json: await d.workspaces.get(ctx.params.id!) })),
    // PUT /lab/api/workspaces/<id> - save a workspace ({data, metadata: {id}})
    route(
      'PUT',
      '/lab/api/workspaces/:id',
      async (ctx) => {
        await d.workspaces.save(ctx.params.id!, ctx.body);
        return { status: 204 };
      },
      workspaceBody,
    ),
    // DELETE /lab/api/workspaces/<id> - forget a workspace
    route('DELETE', '/lab/api/workspaces/:id', async (ctx) => {
      await d.workspaces.delete(ctx.params.id!);
      return { status: 204 };
    }),
  ];
}

/** app/build/schemas.json of a build folder. */
export const schemasFileOf = (staticDir: string | undefined) => (staticDir ? join(staticDir, 'schemas.json') : undefined);
