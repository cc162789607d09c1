// The kite pack on riscv64 (QEMU virt, -bios none, the kernel in S-mode),
// booted for real through the engine like kite.test.ts does for x86_64: the
// guest protocol, exit status, parameters, crash reports, the timer, threads
// under both schedulers, icount repeatability, and the options riscv64 lacks.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { leftoverTempDirs, metric, packs, program } from '../helpers.js';
import { liveProcessCount } from '../../../server/src/engine/cleanup.js';
import { runProgram } from '../../../server/src/engine/run.js';
import { kiteProgram } from './programs.js';

function rv(options: Record<string, string> = {}) {
  return { pack: 'kite', arch: 'riscv64', options };
}
// The machine has 2 cores and other work running: be generous.
const T = 60;

describe('kite pack on riscv64 in QEMU', { concurrency: 1 }, () => {
  test('a metric comes back with a complete record: virt, -bios none, the SiFive test device', async () => {
    const [r] = await runProgram(packs, { source: program('metric.c'), target: rv(), timeoutS: T });
    assert.equal(r?.status, 'ok', r?.console);
    assert.equal(r?.exitCode, 0);
    assert.equal(metric([r!], 'answer'), 42);
    assert.ok((metric([r!], 'loop') ?? 0) > 0);
    assert.match(r?.console ?? '', /hello from the guest/);
    assert.equal(r?.target.arch, 'riscv64');
    assert.deepEqual(r?.target.options, { mem: '64M', hz: '100', sched: 'rr' });
    const argv = r?.runner.argv ?? [];
    assert.match(argv[0] ?? '', /qemu-system-riscv64$/);
    assert.equal(argv[argv.indexOf('-bios') + 1], 'none');
    assert.match(r?.runner.cmdline ?? '', /kite\.tsc_khz=\d+/);
    assert.ok((r?.image?.bytes ?? Infinity) < 256 * 1024, `image is ${r?.image?.bytes} bytes`);
  });

  test('a non-zero return is status failed with its exit code', async () => {
    const [r] = await runProgram(packs, { source: program('exit3.c'), target: rv(), timeoutS: T });
    assert.equal(r?.status, 'failed', r?.console);
    assert.equal(r?.exitCode, 3);
  });

  test('parameters arrive from /chosen/bootargs; unset ones fall back to their default', async () => {
    const [r] = await runProgram(packs, { source: program('params.c'), target: rv(), params: { n: '-1234' }, timeoutS: T });
    assert.equal(r?.status, 'ok', r?.console);
    assert.equal(metric([r!], 'n'), -1234);
    assert.equal(metric([r!], 'm'), 99);
  });

  test('a NULL dereference is a crash: load access fault at 0x0, pc and backtrace by name', async () => {
    const [r] = await runProgram(packs, { source: program('segfault.c'), target: rv(), timeoutS: T });
    assert.equal(r?.status, 'crash', r?.console);
    assert.match(r?.reason ?? '', /^load access fault at 0x0 \(pc 0x[0-9a-f]+ in main\)/);
    const c = r?.console ?? '';
    assert.match(c, /CPU exception 5: load access fault on cpu 0, thread 1/);
    assert.match(c, /access fault at address 0x0: the page at 0 is never accessible \(PMP\), read/);
    assert.match(c, /pc +0x[0-9a-f]+ +main\+0x/);
    assert.match(c, /ra +[0-9a-f]{16} sp +[0-9a-f]{16}/);
    assert.match(c, /backtrace:\n\s+#0 .* main\+0x[0-9a-f]+\n\s+#1 .* main_thread\+/);
  });

  test('a runaway recursion hits the PMP guard page under its stack: a stack overflow report', async () => {
    const [r] = await runProgram(packs, { source: kiteProgram('overflow.c'), target: rv(), timeoutS: T });
    assert.equal(r?.status, 'crash', r?.console);
    assert.match(r?.reason ?? '', /^stack overflow in thread 2 \(store\/AMO access fault at 0x[0-9a-f]+, pc 0x[0-9a-f]+ in deeper\)/);
    assert.match(r?.console ?? '', /stack overflow: thread 2 ran past the bottom of its 64 KiB stack into the guard page/);
    assert.match(r?.console ?? '', /#0 .* deeper\+0x/);
  });

  test('threads interleave under sched=rr and not under sched=coop', async () => {
    const [rr] = await runProgram(packs, { source: kiteProgram('interleave.c'), target: rv({ sched: 'rr', hz: '1000' }), clock: 'icount', timeoutS: T });
    assert.equal(rr?.status, 'ok', rr?.console);
    assert.ok((metric([rr!], 'switches') ?? 0) > 10, rr?.console);
    const [coop] = await runProgram(packs, { source: kiteProgram('interleave.c'), target: rv({ sched: 'coop', hz: '1000' }), clock: 'icount', timeoutS: T });
    assert.equal(coop?.status, 'ok', coop?.console);
    assert.equal(metric([coop!], 'switches'), 2, coop?.console);
  });

  test('timer ticks arrive at the configured rate under icount', async () => {
    const [r] = await runProgram(packs, { source: kiteProgram('timer.c'), target: rv({ hz: '1000' }), clock: 'icount', timeoutS: T });
    assert.equal(r?.status, 'ok', r?.console);
    const ticks = metric([r!], 'ticks') ?? -1;
    assert.ok(Math.abs(ticks - 100) <= 1, `${ticks} ticks, expected 100`);
  });

  test('icount gives identical counts on two runs, with the timer ticking too', async () => {
    for (const hz of ['0', '1000']) {
      const records = await runProgram(packs, { source: program('count.c'), target: rv({ hz }), clock: 'icount', repeat: 2, timeoutS: T });
      for (const r of records) assert.equal(r.status, 'ok', r.console);
      const a = metric(records, 'loop', 0);
      assert.ok(typeof a === 'number' && a > 1_000_000, `count ${a}`);
      assert.equal(a, metric(records, 'loop', 1), `hz=${hz}`);
      assert.match(records[0]?.runner.cmdline ?? '', /kite\.tsc_khz=1000000\b/);
    }
  });

  test('spinlock and barrier hold with 6 threads on the one CPU', async () => {
    const [r] = await runProgram(packs, { source: kiteProgram('threads.c'), target: rv(), params: { threads: '6' }, timeoutS: T });
    assert.equal(r?.status, 'ok', r?.console);
    assert.equal(metric([r!], 'counter'), metric([r!], 'expected'));
    assert.equal(metric([r!], 'cpus_used'), 1);
    assert.equal(metric([r!], 'join_sum'), 150);
  });

  test('printf and malloc behave as on x86_64', async () => {
    const [a] = await runProgram(packs, { source: kiteProgram('printf.c'), target: rv(), timeoutS: T });
    const [b] = await runProgram(packs, { source: kiteProgram('printf.c'), target: { pack: 'kite', options: {} }, timeoutS: T });
    assert.equal(a?.status, 'ok', a?.console);
    assert.equal(a?.console, b?.console);
    const [m] = await runProgram(packs, { source: kiteProgram('malloc.c'), target: rv(), timeoutS: T });
    assert.equal(m?.status, 'ok', m?.console);
    assert.equal(metric([m!], 'bad'), 0);
    assert.equal(metric([m!], 'leaked'), 0);
  });

  test('options riscv64 lacks are refused with the reason', async () => {
    const lacking: Record<string, string>[] = [{ cpus: '2' }, { pages: '4k' }];
    for (const opt of lacking) {
      await assert.rejects(runProgram(packs, { source: program('metric.c'), target: rv(opt), timeoutS: T }), /not supported by kite on riscv64; it is available on x86_64/);
    }
  });

  after(() => {
    assert.deepEqual(leftoverTempDirs(), [], 'no temporary folders are left in the cache');
    assert.equal(liveProcessCount(), 0);
  });
});
