// A stand-in for a prebuilt (federated) JupyterLab extension's folder, as @jupyterlab/builder
// writes one: package.json with jupyterlab._build, static/ (a container, a hashed chunk, the
// unhashed style.js) and schemas/<name>/plugin.json. No webpack needed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CONTAINER = 'remoteEntry.0123456789abcdef0123.js';
export const CHUNK = '42.fedcba9876543210fedc.js';

/** Writes a prebuilt extension's folder: package.json with jupyterlab._build, its container, a schema. */
export async function fakeExtension(dir: string, name: string, over: Record<string, unknown> = {}): Promise<string> {
  await mkdir(join(dir, 'static'), { recursive: true });
  await writeFile(join(dir, 'static', CONTAINER), 'var _JUPYTERLAB;');
  await writeFile(join(dir, 'static', 'style.js'), '/* style */');
  await writeFile(join(dir, 'static', CHUNK), '/* chunk */');
  await mkdir(join(dir, 'schemas', ...name.split('/')), { recursive: true });
  await writeFile(join(dir, 'schemas', ...name.split('/'), 'plugin.json'), JSON.stringify({ title: name, type: 'object', properties: {} }));
  const build = { load: `static/${CONTAINER}`, extension: './extension', style: './style' };
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', jupyterlab: { _build: build }, ...over }));
  return dir;
}

