// The linux pack booted for real in QEMU, through the engine (no mocks): every
// behaviour issue 2 lists, from a metric coming back to exact icount counts.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { leftoverTempDirs, metric, packs, program } from '../helpers.js';
import { liveProcessCount } from '../../../server/src/engine/cleanup.js';
import { runProgram } from '../../../server/src/engine/run.js';

const linux = { pack: 'linux' };

describe('linux pack in QEMU', { concurrency: 1 }, () => {
  test('a metric comes back, with the console and a complete record', async () => {
    const [r] = await runProgram(packs, { source: program('metric.c'), target: linux });
    assert.ok(r);
    assert.equal(r.status, 'ok', r.console);
    assert.equal(r.exitCode, 0);
    assert.equal(metric([r], 'answer'), 42);
    assert.ok((metric([r], 'loop') ?? 0) > 0);
    assert.match(r.console, /hello from the guest/);
    assert.doesNotMatch(r.console, /@@bb/, 'markers are removed from the console');
    assert.equal(r.target.pack, 'linux');
    assert.equal(r.target.options.mem, '256M');
    assert.match(r.runner.cmdline ?? '', /console=ttyS0 .*quiet/);
    assert.match(r.provenance.preparedVersion ?? '', /amd64/);
    assert.match(r.image?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.ok(r.timings.bootMs !== null && r.timings.bootMs > 0);
  });

  test('a second run of the same program reuses the build; a changed program does not', async () => {
    const [a] = await runProgram(packs, { source: program('metric.c'), target: linux });
    assert.equal(a?.timings.buildCached, true);
    const changed = program('metric.c');
    changed.text += '\n/* changed */\n';
    const [b] = await runProgram(packs, { source: changed, target: linux });
    assert.equal(b?.timings.buildCached, false);
    assert.notEqual(b?.image?.sha256, undefined);
  });

  test('a non-zero return is status failed with its exit code', async () => {
    const [r] = await runProgram(packs, { source: program('exit3.c'), target: linux });
    assert.equal(r?.status, 'failed', r?.console);
    assert.equal(r?.exitCode, 3);
    assert.match(r?.console ?? '', /about to fail/);
  });

  test('exit() from deep in the program ends the run with that status', async () => {
    const [r] = await runProgram(packs, { source: program('exit-call.c'), target: linux });
    assert.equal(r?.status, 'failed');
    assert.equal(r?.exitCode, 5);
  });

  test('a compile error is build-error with the line of the user\'s file', async () => {
    const [r] = await runProgram(packs, { source: program('compile-error.c'), target: linux });
    assert.equal(r?.status, 'build-error');
    const err = r?.diagnostics.find((d) => d.severity === 'error');
    assert.ok(err, JSON.stringify(r?.diagnostics));
    assert.equal(err.file, 'compile-error.c');
    assert.equal(err.line, 5);
    assert.equal(err.inProgram, true);
    assert.match(err.message, /undeclared_variable/);
  });

  test('an infinite loop ends as timeout with the console so far', async () => {
    const [r] = await runProgram(packs, { source: program('forever.c'), target: linux, timeoutS: 8 });
    assert.equal(r?.status, 'timeout');
    assert.match(r?.console ?? '', /before the loop/);
    assert.equal(liveProcessCount(), 0, 'the QEMU process is gone');
  });

  test('megabytes of output are capped, flagged, and the metric after them still arrives', async () => {
    const cap = 64 * 1024;
    const [r] = await runProgram(packs, { source: program('flood.c'), target: linux, maxConsoleBytes: cap, timeoutS: 60 });
    assert.equal(r?.status, 'ok', r?.reason);
    assert.equal(r?.consoleTruncated, true);
    assert.ok((r?.console.length ?? Infinity) < cap + 200, `console kept ${r?.console.length} chars`);
    assert.match(r?.console ?? '', /bytes of console output omitted/);
    assert.equal(metric([r!], 'after_flood'), 1);
  });

  test('parameters reach the guest; unset ones fall back to their default', async () => {
    const [r] = await runProgram(packs, { source: program('params.c'), target: linux, params: { n: '1234' } });
    assert.equal(r?.status, 'ok');
    assert.equal(metric([r!], 'n'), 1234);
    assert.equal(metric([r!], 'm'), 99);
    assert.deepEqual(r?.paramsRead, [
      { name: 'n', value: 1234, default: false },
      { name: 'm', value: 99, default: true },
    ]);
    assert.match(r?.runner.cmdline ?? '', /bb\.n=1234/);
  });

  test('icount gives identical instruction counts on two runs', async () => {
    const records = await runProgram(packs, { source: program('count.c'), target: linux, clock: 'icount', repeat: 2, timeoutS: 60 });
    assert.equal(records.length, 2);
    for (const r of records) assert.equal(r.status, 'ok', r.console);
    const a = metric(records, 'loop', 0);
    const b = metric(records, 'loop', 1);
    assert.ok(typeof a === 'number' && a > 1_000_000, `count ${a}`);
    assert.equal(a, b);
    assert.equal(records[0]?.runner.clock, 'icount');
    assert.equal(records[0]?.runner.accel, 'tcg');
  });

  test('a program that dies (segfault in init) is a crash with the console tail', async () => {
    const [r] = await runProgram(packs, { source: program('segfault.c'), target: linux });
    assert.equal(r?.status, 'crash');
    assert.match(r?.console ?? '', /dereferencing NULL/);
    assert.match(r?.console ?? '', /Kernel panic|kill init/);
  });

  test('options reach QEMU: cpus and mem', async () => {
    const [r] = await runProgram(packs, { source: program('metric.c'), target: { pack: 'linux', options: { cpus: '2', mem: '512M' } } });
    assert.equal(r?.status, 'ok', r?.console);
    const argv = r?.runner.argv ?? [];
    assert.equal(argv[argv.indexOf('-smp') + 1], '2');
    assert.equal(argv[argv.indexOf('-m') + 1], '512M');
  });

  after(() => {
    assert.deepEqual(leftoverTempDirs(), [], 'no temporary folders are left in the cache');
    assert.equal(liveProcessCount(), 0);
  });
});
