// kite boot time, build time and image size. Each round boots the kite hello
// image with the exact QEMU command bootbook uses, next to the bare QEMU start
// of an empty image (a PVH ELF that exits at once) on the same machine type,
// and times a warm build (kernel prepared, program changed) through the engine.
//
//   node dist/bench/kite-boot.js        (BENCH_RUNS=N, default 15)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPacks } from '../server/src/engine/packs/load.js';
import { runProgram } from '../server/src/engine/run.js';
import { buildProbe } from '../server/src/engine/runners/qemu/accel.js';
import { median } from 'simple-statistics';

const rounds = Number(process.env.BENCH_RUNS ?? 15);
const { packs } = loadPacks();
const kite = packs.get('kite');
if (!kite) throw new Error('no kite pack');

function timed(argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 1) throw new Error(`${argv[0]} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const text = readFileSync(join(kite.dir, 'examples/hello.c'), 'utf8');
const [first] = await runProgram(packs, { source: { text, displayName: 'hello.c' }, target: { pack: 'kite' }, accel: 'tcg' });
if (first?.status !== 'ok') throw new Error(`kite hello did not run: ${first?.reason}`);
const kiteArgv = first.runner.argv!;
const empty = await buildProbe(1);
const bareArgv = [...kiteArgv];
bareArgv[bareArgv.indexOf('-kernel') + 1] = empty;
const appendAt = bareArgv.indexOf('-append');
if (appendAt >= 0) bareArgv.splice(appendAt, 2);

const kiteMs: number[] = [];
const bareMs: number[] = [];
const buildMs: number[] = [];
for (let i = 0; i < rounds; i++) {
  kiteMs.push(timed(kiteArgv));
  bareMs.push(timed(bareArgv));
  const [r] = await runProgram(packs, { source: { text: `${text}\n/* round ${process.pid}-${i} */\n`, displayName: 'hello.c' }, target: { pack: 'kite' }, accel: 'tcg' });
  if (r?.status !== 'ok' || r.timings.buildCached) throw new Error('warm build run failed or was cached');
  buildMs.push(r.timings.buildMs);
}
const k = median(kiteMs);
const b = median(bareMs);
console.log(`kite (x86_64, microvm, TCG, ${rounds} rounds, medians)`);
console.log(`  boot to main and exit: kite hello ${k.toFixed(1)} ms, bare QEMU with an empty image ${b.toFixed(1)} ms, ratio ${(k / b).toFixed(2)}x (goal: kite < 60 ms)`);
console.log(`  warm build (kernel prepared, program changed): ${median(buildMs).toFixed(0)} ms (goal < 300 ms)`);
console.log(`  hello image: ${(first.image!.bytes / 1024).toFixed(1)} KiB (goal < 256 KiB)`);
