// Run records to Jupyter outputs: the three mime types, escaping, and the error
// for each status; plus the live progress display and console batching.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunRecord } from '../../../server/src/engine/record.js';
import { ConsoleStream, CONSOLE_FLUSH_MS, ProgressDisplay } from '../../../server/src/kernel/progress.js';
import { escapeHtml, resultBundle, RUN_MIME, runError } from '../../../server/src/kernel/render.js';

function record(over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'r1',
    target: { pack: 'linux', version: '6.1', arch: 'x86_64', options: {} },
    params: {},
    repeat: 0,
    status: 'ok',
    exitCode: 0,
    metrics: [{ name: 'answer', value: 42, unit: '' }],
    paramsRead: [],
    console: 'hello\n',
    consoleTruncated: false,
    diagnostics: [],
    warnings: [],
    timings: { buildMs: 12, bootMs: 1200, totalMs: 1300, buildCached: true },
    image: { sha256: 'a'.repeat(64), bytes: 10 },
    runner: { kind: 'qemu', accel: 'tcg', clock: 'real' },
    provenance: { packHash: 'h', packVersion: '6.1', compiler: 'gcc', host: { hostname: 'h', os: 'linux', cpu: 'x', cores: 2 }, bootbook: '0.1.0', createdAt: '2024-01-01T00:00:00Z' },
    ...over,
  };
}

describe('resultBundle', () => {
  test('text, HTML and the records', () => {
    const b = resultBundle([record()], 'linux (x86_64)');
    assert.deepEqual(b.metadata, {});
    assert.match(String(b.data['text/plain']), /linux \(x86_64\) · ok · exit 0/);
    assert.match(String(b.data['text/plain']), /answer\s*│?\s*42/);
    assert.match(String(b.data['text/html']), /<table class="bootbook-metrics">.*<td style="text-align:left">answer<\/td><td style="text-align:right">42<\/td>/s);
    assert.match(String(b.data['text/html']), /<td>ok<\/td><td>0<\/td><td>12 ms \(cached\)<\/td><td>1200 ms<\/td>/);
    assert.deepEqual((b.data[RUN_MIME] as { records: RunRecord[] }).records[0]?.id, 'r1');
  });

  test('everything the guest or user controls is escaped in HTML', () => {
    const b = resultBundle([record({ metrics: [{ name: '<img src=x onerror=alert(1)>', value: 1, unit: '"&' }], warnings: ['<b>'] })], '<script>');
    const html = String(b.data['text/html']);
    assert.doesNotMatch(html, /<img|<script>|<b>/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&quot;&amp;/);
    assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
  });

  test('many runs: median, min, max like the text table', () => {
    const runs = [1, 2, 3, 4, 10].map((v, i) => record({ repeat: i, metrics: [{ name: 'x', value: v, unit: 'ns' }] }));
    const html = String(resultBundle(runs, 'l').data['text/html']);
    assert.match(html, /<th style="text-align:right">median<\/th>/);
    assert.match(html, />x<\/td><td style="text-align:right">3<\/td><td style="text-align:right">1<\/td><td style="text-align:right">10<\/td><td style="text-align:right">5<\/td>/);
  });

  test('no metrics says how to report one', () => {
    assert.match(String(resultBundle([record({ metrics: [] })], 'l').data['text/html']), /bb_metric/);
  });
});

describe('runError', () => {
  test('ok runs are no error', () => assert.equal(runError([record()]), undefined));

  test('build-error: one traceback line per diagnostic, in the cell\'s lines', () => {
    const e = runError([
      record({
        status: 'build-error',
        diagnostics: [
          { severity: 'error', message: "'x' undeclared", file: 'cell', line: 5, column: 3, inProgram: true },
          { severity: 'note', message: 'each undeclared identifier is reported only once', file: 'cell', line: 5, inProgram: true },
          { severity: 'error', message: 'ld: undefined reference to foo', inProgram: false },
        ],
      }),
    ]);
    assert.equal(e?.ename, 'CompileError');
    assert.equal(e?.evalue, "line 5: error: 'x' undeclared");
    assert.deepEqual(e?.traceback, ['CompileError: the program did not compile', "line 5: error: 'x' undeclared", 'line 5: note: each undeclared identifier is reported only once', 'error: ld: undefined reference to foo']);
  });

  test('failed, crash, timeout, cancelled, runner-error', () => {
    assert.equal(runError([record({ status: 'failed', exitCode: 3 })])?.evalue, 'the program exited with status 3');
    const consoleText = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const crash = runError([record({ status: 'crash', reason: 'kernel panic', console: consoleText })]);
    assert.equal(crash?.ename, 'GuestCrash');
    assert.equal(crash?.traceback.length, 32);
    assert.equal(crash?.traceback.at(-1), 'line 49');
    assert.equal(crash?.traceback[2], 'line 20');
    const timeout = runError([record({ status: 'timeout', reason: 'no result after 8 s', console: 'before the loop\n' })]);
    assert.equal(timeout?.ename, 'Timeout');
    assert.deepEqual(timeout?.traceback.slice(-1), ['before the loop']);
    assert.equal(runError([record({ status: 'cancelled' })])?.ename, 'Interrupted');
    const runner = runError([record({ status: 'runner-error', reason: 'QEMU could not start', console: '' })]);
    assert.equal(runner?.ename, 'RunnerError');
    assert.match(runner?.traceback.at(-1) ?? '', /printed nothing/);
  });

  test('with several runs, the first failing one is named', () => {
    const e = runError([record(), record({ repeat: 1, status: 'failed', exitCode: 1 })]);
    assert.match(e?.evalue ?? '', /\(run 2 of 2\)/);
  });
});

describe('progress and console', () => {
  test('the progress line is one display, updated in place, cleared at the end', () => {
    const sent: [string, Record<string, any>][] = [];
    const p = new ProgressDisplay((t, c) => sent.push([t, c]), 'linux (x86_64)');
    p.start();
    p.setStage('preparing');
    p.setStage('building');
    p.setStage('booting', '1 run');
    p.setStage('done');
    p.finish();
    assert.deepEqual(sent.map(([t]) => t), ['display_data', 'update_display_data', 'update_display_data', 'update_display_data', 'update_display_data']);
    const ids = new Set(sent.map(([, c]) => c.transient.display_id));
    assert.equal(ids.size, 1);
    assert.match(sent[3]![1].data['text/plain'], /^linux \(x86_64\) · booting \(1 run\) · \d+\.\d s$/);
    assert.equal(sent[4]![1].data['text/plain'], '');
  });

  test('console text is batched into stdout streams', async () => {
    const sent: [string, Record<string, any>][] = [];
    const s = new ConsoleStream((t, c) => sent.push([t, c]), 1);
    s.push(0, 'a\n');
    s.push(0, 'b\n');
    assert.equal(sent.length, 0);
    await new Promise((r) => setTimeout(r, CONSOLE_FLUSH_MS + 50));
    assert.deepEqual(sent, [['stream', { name: 'stdout', text: 'a\nb\n' }]]);
    s.push(0, 'c');
    s.flush();
    assert.equal(sent.length, 2);
  });

  test('several runs: lines carry their run; beyond the cap a note and nothing more', () => {
    const sent: string[] = [];
    const s = new ConsoleStream((_, c) => sent.push(String(c.text)), 2, 40);
    s.push(0, 'x\ny\n');
    s.push(1, 'par');
    s.push(1, 'tial\n');
    s.flush();
    assert.equal(sent.join(''), '[run 1] x\n[run 1] y\n[run 2] partial\n');
    s.push(0, 'z'.repeat(100));
    s.push(0, 'LATER');
    s.flush();
    assert.match(sent.join(''), /not shown live/);
    assert.doesNotMatch(sent.join(''), /LATER/);
  });

  test('nothing is published after the cell is answered (an interrupted engine may still report)', async () => {
    const sent: string[] = [];
    const p = new ProgressDisplay((t) => sent.push(t), 'l');
    const c = new ConsoleStream((t) => sent.push(t), 1);
    p.start();
    c.push(0, 'a\n');
    c.close();
    p.finish();
    const n = sent.length;
    p.setStage('booting');
    c.push(0, 'late\n');
    await new Promise((r) => setTimeout(r, CONSOLE_FLUSH_MS + 50));
    assert.equal(sent.length, n);
    assert.deepEqual(sent, ['display_data', 'stream', 'update_display_data']);
  });
});
