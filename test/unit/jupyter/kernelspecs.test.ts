// jupyter-config/ (the kernelspecs for standard Jupyter) agrees with the targets
// our server lists, and `bootbook jupyter install/uninstall` write and remove
// them (with logos and an argv that runs this installation).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadPacks } from '../../../server/src/engine/packs/load.js';
import { repoRoot } from '../../../server/src/engine/paths.js';
import { dataDirFor, installedCommand, installKernelspecs, kernelJsons, kernelspecsDir, uninstallKernelspecs, userDataDir } from '../../../server/src/jupyter/kernels/kernelspecs.js';
import { KernelManager } from '../../../server/src/jupyter/kernels/manager.js';
import { kernelSpecs, parseSpecName } from '../../../server/src/jupyter/kernels/specs.js';

const packs = loadPacks().packs;
const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('jupyter-config kernelspecs', () => {
  test('one folder per bundled target, kernel.json as kernelJsons() makes it, with both logos', () => {
    const expected = kernelJsons(packs);
    assert.deepEqual(readdirSync(kernelspecsDir).sort(), Object.keys(expected).sort());
    assert.equal(Object.keys(expected).length, Object.keys(kernelSpecs(packs)).length);
    for (const [name, json] of Object.entries(expected)) {
      const dir = join(kernelspecsDir, name);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'kernel.json'), 'utf8')), json, `${name}/kernel.json is up to date`);
      assert.equal(json.language, 'c');
      assert.equal(json.interrupt_mode, 'message');
      assert.deepEqual(json.argv.slice(0, 2), ['bootbook', 'kernel']);
      assert.equal(json.argv.at(-1), '{connection_file}');
      for (const [file, size] of [['logo-32x32.png', 32], ['logo-64x64.png', 64]] as const) {
        const png = readFileSync(join(dir, file));
        assert.deepEqual([...png.subarray(0, 4)], PNG, `${name}/${file} is a PNG`);
        assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size, size]);
      }
    }
    // The display names are the server's.
    for (const [name, model] of Object.entries(kernelSpecs(packs))) assert.equal(expected[`bootbook-${name}`]!.display_name, model.spec.display_name);
  });

  test('our server serves the same logos (resourceDir) and accepts the installed names', () => {
    const km = new KernelManager(packs);
    assert.equal(km.resourceDir('kite-x86_64'), join(kernelspecsDir, 'bootbook-kite-x86_64'));
    assert.equal(km.resourceDir('nope-x86_64'), undefined);
    assert.deepEqual(parseSpecName(packs, 'bootbook-kite-riscv64'), { pack: 'kite', arch: 'riscv64' });
  });
});

describe('bootbook jupyter install / uninstall', () => {
  test('install writes every kernelspec with this installation\'s argv and the logos; uninstall removes them', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'bootbook-install-'));
    try {
      const dataDir = dataDirFor({ kind: 'prefix', dir: prefix });
      assert.equal(dataDir, join(prefix, 'share', 'jupyter'));
      const report = installKernelspecs(packs, dataDir);
      assert.deepEqual(report.kernels.sort(), Object.keys(kernelJsons(packs)).sort());
      const cmd = installedCommand();
      assert.equal(cmd[1], join(repoRoot, 'bin', 'bootbook.js'));
      for (const name of report.kernels) {
        const json = JSON.parse(readFileSync(join(dataDir, 'kernels', name, 'kernel.json'), 'utf8')) as { argv: string[] };
        assert.deepEqual(json.argv.slice(0, 3), [...cmd, 'kernel']);
        assert.ok(existsSync(join(dataDir, 'kernels', name, 'logo-64x64.png')));
      }
      const removed = uninstallKernelspecs(dataDir);
      assert.equal(removed.filter((r) => r.includes('/kernels/')).length, report.kernels.length);
      assert.deepEqual(readdirSync(join(dataDir, 'kernels')), []);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  test('the user data dir follows Jupyter: JUPYTER_DATA_DIR, XDG_DATA_HOME, ~/.local/share/jupyter', () => {
    assert.equal(userDataDir({ JUPYTER_DATA_DIR: '/x/y' }), '/x/y');
    assert.equal(userDataDir({ XDG_DATA_HOME: '/d' }), '/d/jupyter');
    assert.match(userDataDir({}), /\/\.local\/share\/jupyter$/);
  });
});
