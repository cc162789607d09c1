// `%%file PACK:PATH` cells at the message level, with the real bundled packs:
// the confirmation, the errors (naming line 1 and what is valid), replacing,
// removing, and a restart forgetting the overlays. Nothing is built here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadPacks } from '../../../server/src/engine/packs/load.js';
import { kernelsDir } from '../../../server/src/engine/paths.js';
import { parseFileCell } from '../../../server/src/kernel/file-cell.js';
import { isComplete } from '../../../server/src/kernel/help.js';
import { Harness } from './harness.js';

const packs = loadPacks([kernelsDir]).packs;
const sched = readFileSync(join(kernelsDir, 'kite', 'src', 'sched', 'sched.c'), 'utf8');

async function run(h: Harness, code: string) {
  const req = h.execute(code);
  await h.kernel.handle(req);
  const reply = h.content<{ status: string; ename?: string; evalue?: string }>(h.replyTo(req));
  const stdout = h.iopub(req, 'stream').map((m) => h.content<{ text: string }>(m).text).join('');
  return { reply, stdout, trace: h.trace(req) };
}

describe('parsing the first line', () => {
  test('PACK:PATH and the body verbatim', () => {
    assert.deepEqual(parseFileCell('%%file kite:src/a.c\nint x;\n%not a directive\n'), { pack: 'kite', path: 'src/a.c', content: 'int x;\n%not a directive\n' });
    assert.deepEqual(parseFileCell('%%file kite:a.c'), { pack: 'kite', path: 'a.c', content: '' });
  });

  test('a malformed first line names line 1 and the usage', () => {
    for (const bad of ['%%file\nx', '%%file kite\nx', '%%file :a.c\nx', '%%file kite:\nx', '%%file kite:a.c b.c\nx']) {
      const r = parseFileCell(bad);
      assert.ok('error' in r, bad);
      assert.match(r.error, /^line 1: .*%%file PACK:PATH \(e\.g\. %%file kite:src\/sched\/sched\.c\)/, bad);
    }
  });

  test('a %%file cell is complete whatever its text (console front ends must not wait for a brace)', () => {
    assert.deepEqual(isComplete('%%file kite:src/x.S\n  .text\n  "unbalanced {\n'), { status: 'complete' });
  });
});

describe('running %%file cells', () => {
  test('an overlay of a kite source is recorded and confirmed with how it differs; nothing is built', async () => {
    const h = new Harness(packs);
    const changed = sched.replace('c->quantum_left = KITE_RR_QUANTUM;', 'c->quantum_left = 4 * KITE_RR_QUANTUM;');
    assert.notEqual(changed, sched);
    const r = await run(h, `%%file kite:src/sched/sched.c\n${changed}`);
    assert.equal(r.reply.status, 'ok');
    const lines = sched.split('\n').length - 1;
    assert.match(r.stdout, new RegExp(`^kite:src/sched/sched\\.c overlaid for this notebook \\(${lines} lines, differs from the pack in 1 line: \\+1 -1\\); later cells that target kite build with it, nothing was built now`));
    assert.match(r.stdout, /overlays of kite in this session: src\/sched\/sched\.c\n$/);
    // No progress display, no result: only the confirmation.
    assert.deepEqual(r.trace.filter((t) => t.startsWith('iopub:') && t !== 'iopub:execute_input'), ['iopub:stream']);
  });

  test('a new file, the same file again (replaced), an identical copy, and removal by an empty body', async () => {
    const h = new Harness(packs);
    let r = await run(h, '%%file kite:src/lib/extra.c\nint extra(void) { return 1; }\n');
    assert.match(r.stdout, /kite:src\/lib\/extra\.c overlaid for this notebook \(new file, 1 line\)/);
    r = await run(h, '%%file kite:src/lib/extra.c\nint extra(void) { return 2; }\nint more;\n');
    assert.match(r.stdout, /new file, 2 lines\), replacing the earlier version/);
    r = await run(h, `%%file kite:./src/sched/sched.c\n${sched}`);
    assert.match(r.stdout, /kite:src\/sched\/sched\.c overlaid .*identical to the pack's file/);
    assert.match(r.stdout, /overlays of kite in this session: src\/lib\/extra\.c, src\/sched\/sched\.c/);
    r = await run(h, '%%file kite:src/lib/extra.c\n\n  \n');
    assert.equal(r.reply.status, 'ok');
    assert.match(r.stdout, /^kite:src\/lib\/extra\.c: overlay removed/);
    assert.match(r.stdout, /overlays of kite in this session: src\/sched\/sched\.c\n$/);
    r = await run(h, '%%file kite:src/lib/extra.c\n');
    assert.match(r.stdout, /no overlay to remove/);
  });

  test('an unknown pack is an error naming line 1 and the valid packs', async () => {
    const h = new Harness(packs);
    const r = await run(h, '%%file kyte:src/sched/sched.c\nint x;\n');
    assert.equal(r.reply.status, 'error');
    assert.equal(r.reply.ename, 'OverlayError');
    assert.match(r.reply.evalue!, /^line 1: unknown pack "kyte"; valid packs: .*kite.*linux/);
  });

  test('paths outside the pack and pack.json are refused with the reason', async () => {
    const h = new Harness(packs);
    for (const [path, why] of [
      ['../linux/pack.json', /"\.\." leads outside the pack/],
      ['/etc/passwd', /absolute path/],
      ['pack.json', /pack\.json is the pack's recipe/],
      ['src/sched', /is a folder in the pack/],
    ] as const) {
      const r = await run(h, `%%file kite:${path}\nint x;\n`);
      assert.equal(r.reply.status, 'error', path);
      assert.equal(r.reply.ename, 'OverlayError');
      assert.match(r.reply.evalue!, /^line 1: kite:/);
      assert.match(r.reply.evalue!, why);
    }
    // Nothing was recorded by the refused cells.
    const r = await run(h, '%%file kite:src/sched/sched.c\n');
    assert.match(r.stdout, /no overlay to remove/);
  });

  test('a restart forgets the overlays', async () => {
    const h = new Harness(packs);
    await run(h, '%%file kite:src/lib/extra.c\nint x;\n');
    await h.kernel.restart();
    const r = await run(h, '%%file kite:src/lib/extra.c\n');
    assert.match(r.stdout, /no overlay to remove/);
  });
});

describe('completing a %%file line', () => {
  test('%%file, then the packs, then the files of the pack (not pack.json), on the first line only', async () => {
    const h = new Harness(packs);
    const ask = async (code: string) => {
      const req = await h.ask('complete_request', { code, cursor_pos: code.length });
      return h.content<{ matches: string[]; cursor_start: number }>(h.replyTo(req));
    };
    assert.deepEqual((await ask('%%f')).matches, ['%%file']);
    const p = await ask('%%file ki');
    assert.deepEqual(p.matches, ['kite:']);
    assert.equal(p.cursor_start, '%%file '.length);
    const f = await ask('%%file kite:src/sched/s');
    assert.deepEqual(f.matches, ['kite:src/sched/sched.c', 'kite:src/sched/sync.c']);
    assert.equal(f.cursor_start, '%%file '.length);
    assert.ok(!(await ask('%%file kite:')).matches.includes('kite:pack.json'));
    assert.deepEqual((await ask('%%file nope:sr')).matches, []);
    // Not on a later line: there it is no %%file cell.
    assert.deepEqual((await ask('int x;\n%%f')).matches, []);
  });
});
