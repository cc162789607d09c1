// Sweep throughput and overhead. A 40-run kite sweep (10 parameter points x 4
// repeats, icount, one image) three ways, alternating, in the same run:
//   bare-seq   the engine's own halves, one boot after another (a pool of 1):
//              buildImage once, then bootImage 40 times in a loop;
//   sweep-seq  the same 40 runs through runSweep with a pool of 1: the difference
//              to bare-seq, per run, is the sweep machinery's overhead;
//   sweep      runSweep on the default pool (one boot per core): the speed-up
//              over bare-seq is what spreading runs over the cores buys.
// Goals: speed-up >= 1.7x on 2 cores; overhead < 20 ms per run.
//
//   node dist/bench/sweep.js        (BENCH_RUNS=N rounds, default 3)
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootImage, buildImage } from '../server/src/engine/image.js';
import { loadPacks } from '../server/src/engine/packs/load.js';
import { Pool } from '../server/src/engine/runners/pool.js';
import { QemuRunner } from '../server/src/engine/runners/qemu/runner.js';
import { planSweep } from '../server/src/engine/sweep/plan.js';
import { runSweep } from '../server/src/engine/sweep/runner.js';
import { median } from 'simple-statistics';

const rounds = Number(process.env.BENCH_RUNS ?? 3);
const { packs } = loadPacks();
const kite = packs.get('kite');
if (!kite) throw new Error('no kite pack');
const source = { text: readFileSync(join(kite.dir, 'examples/kcall.c'), 'utf8'), displayName: 'kcall.c' };
const values = Array.from({ length: 10 }, (_, i) => String((i + 1) * 1000));
const plan = planSweep(packs, { base: { pack: 'kite' }, params: {}, axes: [{ name: 'n', values }], repeat: 4 });
const RUNS = plan.points.length * 4;

async function bareSequential(): Promise<number> {
  const runner = new QemuRunner(new Pool(1));
  const t0 = performance.now();
  const img = await buildImage({ target: plan.points[0]!.target, source, clock: 'icount' });
  if (!img.ok) throw new Error('kcall did not build');
  for (const p of plan.points)
    for (let r = 0; r < 4; r++) {
      const rec = await bootImage(img, p.params, r, { timeoutMs: 30_000, maxConsoleBytes: 1 << 20, beforeBootMs: 0, runner });
      if (rec.status !== 'ok') throw new Error(`run failed: ${rec.reason}`);
    }
  return performance.now() - t0;
}

async function sweep(pool?: Pool): Promise<number> {
  const t0 = performance.now();
  const res = await runSweep(packs, { source, plan, repeat: 4, clock: 'icount', runner: pool ? new QemuRunner(pool) : undefined });
  if (res.runs.some((r) => r.record.status !== 'ok')) throw new Error('a sweep run failed');
  return performance.now() - t0;
}

await sweep(); // warm: prepare kite, build and cache the image
const bare: number[] = [];
const seq: number[] = [];
const par: number[] = [];
for (let i = 0; i < rounds; i++) {
  bare.push(await bareSequential());
  seq.push(await sweep(new Pool(1)));
  par.push(await sweep());
}
const b = median(bare);
const s = median(seq);
const p = median(par);
const speedup = b / p;
const overhead = (s - b) / RUNS;
console.log(`sweep: ${RUNS} kite runs (icount), ${availableParallelism()} cores, ${rounds} rounds, medians`);
console.log(`  one after another (bare engine, pool of 1): ${(b / 1000).toFixed(2)} s`);
console.log(`  sweep, pool of 1:                           ${(s / 1000).toFixed(2)} s`);
console.log(`  sweep, one boot per core:                   ${(p / 1000).toFixed(2)} s`);
console.log(`  speed-up ${speedup.toFixed(2)}x (goal >= 1.7x on 2 cores) ${speedup >= 1.7 ? 'ok' : 'MISSED'}`);
console.log(`  sweep machinery overhead ${overhead.toFixed(1)} ms/run (goal < 20 ms) ${overhead < 20 ? 'ok' : 'MISSED'}`);
