// Statistics against values computed by hand (and checked with R's
// median/sd/qbinom): median CI by the binomial order-statistic method.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clockOf, medianCiRanks, summarize, summarizeRuns } from '../../../server/src/engine/stats.js';
import type { RunRecord } from '../../../server/src/engine/record.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

describe('summarize', () => {
  test('1..10', () => {
    const s = summarize([10, 2, 3, 4, 5, 6, 7, 8, 9, 1])!;
    assert.equal(s.n, 10);
    assert.equal(s.median, 5.5);
    assert.equal(s.mean, 5.5);
    close(s.sd, 3.0276503540974917);
    assert.equal(s.min, 1);
    assert.equal(s.max, 10);
    // P(B <= 1) = 11/1024, so ranks 2 and 9 cover 1 - 22/1024 = 97.85%; ranks 3..8 only 89%.
    assert.equal(s.ciLow, 2);
    assert.equal(s.ciHigh, 9);
    close(s.ciLevel, 1 - 22 / 1024);
    close(s.cv!, 3.0276503540974917 / 5.5);
    assert.equal(s.noisy, true);
  });

  test('ranks of the median interval for known n', () => {
    assert.deepEqual(medianCiRanks(6), { lo: 1, hi: 6, level: 1 - 2 / 64 });
    const r20 = medianCiRanks(20);
    assert.deepEqual([r20.lo, r20.hi], [6, 15]); // P(B<=5) = 0.0207 for Bin(20, 1/2)
    close(r20.level, 0.9586105346679688);
    const r5 = medianCiRanks(5);
    assert.deepEqual([r5.lo, r5.hi], [1, 5]);
    close(r5.level, 0.9375); // below 95%: said, not hidden
    const big = medianCiRanks(1000);
    assert.ok(big.lo >= 468 && big.lo <= 470, String(big.lo));
  });

  test('identical values (icount): zero spread, a point interval, not noisy', () => {
    const s = summarize([42, 42, 42, 42])!;
    assert.deepEqual([s.sd, s.ciLow, s.ciHigh, s.cv, s.noisy], [0, 42, 42, 0, false]);
  });

  test('one value, empty input, a zero mean', () => {
    const one = summarize([7])!;
    assert.deepEqual([one.n, one.median, one.sd, one.ciLow, one.ciHigh, one.noisy], [1, 7, 0, 7, 7, false]);
    assert.equal(summarize([]), undefined);
    assert.equal(summarize([-1, 1, 0])!.cv, null);
  });

  test('a noisy point is flagged only above 5% with 3 runs or more', () => {
    assert.equal(summarize([100, 101, 102])!.noisy, false);
    assert.equal(summarize([100, 120, 140])!.noisy, true);
    assert.equal(summarize([100, 200])!.noisy, false);
  });
});

function rec(status: RunRecord['status'], metrics: [string, number | null][], clock = 'real', accel = 'tcg'): RunRecord {
  return { status, metrics: metrics.map(([name, value]) => ({ name, value, unit: 'ns' })), runner: { kind: 'qemu', accel, clock } } as unknown as RunRecord;
}

describe('summarizeRuns and clocks', () => {
  test('only ok runs are measured; the last value of a repeated metric counts', () => {
    const m = summarizeRuns([rec('ok', [['t', 1], ['t', 3]]), rec('ok', [['t', 5]]), rec('crash', [['t', 1000]]), rec('ok', [['t', null]])]);
    assert.equal(m.length, 1);
    assert.deepEqual([m[0]!.name, m[0]!.n, m[0]!.median, m[0]!.unit], ['t', 2, 4, 'ns']);
  });
  test('the clock note says what the numbers are', () => {
    assert.match(clockOf([rec('ok', [], 'icount')]).note, /exact guest instruction counts/);
    assert.match(clockOf([rec('ok', [], 'real', 'tcg')]).note, /emulated timing is functional, not performance/);
    assert.equal(clockOf([rec('ok', [], 'real', 'kvm')]).kind, 'real-kvm');
  });
});
