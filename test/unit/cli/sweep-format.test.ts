// The human sweep table: every point has a row, and its note says what happened to
// runs that did not end ok (failed by status, cancelled, or none finished).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSweep } from '../../../server/src/cli/sweep-format.js';
import type { PointSummary, SweepSummary } from '../../../server/src/engine/sweep/summary.js';

const metric = { name: 'loop', unit: 'cycles', n: 2, median: 10, mean: 10, sd: 0, min: 10, max: 10, ciLow: 10, ciHigh: 10, ciLevel: 0.5, cv: 0, noisy: false };

function point(index: number, n: string, runs: number, ok: number, failures: Record<string, number>): PointSummary {
  return { index, key: `n=${n}`, coords: { n }, pack: 'kite', arch: 'x86_64', params: { n: Number(n) }, runs, ok, failures, metrics: ok ? [{ ...metric, n: ok }] : [] };
}

function sweep(points: PointSummary[]): SweepSummary {
  const total = points.reduce((a, p) => a + p.runs, 0);
  return {
    axes: [{ name: 'n', kind: 'param', values: points.map((p) => String(p.coords.n)) }],
    repeat: 2,
    total,
    done: total,
    failed: 0,
    cancelled: false,
    skipped: [],
    clock: { clock: 'icount', accel: 'tcg', kind: 'icount', note: 'icount: instructions' },
    points,
  };
}

const rowOf = (text: string, n: string) => text.split('\n').find((l) => new RegExp(`│ kite\\s+│ ${n}\\s+│`).test(l)) ?? '';

test('a point note names failures by status and cancelled runs; a point with nothing says so', () => {
  const text = formatSweep(
    sweep([
      point(0, '1', 2, 2, {}),
      point(1, '2', 2, 1, { timeout: 1 }),
      point(2, '3', 2, 1, {}),
      point(3, '4', 2, 0, { crash: 1 }),
      point(4, '5', 2, 0, {}),
    ]),
  );
  assert.doesNotMatch(rowOf(text, '1'), /cancelled|timeout|no runs/);
  assert.match(rowOf(text, '2'), /1 timeout\s*│$/);
  assert.match(rowOf(text, '3'), /1 cancelled\s*│$/, 'a run neither ok nor failed was cancelled');
  assert.match(rowOf(text, '4'), /1 crash, 1 cancelled\s*│$/);
  assert.match(rowOf(text, '5'), /2 cancelled\s*│$/, 'every point keeps a row, with its runs accounted for');
});
