// Notebook overlays without a build: which paths are refused and why, what the
// key covers, and that the materialized copy has the overlay while the pack
// folder stays as it was. A throwaway pack in a temporary folder; the cache goes
// to a temporary $BOOTBOOK_CACHE.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isBootbookError } from '../../../../server/src/engine/errors.js';
import { loadPacks } from '../../../../server/src/engine/packs/load.js';
import { applyOverlay, checkOverlayPath, overlayKey, withOverlays } from '../../../../server/src/engine/packs/overlay.js';
import { kernelsDir } from '../../../../server/src/engine/paths.js';
import { planSweep, sweepKey } from '../../../../server/src/engine/sweep/plan.js';
import type { Pack } from '../../../../server/src/engine/packs/types.js';

let root: string;
let pack: Pack;
const savedCache = process.env.BOOTBOOK_CACHE;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'bb-overlay-'));
  process.env.BOOTBOOK_CACHE = join(root, 'cache');
  const dir = join(root, 'packs', 'toy');
  mkdirSync(join(dir, 'src', 'sched'), { recursive: true });
  writeFileSync(join(dir, 'pack.json'), '{"name":"toy"}');
  writeFileSync(join(dir, 'src', 'sched', 'sched.c'), 'int policy = 1;\n');
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'secret.c'), 'secret\n');
  symlinkSync(join(root, 'outside'), join(dir, 'link'));
  pack = { manifest: { name: 'toy' } as Pack['manifest'], dir, hash: 'a'.repeat(64) };
});

after(() => {
  if (savedCache === undefined) delete process.env.BOOTBOOK_CACHE;
  else process.env.BOOTBOOK_CACHE = savedCache;
  rmSync(root, { recursive: true, force: true });
});

function refusal(path: string): string {
  try {
    checkOverlayPath(pack, path);
  } catch (e) {
    assert.ok(isBootbookError(e), `not a BootbookError: ${e}`);
    assert.equal(e.code, 'bad-overlay');
    return e.message;
  }
  assert.fail(`${path} was accepted`);
}

describe('overlay paths', () => {
  test('a file of the pack and a new file inside it are accepted, in canonical form', () => {
    assert.equal(checkOverlayPath(pack, 'src/sched/sched.c'), 'src/sched/sched.c');
    assert.equal(checkOverlayPath(pack, './src//sched/new.c'), 'src/sched/new.c');
    assert.equal(checkOverlayPath(pack, 'brand/new/dir/file.h'), 'brand/new/dir/file.h');
  });

  test('an absolute path is refused, naming the pack, the path and what is valid', () => {
    const m = refusal('/etc/passwd');
    assert.match(m, /^toy:\/etc\/passwd cannot be overlaid: it is an absolute path/);
    assert.match(m, /relative to the pack's folder/);
  });

  test('.. is refused even when it would come back inside', () => {
    assert.match(refusal('../outside/secret.c'), /"\.\." leads outside the pack/);
    assert.match(refusal('src/../../x.c'), /outside the pack/);
    assert.match(refusal('src/../src/sched/sched.c'), /outside the pack/);
  });

  test('a path through a symbolic link is refused', () => {
    assert.match(refusal('link/secret.c'), /link is a symbolic link in the pack/);
  });

  test('pack.json is refused with the reason', () => {
    assert.match(refusal('pack.json'), /pack\.json is the pack's recipe/);
    assert.match(refusal('./pack.json'), /recipe/);
  });

  test('files that run on the host (Makefiles, scripts) are refused: only compiled sources', () => {
    assert.match(refusal('Makefile'), /only source files compiled into the kernel can be overlaid \(\.c \.h \.S \.s \.ld\)/);
    assert.match(refusal('scripts/link.sh'), /run on this machine when the pack builds/);
    assert.match(refusal('src/new.py'), /only source files/);
  });

  test('folders, empty paths, backslashes and NUL are refused', () => {
    assert.match(refusal('src/sched'), /is a folder in the pack, not a file/);
    assert.match(refusal('src/'), /names a folder/);
    assert.match(refusal('src/sched/sched.c/x'), /is a file, not a folder/);
    assert.match(refusal(''), /needs a file path inside the pack/);
    assert.match(refusal('src\\x.c'), /write folders with \//);
    assert.match(refusal('a\0b'), /NUL/);
  });
});

describe('overlay keys', () => {
  test('the key changes with the content, the path and the pack hash, not with the order', () => {
    const one = [{ path: 'a.c', content: 'x' }, { path: 'b.c', content: 'y' }];
    const k = overlayKey(pack, one);
    assert.equal(overlayKey(pack, [...one].reverse()), k);
    assert.notEqual(overlayKey(pack, [{ path: 'a.c', content: 'x2' }, one[1]!]), k);
    assert.notEqual(overlayKey(pack, [{ path: 'c.c', content: 'x' }, one[1]!]), k);
    assert.notEqual(overlayKey({ ...pack, hash: 'b'.repeat(64) }, one), k);
  });
});

describe('applying overlays', () => {
  test('no overlay: the pack itself', () => {
    assert.equal(applyOverlay(pack, []), pack);
  });

  test('the copy has the overlay and the new file; the pack folder is untouched', () => {
    const o = applyOverlay(pack, [
      { path: 'src/sched/sched.c', content: 'int policy = 2;\n' },
      { path: 'src/extra/new.c', content: 'int fresh;\n' },
    ]);
    assert.notEqual(o.dir, pack.dir);
    assert.ok(o.dir.startsWith(join(root, 'cache', 'overlays')), o.dir);
    assert.equal(readFileSync(join(o.dir, 'src/sched/sched.c'), 'utf8'), 'int policy = 2;\n');
    assert.equal(readFileSync(join(o.dir, 'src/extra/new.c'), 'utf8'), 'int fresh;\n');
    assert.equal(readFileSync(join(o.dir, 'pack.json'), 'utf8'), '{"name":"toy"}');
    // The portable headers sit beside the copy as they sit beside packs in kernels/.
    assert.ok(existsSync(join(o.dir, '..', 'include', 'bootbook.h')));
    assert.equal(readFileSync(join(pack.dir, 'src/sched/sched.c'), 'utf8'), 'int policy = 1;\n');
    assert.ok(!existsSync(join(pack.dir, 'src/extra')));
    assert.notEqual(o.hash, pack.hash);
    assert.equal(o.overlay?.baseDir, pack.dir);
    assert.deepEqual(
      o.overlay?.files.map((f) => f.path),
      ['src/extra/new.c', 'src/sched/sched.c'],
    );
    assert.match(o.overlay!.files[0]!.sha256, /^[0-9a-f]{64}$/);
  });

  test('the same overlay twice reuses one copy; a different one makes another', () => {
    const a = applyOverlay(pack, [{ path: 'src/sched/sched.c', content: 'v3\n' }]);
    const b = applyOverlay(pack, [{ path: 'src/sched/sched.c', content: 'v3\n' }]);
    const c = applyOverlay(pack, [{ path: 'src/sched/sched.c', content: 'v4\n' }]);
    assert.equal(a.dir, b.dir);
    assert.equal(a.hash, b.hash);
    assert.notEqual(c.dir, a.dir);
  });

  test('a bad path among several changes nothing', () => {
    assert.throws(() => applyOverlay(pack, [{ path: 'ok.c', content: 'x' }, { path: '../x.c', content: 'y' }]), /outside the pack/);
    assert.throws(() => applyOverlay(pack, [{ path: 'a.c', content: 'x' }, { path: './a.c', content: 'y' }]), /overlaid twice/);
  });

  test('withOverlays swaps only the overlaid pack and refuses an unknown one, listing the valid packs', () => {
    const other: Pack = { ...pack, manifest: { name: 'other' } as Pack['manifest'] };
    const packs = new Map([['toy', pack], ['other', other]]);
    const out = withOverlays(packs, [{ pack: 'toy', path: 'src/sched/sched.c', content: 'v5\n' }]);
    assert.equal(out.get('other'), other);
    assert.ok(out.get('toy')?.overlay);
    assert.equal(withOverlays(packs, []), packs);
    assert.throws(() => withOverlays(packs, [{ pack: 'nope', path: 'a.c', content: '' }]), /pack "nope", which is not loaded; valid packs: other, toy/);
  });
});

describe('sweeps with overlays', () => {
  test("an overlaid pack's sweep points are other points: a resumed sweep never mixes kernels", () => {
    const real = loadPacks([kernelsDir]).packs;
    const req = { base: { pack: 'kite' }, params: {}, axes: [{ name: 'n', values: ['1', '2'] }], repeat: 1 };
    const plain = planSweep(real, req);
    const overlaid = planSweep(withOverlays(real, [{ pack: 'kite', path: 'src/sched/sched.c', content: 'int x;\n' }]), req);
    assert.ok(overlaid.points.every((p) => p.target.pack.overlay && p.key.includes(p.target.pack.hash)));
    assert.ok(plain.points.every((p) => !p.key.includes('overlay')));
    const settings = { repeat: 1, clock: 'icount', timeoutS: 30 };
    assert.notEqual(sweepKey('int main(void){return 0;}', overlaid, settings), sweepKey('int main(void){return 0;}', plain, settings));
  });
});
