// A small stand-in for app/build/ (index.html with the placeholder, schemas.json,
// a theme folder), so the lab routes are tested without running webpack.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMPLATE =
  '<!doctype html><html><head><title>bootbook</title>' +
  '<script id="jupyter-config-data" type="application/json">{{PAGE_CONFIG}}</script>' +
  '</head><body><script src="/static/main.js"></script></body></html>';

export const SCHEMAS = {
  generatedBy: 'test',
  plugins: {
    '@jupyterlab/apputils-extension:themes': {
      package: '@jupyterlab/apputils-extension',
      version: '4.6.4',
      schema: { title: 'Theme', type: 'object', properties: { theme: { type: 'string', default: 'JupyterLab Light' } } },
    },
    '@jupyterlab/notebook-extension:tracker': {
      package: '@jupyterlab/notebook-extension',
      version: '4.6.4',
      schema: { title: 'Notebook', type: 'object', properties: {} },
    },
    'plain-extension:plugin': { package: 'plain-extension', version: '0.1.0', schema: { type: 'object' } },
  },
};

export async function fakeBuild(template = TEMPLATE): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bootbook-fake-build-'));
  await writeFile(join(dir, 'index.html'), template);
  await writeFile(join(dir, 'main.js'), 'console.log("main")');
  await writeFile(join(dir, 'schemas.json'), JSON.stringify(SCHEMAS));
  const light = join(dir, 'themes', '@jupyterlab', 'theme-light-extension');
  await mkdir(light, { recursive: true });
  await writeFile(join(light, 'index.css'), '@import url("./variables.css");\n');
  await writeFile(join(light, 'variables.css'), ':root { --jp-layout-color0: white; }\n');
  return dir;
}

/** The page config a served page carries (the one jupyter-config-data script, parsed as the browser would). */
export function configOf(html: string): Record<string, unknown> {
  const m = /<script id="jupyter-config-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no jupyter-config-data script in the page');
  return JSON.parse(m[1]!) as Record<string, unknown>;
}
