// A sweep across targets checks every target's interfaces before anything runs,
// and reports all the incompatible ones at once (with their point counts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packs } from '../helpers.js';
import { BootbookError } from '../../../server/src/engine/errors.js';
import { planSweep } from '../../../server/src/engine/sweep/plan.js';
import { runSweep } from '../../../server/src/engine/sweep/runner.js';

const POSIX = `#include <bootbook.h>
#include <unistd.h>
int main(void) { bb_metric("pid", getpid(), ""); return 0; }
`;

test('incompatible sweep points are reported up front, all of them, and nothing runs', async () => {
  const plan = planSweep(packs, {
    base: { pack: 'linux' },
    params: {},
    axes: [
      { name: 'target', values: ['linux', 'kite'] },
      { name: 'n', values: ['1', '2', '3'] },
    ],
    repeat: 1,
  });
  let ran = 0;
  await assert.rejects(
    runSweep(packs, { source: { text: POSIX, displayName: 'pid.c' }, plan, repeat: 1, clock: 'icount', onRun: () => ran++ }),
    (e: unknown) => {
      assert.ok(e instanceof BootbookError, String(e));
      assert.equal(e.code, 'missing-interface');
      assert.match(e.message, /^3 of 6 sweep points cannot build, nothing was run/);
      assert.match(e.message, /kite\/x86_64 \(3 points\): pid\.c:2: <unistd\.h> needs the posix interface/);
      assert.doesNotMatch(e.message, /linux\/x86_64 \(/);
      assert.match(e.hint ?? '', /runs on linux\/x86_64/);
      return true;
    },
  );
  assert.equal(ran, 0, 'no point ran');
});
