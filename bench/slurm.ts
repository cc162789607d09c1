// Slurm scheduling overhead. The 40-run kite sweep of sweep.ts (10 points x 4
// repeats, icount, one image) on the local four-node cluster
// (scripts/slurm-local.sh start) as one job array, and the same sweep on the
// local qemu runner, alternating in the same run, both with the same
// concurrency (one run per core: --array=...%cores, and the default pool).
// Per-run extra = (slurm wall - local wall) / 40. Goal: median under 1 s.
//
//   node dist/bench/slurm.js        (BENCH_RUNS=N rounds, default 3)
// Without a cluster (sinfo missing or not answering) it says so and exits 0, unless CI is set.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPacks } from '../server/src/engine/packs/load.js';
import { SlurmRunner } from '../server/src/engine/runners/slurm/runner.js';
import type { Runner } from '../server/src/engine/runners/types.js';
import { planSweep } from '../server/src/engine/sweep/plan.js';
import { runSweep } from '../server/src/engine/sweep/runner.js';
import { median } from 'simple-statistics';

try {
  execFileSync('sinfo', ['-h'], { timeout: 5000, stdio: 'pipe' });
} catch (e) {
  const msg = `bench/slurm: no Slurm cluster answers (${(e as Error).message.split('\n')[0]}); start one with scripts/slurm-local.sh start`;
  if (process.env.CI) throw new Error(msg);
  console.log(msg);
  process.exit(0);
}

const rounds = Number(process.env.BENCH_RUNS ?? 3);
const { packs } = loadPacks();
const kite = packs.get('kite');
if (!kite) throw new Error('no kite pack');
const source = { text: readFileSync(join(kite.dir, 'examples/kcall.c'), 'utf8'), displayName: 'kcall.c' };
const values = Array.from({ length: 10 }, (_, i) => String((i + 1) * 1000));
const plan = planSweep(packs, { base: { pack: 'kite' }, params: {}, axes: [{ name: 'n', values }], repeat: 4 });
const RUNS = plan.points.length * 4;
const cores = availableParallelism();

async function sweep(runner?: Runner): Promise<number> {
  const t0 = performance.now();
  const out = await runSweep(packs, { source, plan, repeat: 4, clock: 'icount', timeoutS: 60, runner });
  const ms = performance.now() - t0;
  if (out.failed) throw new Error(`${out.failed} runs failed: ${out.runs.find((r) => r.record.status !== 'ok')?.record.reason}`);
  if (runner && new Set(out.runs.map((r) => r.record.runner.arrayJobId)).size !== 1) throw new Error('the sweep was not one job array');
  return ms;
}

await sweep(); // warm: build the image once
const local: number[] = [];
const slurm: number[] = [];
const extra: number[] = [];
for (let i = 0; i < rounds; i++) {
  const l = await sweep();
  const s = await sweep(new SlurmRunner({ limit: cores }));
  local.push(l);
  slurm.push(s);
  extra.push((s - l) / RUNS);
  console.log(`round ${i + 1}: local ${(l / 1000).toFixed(2)} s, slurm ${(s / 1000).toFixed(2)} s, extra ${(extra.at(-1)! / 1000).toFixed(3)} s/run`);
}
const m = median(extra);
console.log(`slurm: ${RUNS}-run sweep, ${cores} at once: local median ${(median(local) / 1000).toFixed(2)} s, slurm median ${(median(slurm) / 1000).toFixed(2)} s; extra per run median ${(m / 1000).toFixed(3)} s (goal < 1 s) ${m < 1000 ? 'OK' : 'OVER'}`);
