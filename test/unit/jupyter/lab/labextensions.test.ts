// Finding prebuilt (federated) JupyterLab extensions: labextensions folders laid out like a
// Jupyter data dir's (`<name>/`, `@scope/<name>/`) and single extension folders; broken ones
// reported with the reason and left out; the first of two copies wins; their page config
// entries and settings schemas. The real build (extension/labextension) when it exists.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BootbookError } from '../../../../server/src/engine/errors.js';
import { repoRoot } from '../../../../server/src/engine/paths.js';
import { SettingsStore } from '../../../../server/src/jupyter/lab/settings.js';
import { fakeBuild } from './fixture.js';
import { fakeExtension } from './labextension-fixture.js';
import { federatedEntry, findLabextensions, prebuiltSchemas, readExtension } from '../../../../server/src/jupyter/lab/labextensions.js';

describe('finding prebuilt extensions', () => {
  let base: string;
  let dataDir: string;
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'bootbook-labext-'));
    dataDir = join(base, 'share', 'jupyter', 'labextensions');
    await fakeExtension(join(dataDir, 'plain-ext'), 'plain-ext');
    await fakeExtension(join(dataDir, '@scope', 'scoped-ext'), '@scope/scoped-ext');
    // Broken ones, each for its own reason.
    await fakeExtension(join(dataDir, 'not-built'), 'not-built', { jupyterlab: { extension: true } });
    await fakeExtension(join(dataDir, 'misplaced'), 'other-name');
    await fakeExtension(join(dataDir, 'escapes'), 'escapes', { jupyterlab: { _build: { load: '../../etc/passwd' } } });
    await fakeExtension(join(dataDir, 'no-container'), 'no-container', { jupyterlab: { _build: { load: 'static/remoteEntry.ffff.js' } } });
    await mkdir(join(dataDir, 'bad-json'));
    await writeFile(join(dataDir, 'bad-json', 'package.json'), '{ not json');
    await fakeExtension(join(dataDir, '.hidden'), '.hidden');
    // A second copy of plain-ext, as a single folder given later.
    await fakeExtension(join(base, 'copy'), 'plain-ext');
  });
  after(() => rm(base, { recursive: true, force: true }));

  test('a labextensions folder: plain and scoped names, in order; each broken one named with why', () => {
    const found = findLabextensions([dataDir]);
    assert.deepEqual(found.extensions.map((e) => e.name), ['@scope/scoped-ext', 'plain-ext']);
    const scoped = found.extensions[0]!;
    assert.equal(scoped.dir, join(dataDir, '@scope', 'scoped-ext'));
    assert.equal(scoped.load, 'static/remoteEntry.0123456789abcdef0123.js');
    assert.equal(scoped.version, '1.2.3');
    const why = (folder: string) => found.problems.find((p) => p.includes(join(dataDir, folder, 'package.json'))) ?? '';
    assert.match(why('not-built'), /no jupyterlab\._build\.load: not a prebuilt extension/);
    assert.match(why('misplaced'), /names other-name but lies in the folder of misplaced/);
    assert.match(why('escapes'), /must be a file below static\/, got "\.\.\/\.\.\/etc\/passwd"/);
    assert.match(why('no-container'), /container static\/remoteEntry\.ffff\.js is missing/);
    assert.match(why('bad-json'), /not readable as JSON/);
    assert.equal(found.problems.length, 5, found.problems.join('\n'));
  });

  test('one extension\'s own folder; the first copy of a name wins and the other is reported', () => {
    const found = findLabextensions([dataDir, join(base, 'copy')]);
    assert.equal(found.extensions.filter((e) => e.name === 'plain-ext').length, 1);
    assert.equal(found.extensions.find((e) => e.name === 'plain-ext')!.dir, join(dataDir, 'plain-ext'));
    assert.ok(found.problems.some((p) => p.includes(`plain-ext is already loaded from ${join(dataDir, 'plain-ext')}`)), found.problems.join('\n'));
    const single = findLabextensions([join(base, 'copy')]);
    assert.deepEqual(single.extensions.map((e) => e.dir), [join(base, 'copy')]);
  });

  test('a path that is not a folder is a usage error naming it and what to give', () => {
    const missing = join(base, 'nope');
    assert.throws(() => findLabextensions([missing]), (e: unknown) => {
      assert.ok(e instanceof BootbookError);
      assert.equal(e.code, 'bad-usage');
      assert.ok(e.message.includes(missing), e.message);
      assert.match(e.message, /labextensions folder .* or one prebuilt extension's folder/);
      return true;
    });
  });

  test('page config entries carry only the modules an extension has', () => {
    const ext = readExtension(join(dataDir, 'plain-ext'));
    assert.ok(typeof ext !== 'string', String(ext));
    assert.deepEqual(federatedEntry(ext), { name: 'plain-ext', load: 'static/remoteEntry.0123456789abcdef0123.js', extension: './extension', style: './style' });
  });

  test('settings schemas come from schemas/<name>/, keyed <name>:<file>', () => {
    const schemas = prebuiltSchemas(findLabextensions([dataDir]).extensions);
    assert.deepEqual([...schemas.keys()].sort(), ['@scope/scoped-ext:plugin', 'plain-ext:plugin']);
    assert.deepEqual(schemas.get('@scope/scoped-ext:plugin'), {
      package: '@scope/scoped-ext',
      version: '1.2.3',
      schema: { title: '@scope/scoped-ext', type: 'object', properties: {} },
    });
  });

  test('a prebuilt extension\'s schema wins over the build\'s for the same plugin (its plugins replace the bundled ones)', async () => {
    const build = await fakeBuild(); // has plain-extension:plugin at version 0.1.0
    try {
      const ext = await fakeExtension(join(base, 'replacing'), 'plain-extension');
      const store = new SettingsStore(join(build, 'schemas.json'), join(base, 'settings'), prebuiltSchemas(findLabextensions([ext]).extensions));
      const setting = await store.get('plain-extension:plugin');
      assert.equal(setting.version, '1.2.3');
      assert.deepEqual(setting.schema, { title: 'plain-extension', type: 'object', properties: {} });
      assert.ok((await store.ids()).includes('@jupyterlab/notebook-extension:tracker'));
    } finally {
      await rm(build, { recursive: true, force: true });
    }
  });

  const built = join(repoRoot, 'extension', 'labextension');
  test('our own build (extension/labextension) is found as one', { skip: existsSync(join(built, 'package.json')) ? false : 'extension/labextension is not built (npm run build:labextension)' }, () => {
    const found = findLabextensions([built]);
    assert.deepEqual(found.problems, []);
    assert.equal(found.extensions[0]!.name, '@bootbook/jupyterlab-extension');
    assert.deepEqual(Object.keys(federatedEntry(found.extensions[0]!)).sort(), ['extension', 'load', 'name', 'style']);
    assert.ok(prebuiltSchemas(found.extensions).has('@bootbook/jupyterlab-extension:settings'));
  });
});
