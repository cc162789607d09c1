// Chart specs for sweeps, validated against the Vega-Lite v5 JSON schema that
// the vega-lite package ships, and their static renderings (SVG, PNG) made in Node.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { SweepSummary } from '../../../server/src/engine/sweep/summary.js';
import { summarize } from '../../../server/src/engine/stats.js';
import { chartBundle, VEGALITE_MIME } from '../../../server/src/plots/bundle.js';
import { renderChart } from '../../../server/src/plots/render.js';
import { PlotError, STAT, sweepChart, VEGA_LITE_SCHEMA } from '../../../server/src/plots/spec.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('vega-lite/build/vega-lite-schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
const validate = ajv.compile(schema);

function valid(spec: unknown): void {
  const ok = validate(spec);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 3), null, 1));
}

function summary(axes: SweepSummary['axes'], points: { pack: string; coords: Record<string, string | null>; values: Record<string, number[]> }[], kind: SweepSummary['clock']['kind'] = 'real-emulated'): SweepSummary {
  return {
    id: 'abcd1234',
    axes,
    repeat: 3,
    total: points.length * 3,
    done: points.length * 3,
    failed: 0,
    cancelled: false,
    skipped: [],
    clock: { clock: kind === 'icount' ? 'icount' : 'real', accel: 'tcg', kind, note: kind === 'icount' ? 'icount clock: exact' : 'emulated timing is functional, not performance' },
    points: points.map((p, index) => ({
      index,
      key: String(index),
      coords: p.coords,
      pack: p.pack,
      arch: 'x86_64',
      params: {},
      runs: 3,
      ok: 3,
      failures: {},
      metrics: Object.entries(p.values).map(([name, v]) => ({ name, unit: 'cycles', ...summarize(v)! })),
    })),
  };
}

const numeric = summary(
  [{ name: 'target', kind: 'target', values: ['linux', 'kite'] }, { name: 'n', kind: 'param', values: ['10', '100'] }],
  [
    { pack: 'linux', coords: { target: 'linux', n: '10' }, values: { t: [10, 11, 12] } },
    { pack: 'linux', coords: { target: 'linux', n: '100' }, values: { t: [20, 21, 22] } },
    { pack: 'kite', coords: { target: 'kite', n: '10' }, values: { t: [1, 2, 3] } },
    { pack: 'kite', coords: { target: 'kite', n: '100' }, values: { t: [2, 2, 2] } },
  ],
);
const categorical = summary(
  [{ name: 'target', kind: 'target', values: ['kite', 'linux'] }, { name: 'hz', kind: 'option', values: ['0', '1000'] }],
  [
    { pack: 'kite', coords: { target: 'kite', hz: '0' }, values: { a: [1, 2, 3], b: [5, 5, 5] } },
    { pack: 'kite', coords: { target: 'kite', hz: '1000' }, values: { a: [4, 5, 6], b: [6, 6, 6] } },
    { pack: 'linux', coords: { target: 'linux', hz: null }, values: { a: [7, 8, 9], b: [1, 1, 1] } },
  ],
);

describe('sweep charts', () => {
  test('numeric parameter: a line per target with error bars, valid Vega-Lite v5', () => {
    const spec = sweepChart(numeric) as { $schema: string; layer: { mark: { type: string }; encoding: Record<string, { field?: string; type?: string }> }[]; data: { values: Record<string, unknown>[] } };
    valid(spec);
    assert.equal(spec.$schema, VEGA_LITE_SCHEMA);
    assert.equal(spec.layer[0]!.mark.type, 'line');
    assert.equal(spec.layer[0]!.encoding.x!.field, 'n');
    assert.equal(spec.layer[0]!.encoding.x!.type, 'quantitative');
    assert.equal(spec.layer[1]!.mark.type, 'errorbar');
    assert.equal(spec.layer[1]!.encoding.y2!.field, STAT.ciHigh);
    assert.equal(spec.data.values.length, 4, 'the data travels inside the spec');
    assert.equal(spec.data.values[0]!.n, 10, 'a swept n is not overwritten by the run count');
    assert.equal(spec.data.values[0]![STAT.n], 3);
  });

  test('categorical axis: grouped bars; several metrics: one facet row each; skipped axis as n/a', () => {
    const spec = sweepChart(categorical) as { facet: { row: { field: string } }; spec: { layer: { mark: { type: string }; encoding: Record<string, { field?: string }> }[] }; data: { values: Record<string, unknown>[] } };
    valid(spec);
    assert.equal(spec.facet.row.field, 'metric');
    assert.equal(spec.spec.layer[0]!.mark.type, 'bar');
    assert.equal(spec.spec.layer[0]!.encoding.xOffset!.field, 'series');
    assert.ok(spec.data.values.some((r) => r.hz === 'n/a' && r.target === 'linux'));
  });

  test('%plot choices: x, y, colour, facet, logs, mark; unknown names refused', () => {
    const spec = sweepChart(numeric, { x: 'target', y: ['t'], color: 'n', facet: 'target', logy: true, mark: 'point' }) as Record<string, any>;
    valid(spec);
    assert.equal(spec.spec.layer[0].mark.type, 'point');
    assert.equal(spec.spec.layer[0].encoding.y.scale.type, 'log');
    valid(sweepChart(numeric, { logx: true }));
    assert.equal(validate({ data: { values: [] }, mark: 'no-such-mark' }), false, 'the schema does refuse a bad spec');
    assert.throws(() => sweepChart(numeric, { x: 'nope' }), PlotError);
    assert.throws(() => sweepChart(numeric, { y: ['nope'] }), /no such metric; the runs reported t/);
  });

  test('the clock note is in the chart', () => {
    const spec = sweepChart(numeric) as { title: { subtitle: string[] } };
    assert.match(spec.title.subtitle.join(' '), /functional, not performance/);
  });
});

describe('static rendering', () => {
  test('SVG and PNG made in Node', async () => {
    const { svg, png } = await renderChart(sweepChart(categorical));
    assert.match(svg, /^<svg/);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5000, `PNG of ${png.length} bytes`);
    assert.ok(png.readUInt32BE(16) > 300 && png.readUInt32BE(20) > 200, 'a chart-sized image');
  });

  test('the output bundle: live chart, PNG, SVG, text; no text/html', async () => {
    const b = await chartBundle(sweepChart(numeric), 'chart');
    assert.deepEqual(Object.keys(b.data).sort(), [VEGALITE_MIME, 'image/png', 'image/svg+xml', 'text/plain'].sort());
    assert.ok(Buffer.from(String(b.data['image/png']), 'base64').subarray(1, 4).toString() === 'PNG');
    assert.ok((b.metadata['image/png'] as { width: number }).width > 100);
  });
});
