// Notebook overlays booted for real: kite built with a replaced scheduler file
// and a new library file (both in a materialized copy of the pack), in QEMU under
// the icount clock. The overlay changes what the guest measures, the build and
// prepare caches key on it, the record names each file with its sha256, the
// pack folder is never touched, and a path outside the pack changes nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cacheDir, metric, packs } from '../helpers.js';
import { isBootbookError } from '../../../server/src/engine/errors.js';
import { packHash } from '../../../server/src/engine/packs/hash.js';
import { kernelsDir } from '../../../server/src/engine/paths.js';
import { runProgram, type RunRequest } from '../../../server/src/engine/run.js';

const T = 60;
const schedFile = join(kernelsDir, 'kite', 'src', 'sched', 'sched.c');
const original = readFileSync(schedFile, 'utf8');
const ROUND_ROBIN_START = 'struct kite_thread *t = after && after != c->idle ? after->next : threads;';
// First come, first served: every walk starts at the oldest thread, so a yield hands the CPU straight back.
const fcfs = original.replace(ROUND_ROBIN_START, '(void)after; struct kite_thread *t = threads;');
const extra = 'int overlay_answer(void) { return 4242; }\n';

// Three jobs of five slices each; each yields between slices. Under round robin they all finish near
// the end (turnaround ~ makespan); under FCFS one after the other. lab_answer comes from the new file.
const program = {
  displayName: 'jobs.c',
  text: `#include <bootbook.h>
#include <kite.h>
int overlay_answer(void) __attribute__((weak));
static uint64_t start, done[3];
static void *job(void *arg) {
    for (int s = 0; s < 5; s++) { for (volatile long i = 0; i < 20000; i++) {} kite_yield(); }
    done[(long)arg] = bb_cycles() - start;
    return 0;
}
int main(void) {
    kite_thread_t *t[3];
    start = bb_cycles();
    for (long i = 0; i < 3; i++) t[i] = kite_thread_create(job, (void *)i);
    for (long i = 0; i < 3; i++) kite_thread_join(t[i]);
    bb_metric("first_done", (double)done[0], "cycles");
    bb_metric("last_done", (double)done[2], "cycles");
    bb_metric("answer", overlay_answer ? overlay_answer() : -1, "");
    return 0;
}
`,
};

function run(overlays: RunRequest['overlays']) {
  return runProgram(packs, { source: program, target: { pack: 'kite', options: { hz: '0' } }, clock: 'icount', timeoutS: T, overlays });
}

describe('notebook overlays in a real boot', { concurrency: 1 }, () => {
  const before = packHash(join(kernelsDir, 'kite'));
  const overlays = [
    { pack: 'kite', path: 'src/sched/sched.c', content: fcfs },
    { pack: 'kite', path: 'src/lib/overlay-answer.c', content: extra },
  ];

  test('the scheduler overlay changes the measurement, the new file is linked, the record names both', async () => {
    assert.notEqual(fcfs, original, 'the round-robin line moved: update ROUND_ROBIN_START');
    const [base] = await run(undefined);
    assert.equal(base?.status, 'ok', base?.console);
    assert.equal(base.target.overlays, undefined);
    assert.equal(metric([base], 'answer'), -1);

    const [o] = await run(overlays);
    assert.equal(o?.status, 'ok', o?.console);
    assert.equal(metric([o], 'answer'), 4242);
    // Round robin: the first job ends with the others (near the end). FCFS: after a third of the work.
    const rrFirst = metric([base], 'first_done')!;
    const fcfsFirst = metric([o], 'first_done')!;
    assert.ok(fcfsFirst < rrFirst * 0.5, `first job done at ${fcfsFirst} (FCFS) vs ${rrFirst} (round robin)`);
    assert.ok(Math.abs(metric([o], 'last_done')! - metric([base], 'last_done')!) < metric([base], 'last_done')! * 0.05, 'the total work is the same');

    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    assert.deepEqual(o.target.overlays, [
      { path: 'src/lib/overlay-answer.c', sha256: sha(extra) },
      { path: 'src/sched/sched.c', sha256: sha(fcfs) },
    ]);
    // Other content, other keys: the pack hash in the provenance and the image differ.
    assert.notEqual(o.provenance.packHash, base.provenance.packHash);
    assert.notEqual(o.image?.sha256, base.image?.sha256);
    assert.equal(o.timings.buildCached, false);
  });

  test('the same overlay again reuses the overlaid build; the original pack still builds its own image', async () => {
    const [again] = await run(overlays);
    assert.equal(again?.status, 'ok', again?.console);
    assert.equal(again.timings.buildCached, true);
    assert.equal(metric([again], 'answer'), 4242);
    const [plain] = await run([]);
    assert.equal(plain?.timings.buildCached, true);
    assert.equal(metric([plain!], 'answer'), -1);
  });

  test('the pack folder is untouched: same content hash, no new file', () => {
    assert.equal(packHash(join(kernelsDir, 'kite')), before);
    assert.equal(readFileSync(schedFile, 'utf8'), original);
    assert.ok(!existsSync(join(kernelsDir, 'kite', 'src', 'lib', 'overlay-answer.c')));
  });

  test('a path outside the pack is refused before any work, naming it', async () => {
    const copies = () => (existsSync(join(cacheDir, 'overlays')) ? readdirSync(join(cacheDir, 'overlays')).length : 0);
    const n = copies();
    for (const path of ['../linux/src/x.c', '/tmp/x.c', 'pack.json']) {
      await assert.rejects(run([{ pack: 'kite', path, content: 'int x;\n' }]), (e: unknown) => {
        assert.ok(isBootbookError(e) && e.code === 'bad-overlay', String(e));
        assert.match(e.message, /^kite:.* cannot be overlaid: /);
        return true;
      });
    }
    assert.equal(copies(), n, 'a refused overlay made a copy of the pack');
  });
});
