// Trust records: kept by pack name and content hash in trust.json; which packs need
// trust (added and notebook packs) and which do not (bundled, $BOOTBOOK_PACK_PATH);
// a changed pack is untrusted again; the refusal says how to trust.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadPack } from '../../../../server/src/engine/packs/load.js';
import { rootOrigin } from '../../../../server/src/engine/packs/search-path.js';
import { contentHash } from '../../../../server/src/engine/packs/store.js';
import { assertTrusted, readTrust, trustFile, trustPack, trustStatus, untrustPack } from '../../../../server/src/engine/packs/trust.js';
import type { Pack } from '../../../../server/src/engine/packs/types.js';
import { kernelsDir } from '../../../../server/src/engine/paths.js';

const root = mkdtempSync(join(tmpdir(), 'bootbook-trust-'));
process.once('exit', () => rmSync(root, { recursive: true, force: true }));
const config = join(root, 'config');
process.env.BOOTBOOK_PACKS_DIR = join(root, 'user-packs');
process.env.BOOTBOOK_PACK_PATH = join(root, 'mine');

function copyOfBare(into: string): Pack {
  const dir = join(into, 'bare');
  mkdirSync(into, { recursive: true });
  cpSync(join(kernelsDir, 'bare'), dir, { recursive: true });
  const p = loadPack(dir);
  assert.ok(!Array.isArray(p));
  return p;
}

describe('trust', () => {
  test('where a pack comes from decides whether it needs trust', () => {
    assert.equal(rootOrigin(kernelsDir), 'bundled');
    assert.equal(rootOrigin(join(root, 'user-packs')), 'added');
    assert.equal(rootOrigin(join(root, 'mine')), 'path');
    assert.equal(rootOrigin(join(root, 'project', 'packs')), 'notebook');
    const bundled = loadPack(join(kernelsDir, 'bare')) as Pack;
    assert.deepEqual(trustStatus(bundled, config), { state: 'not-needed', origin: 'bundled' });
    assert.equal(trustStatus(copyOfBare(join(root, 'mine')), config).state, 'not-needed');
  });

  test('an added pack is untrusted, trusted by its hash, and untrusted again when it changes', () => {
    const pack = copyOfBare(join(root, 'user-packs'));
    assert.equal(trustStatus(pack, config).state, 'untrusted');
    assert.throws(() => assertTrusted(pack, config), (e: Error & { code: string; hint: string }) => {
      assert.equal(e.code, 'untrusted-pack');
      assert.match(e.message, /pack "bare" \(from bootbook packs add\) would run its own build steps on this machine and you have not trusted it yet/);
      assert.match(e.hint, /bootbook packs trust bare/);
      return true;
    });
    trustPack('bare', contentHash(pack.dir), config);
    assert.equal(readTrust(config).bare?.hash, contentHash(pack.dir));
    assert.equal(trustStatus(pack, config).state, 'trusted');
    assert.doesNotThrow(() => assertTrusted(pack, config));
    appendFileSync(join(pack.dir, 'src', 'runtime.c'), '\n// edited\n');
    const reloaded = loadPack(pack.dir) as Pack; // a reload sees the new content
    assert.equal(trustStatus(reloaded, config).state, 'changed');
    assert.throws(() => assertTrusted(reloaded, config), /its files changed since you trusted it/);
  });

  test("a notebook folder's pack needs trust too, and says where it is", () => {
    const pack = copyOfBare(join(root, 'project', 'packs'));
    untrustPack('bare', config);
    assert.throws(() => assertTrusted(pack, config), /pack "bare" \(from the notebook folder's packs\/\)/);
  });

  test('untrust forgets; the file keeps other packs; a broken file is named', () => {
    trustPack('one', 'a'.repeat(64), config);
    trustPack('two', 'b'.repeat(64), config);
    assert.equal(untrustPack('one', config), true);
    assert.equal(untrustPack('one', config), false);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(trustFile(config), 'utf8')).packs), ['two']);
    appendFileSync(trustFile(config), 'garbage');
    assert.throws(() => readTrust(config), /trust\.json is not valid JSON/);
  });
});
