// The results renderer's model (metrics table, run summaries) and the progress
// line it draws as a bar.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../../extension/src/api/types.js';
import { parseProgress, progressPosition } from '../../../extension/src/api/progress.js';
import { headline, metricsTable, recordsOf, summarize } from '../../../extension/src/results/model.js';
import { ProgressDisplay } from '../../../server/src/kernel/progress.js';

function record(over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'x',
    target: { pack: 'kite', version: '0.1.0', arch: 'x86_64', options: {} },
    params: {},
    repeat: 0,
    exitCode: 0,
    metrics: [{ name: 'loop_cycles', value: 6184802, unit: 'cycles' }, { name: 'ratio', value: 0.123456, unit: '' }],
    console: 'hello\n',
    consoleTruncated: false,
    warnings: [],
    status: 'ok',
    timings: { buildMs: 10, bootMs: 1507, totalMs: 12_345, buildCached: true },
    runner: { kind: 'qemu', accel: 'tcg', clock: 'icount' },
    ...over,
  };
}

describe('results model', () => {
  test('one run: a value column, compact status and timings', () => {
    const t = metricsTable([record()]);
    assert.deepEqual(t.columns, ['value']);
    assert.deepEqual(t.rows, [
      { name: 'loop_cycles', unit: 'cycles', cells: ['6,184,802'] },
      { name: 'ratio', unit: '', cells: ['0.1235'] },
    ]);
    const s = summarize(record());
    assert.deepEqual([s.statusText, s.exit, s.build, s.boot, s.total, s.accel], ['ok', '0', '10 ms (cached)', '1507 ms', '12.3 s', 'tcg / icount']);
    assert.equal(headline([record()]), 'kite (x86_64) · ok · exit 0');
  });

  test('a few runs: a column per run; many: median, min, max, runs', () => {
    const runs = (n: number) => Array.from({ length: n }, (_, i) => record({ repeat: i, metrics: [{ name: 'm', value: i === 2 ? null : i * 10, unit: 'ns' }] }));
    assert.deepEqual(metricsTable(runs(3)), { columns: ['run 1', 'run 2', 'run 3'], rows: [{ name: 'm', unit: 'ns', cells: ['0', '10', 'n/a'] }] });
    assert.deepEqual(metricsTable(runs(6)).rows[0]!.cells, ['30', '0', '50', '5']);
  });

  test('failures say why; the headline counts statuses', () => {
    const t = record({ status: 'timeout', exitCode: null, reason: 'the run did not finish in 30 s', repeat: 1 });
    assert.equal(summarize(t).statusText, 'timeout: the run did not finish in 30 s');
    assert.equal(summarize(t).exit, '–');
    assert.equal(headline([record(), t]), 'kite (x86_64) · 2 runs · 1 ok, 1 timeout');
  });

  test('bad data from a saved notebook gives no records, not an exception', () => {
    assert.deepEqual(recordsOf(null), []);
    assert.deepEqual(recordsOf({ records: [null, 3, { status: 'ok' }] }), [{ status: 'ok' }]);
  });
});

describe('progress line', () => {
  test("reads the kernel's progress display, JSON and text alike", () => {
    const sent: Record<string, unknown>[] = [];
    const p = new ProgressDisplay((_t, c) => sent.push(c.data as Record<string, unknown>), 'linux (x86_64)');
    p.start();
    p.setStage('booting', '1 run');
    p.finish();
    const booting = parseProgress(sent[1])!;
    assert.deepEqual([booting.label, booting.stage, booting.detail, booting.done], ['linux (x86_64)', 'booting', '1 run', false]);
    const { ['application/vnd.bootbook.progress+json']: _json, ...textOnly } = sent[1]!;
    const fromText = parseProgress(textOnly)!;
    assert.deepEqual([fromText.label, fromText.stage, fromText.detail], ['linux (x86_64)', 'booting', '1 run']);
    assert.equal(parseProgress(sent[2])!.done, true);
    assert.deepEqual(progressPosition(booting), { step: 2, fraction: 2.5 / 3 });
    assert.equal(parseProgress({ 'text/plain': 'hello' }), undefined);
  });
});

describe('sweep progress', () => {
  test("a sweep's progress fills the bar by runs and says how many are left", async () => {
    const { SweepProgressDisplay } = await import('../../../server/src/kernel/sweep-progress.js');
    const { runsText } = await import('../../../extension/src/api/progress.js');
    const sent: { data: Record<string, unknown> }[] = [];
    const d = new SweepProgressDisplay((_type: string, content: unknown) => void sent.push(content as { data: Record<string, unknown> }), 'kite (x86_64)');
    d.update({ done: 10, total: 40, failed: 1, etaS: 20, stage: 'booting', resumed: 0 });
    d.finish();
    const p = parseProgress(sent.at(-2)!.data);
    assert.ok(p);
    assert.equal(p.stage, 'booting');
    assert.equal(progressPosition(p).fraction, 0.25);
    assert.equal(runsText(p), '10/40 runs, 1 failed, ~20 s left');
    assert.equal(parseProgress(sent.at(-1)!.data), undefined, 'a finished sweep leaves no bar');
  });
});
