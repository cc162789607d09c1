// The kite pack booted for real in QEMU through the engine (no mocks): the
// guest protocol, crash reports, icount, the C library, the timer, threads,
// the schedulers and several CPUs. Programs live in ./programs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { leftoverTempDirs, metric, packs, program } from '../helpers.js';
import { liveProcessCount } from '../../../server/src/engine/cleanup.js';
import { repoRoot } from '../../../server/src/engine/paths.js';
import { runProgram } from '../../../server/src/engine/run.js';
import { kiteProgram } from './programs.js';

function kite(options: Record<string, string> = {}) {
  return { pack: 'kite', options };
}
// The machine has 2 cores and other work running: be generous.
const T = 60;

describe('kite pack in QEMU', { concurrency: 1 }, () => {
  test('a metric comes back, with the console and a complete record', async () => {
    const [r] = await runProgram(packs, { source: program('metric.c'), target: kite(), timeoutS: T });
    assert.ok(r);
    assert.equal(r.status, 'ok', r.console);
    assert.equal(r.exitCode, 0);
    assert.equal(metric([r], 'answer'), 42);
    assert.ok((metric([r], 'loop') ?? 0) > 0);
    assert.match(r.console, /hello from the guest/);
    assert.doesNotMatch(r.console, /@@bb/);
    assert.deepEqual(r.target.options, { cpus: '1', mem: '64M', hz: '100', sched: 'rr', pages: '2m' });
    assert.match(r.runner.cmdline ?? '', /kite\.tsc_khz=\d+/);
    assert.ok(r.timings.bootMs !== null && r.timings.bootMs > 0);
    assert.ok((r.image?.bytes ?? Infinity) < 256 * 1024, `image is ${r.image?.bytes} bytes`);
  });

  test('the hello example runs, and a second build of it is cached', async () => {
    const source = { text: readFileSync(join(repoRoot, 'kernels/kite/examples/hello.c'), 'utf8'), displayName: 'hello.c' };
    const [a] = await runProgram(packs, { source, target: kite(), params: { n: '1000' }, timeoutS: T });
    assert.equal(a?.status, 'ok', a?.console);
    assert.match(a?.console ?? '', /hello from kite, counting to 1000/);
    const [b] = await runProgram(packs, { source, target: kite(), params: { n: '2000' }, timeoutS: T });
    assert.equal(b?.timings.buildCached, true, 'parameters do not rebuild the image');
    assert.equal(b?.image?.sha256, a?.image?.sha256);
  });

  test('a non-zero return is status failed with its exit code', async () => {
    const [r] = await runProgram(packs, { source: program('exit3.c'), target: kite(), timeoutS: T });
    assert.equal(r?.status, 'failed', r?.console);
    assert.equal(r?.exitCode, 3);
    assert.match(r?.console ?? '', /about to fail/);
  });

  test('exit() deep in the program, with another thread running, ends the run with that status', async () => {
    const [r] = await runProgram(packs, { source: kiteProgram('deep-exit.c'), target: kite(), timeoutS: T });
    assert.equal(r?.status, 'failed', r?.console);
    assert.equal(r?.exitCode, 5);
  });

  test('parameters reach the guest; unset ones fall back to their default', async () => {
    const [r] = await runProgram(packs, { source: program('params.c'), target: kite(), params: { n: '1234' }, timeoutS: T });
    assert.equal(r?.status, 'ok', r?.console);
    assert.equal(metric([r!], 'n'), 1234);
    assert.equal(metric([r!], 'm'), 99);
    assert.deepEqual(r?.paramsRead, [
      { name: 'n', value: 1234, default: false },
      { name: 'm', value: 99, default: true },
    ]);
  });

  test('a NULL dereference is a crash: page fault report with the address and a symbolized backtrace', async () => {
    const [r] = await runProgram(packs, { source: program('segfault.c'), target: kite(), timeoutS: T });
    assert.equal(r?.status, 'crash', r?.console);
    assert.match(r?.reason ?? '', /page fault at 0x0 \(rip 0x[0-9a-f]+ in main\)/);
    const c = r?.console ?? '';
    assert.match(c, /dereferencing NULL/);
    assert.match(c, /CPU exception 14: #PF page fault/);
    assert.match(c, /page fault at address 0x0: page not present, read/);
    assert.match(c, /rip 0x[0-9a-f]+ +main\+0x/);
    assert.match(c, /backtrace:\n\s+#0 .* main\+0x[0-9a-f]+\n\s+#1 .* main_thread\+/);
  });

  test('a divide error names #DE and every function on the way down', async () => {
    const [r] = await runProgram(packs, { source: kiteProgram('divzero.c'), target: kite(), timeoutS: T });
    assert.equal(r?.status, 'crash', r?.console);
    assert.match(r?.reason ?? '', /#DE divide error \(rip 0x[0-9a-f]+ in divide\)/);
    assert.match(r?.console ?? '', /#0 .* divide\+0x[0-9a-f]+\n\s+#1 .* middle\+0x[0-9a-f]+\n\s+#2 .* main\+0x/);
  });

  test('a runaway recursion in a thread hits its guard page: a stack overflow report, on both page sizes', async () => {
    for (const pages of ['2m', '4k']) {
      const [r] = await runProgram(packs, { source: kiteProgram('overflow.c'), target: kite({ pages, cpus: '2' }), timeoutS: T });
      assert.equal(r?.status, 'crash', r?.console);
      assert.match(r?.reason ?? '', /^stack overflow in thread 2 \(page fault at 0x[0-9a-f]+, rip 0x[0-9a-f]+ in deeper\)/);
      assert.match(r?.console ?? '', /stack overflow: thread 2 ran past the bottom of its 64 KiB stack into the guard page/);
      assert.match(r?.console ?? '', /#0 .* deeper\+0x/);
    }
  });

  test('icount gives identical, exact counts on two runs', async () => {
    const records = await runProgram(packs, { source: program('count.c'), target: kite({ hz: '0' }), clock: 'icount', repeat: 2, timeoutS: T });
    for (const r of records) assert.equal(r.status, 'ok', r.console);
    const a = metric(records, 'loop', 0);
    assert.ok(typeof a === 'number' && a > 1_000_000, `count ${a}`);
    assert.equal(a, metric(records, 'loop', 1));
    assert.equal(records[0]?.runner.clock, 'icount');
    assert.match(records[0]?.runner.cmdline ?? '', /kite\.tsc_khz=1000000\b/);
  });

  test('printf formats match glibc', async () => {
    const [r] = await runProgram(packs, { source: kiteProgram('printf.c'), target: kite(), timeoutS: T });
    assert.equal(r?.status, 'ok', r?.console);
    const expected = [
      '[42|   42|42   |00042|+42| 42]',
      '[-7|-1234567890123|9223372036854775807|-3|-56]',
      '[3000000000|18446744073709551615|beef|BEEF|0xff|10|010|00000abc]',
      '[kite|      kite|kite      |kit|k|%]',
      '[0x1234|(nil)]',
      '[3.141593|2.50|    -0.333|0.1       |1.234568e+05|1.230E-04]',
      '[100000|1e+06|0.0001|1e-05|3.14|1E-10]',
      '[0.10000000000000001|0.33333333333333331|20000006|1.0000000000000001e+300]',
      '[0.000000|0.000000e+00|0|2|3.]',
      '[     1|2     |1.00]',
      '[12|-5|7]',
      '[truncat|14]',
    ];
    assert.deepEqual(r?.console.trim().split('\n'), expected);
  });

  test('malloc/free/calloc/realloc stress leaves the heap as it found it', async () => {
    const [r] = await runProgram(packs, { source: kiteProgram('malloc.c'), target: kite(), timeoutS: T });
    assert.equal(r?.status, 'ok', r?.console);
    assert.equal(metric([r!], 'bad'), 0);
    assert.equal(metric([r!], 'leaked'), 0);
    assert.equal(metric([r!], 'too_big_is_null'), 1);
    assert.ok((metric([r!], 'heap_bytes') ?? 0) > 60 * 1024 * 1024, 'the heap is most of the 64M');
  });

  test('pages=4k is a build option: another image, same behaviour', async () => {
    const [a] = await runProgram(packs, { source: program('segfault.c'), target: kite({ pages: '4k' }), timeoutS: T });
    assert.equal(a?.status, 'crash', a?.console);
    assert.match(a?.reason ?? '', /page fault at 0x0/);
    const [b] = await runProgram(packs, { source: program('metric.c'), target: kite({ pages: '4k', mem: '256M' }), timeoutS: T });
    const [c] = await runProgram(packs, { source: program('metric.c'), target: kite({ pages: '2m', mem: '256M' }), timeoutS: T });
    assert.equal(b?.status, 'ok', b?.console);
    assert.notEqual(b?.image?.sha256, c?.image?.sha256);
  });

  test('timer ticks arrive at the configured rate (exact under icount) and report their latency', async () => {
    for (const hz of ['100', '1000']) {
      const [r] = await runProgram(packs, { source: kiteProgram('timer.c'), target: kite({ hz }), clock: 'icount', timeoutS: T });
      assert.equal(r?.status, 'ok', r?.console);
      const ticks = metric([r!], 'ticks') ?? -1;
      const expected = metric([r!], 'expected') ?? -2;
      assert.ok(Math.abs(ticks - expected) <= 1, `hz=${hz}: ${ticks} ticks, expected ${expected}`);
      assert.ok((metric([r!], 'latency_max') ?? -1) >= 0);
    }
    const [tickless] = await runProgram(packs, { source: kiteProgram('timer.c'), target: kite({ hz: '0' }), params: { ms: '10' }, timeoutS: T });
    assert.equal(tickless?.status, 'ok', tickless?.console);
    assert.equal(metric([tickless!], 'ticks'), 0);
  });

  test('threads interleave under sched=rr and not under sched=coop', async () => {
    const [rr] = await runProgram(packs, { source: kiteProgram('interleave.c'), target: kite({ sched: 'rr', hz: '1000' }), clock: 'icount', timeoutS: T });
    assert.equal(rr?.status, 'ok', rr?.console);
    assert.ok((metric([rr!], 'switches') ?? 0) > 10, rr?.console);
    const [coop] = await runProgram(packs, { source: kiteProgram('interleave.c'), target: kite({ sched: 'coop', hz: '1000' }), clock: 'icount', timeoutS: T });
    assert.equal(coop?.status, 'ok', coop?.console);
    assert.equal(metric([coop!], 'switches'), 2, coop?.console);
  });

  test('spinlock and barrier hold under contention on one CPU and on two', async () => {
    for (const cpus of ['1', '2']) {
      const [r] = await runProgram(packs, { source: kiteProgram('threads.c'), target: kite({ cpus }), params: { threads: '6' }, timeoutS: T });
      assert.equal(r?.status, 'ok', r?.console);
      assert.equal(metric([r!], 'counter'), metric([r!], 'expected'));
      assert.equal(metric([r!], 'cpus_used'), Number(cpus));
      assert.equal(metric([r!], 'join_sum'), 150);
    }
  });

  test('cpus=2: secondary CPU started, threads placed per CPU, pinning and sleep work', async () => {
    const [r] = await runProgram(packs, { source: kiteProgram('pin.c'), target: kite({ cpus: '2' }), timeoutS: T });
    assert.equal(r?.status, 'ok', r?.console);
    assert.equal(metric([r!], 'cpus'), 2);
    assert.equal(metric([r!], 'placed_right'), 2);
    assert.equal(metric([r!], 'pinned'), 1);
    assert.equal(metric([r!], 'bad_pin_refused'), 1);
    assert.ok((metric([r!], 'slept') ?? 0) >= 5_000_000);
    assert.equal(r?.runner.argv?.[r.runner.argv.indexOf('-smp') + 1], '2');
  });

  test('a compile error is build-error with the line of the user\'s file', async () => {
    const [r] = await runProgram(packs, { source: program('compile-error.c'), target: kite(), timeoutS: T });
    assert.equal(r?.status, 'build-error');
    const err = r?.diagnostics.find((d) => d.severity === 'error');
    assert.equal(err?.file, 'compile-error.c');
    assert.equal(err?.line, 5);
  });

  after(() => {
    assert.deepEqual(leftoverTempDirs(), [], 'no temporary folders are left in the cache');
    assert.equal(liveProcessCount(), 0);
  });
});
