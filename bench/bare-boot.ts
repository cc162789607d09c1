// bare's boot-to-exit time on each of its architectures, and bare next to kite
// on x86_64, side by side. Each round boots the hello image of each target with
// the exact QEMU command bootbook uses (the record's runner.argv), alternating,
// so both see the same load; medians, the ratio, and the image sizes.
//
//   node dist/bench/bare-boot.js        (BENCH_RUNS=N, default 10)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from 'simple-statistics';
import { loadPacks } from '../server/src/engine/packs/load.js';
import { runProgram } from '../server/src/engine/run.js';
import type { Arch } from '../server/src/engine/packs/types.js';

const rounds = Number(process.env.BENCH_RUNS ?? 10);
const { packs } = loadPacks();
const bare = packs.get('bare');
if (!bare) throw new Error('no bare pack');

/** Wall time of one boot, QEMU start to exit; the guest must have said exit. */
function timed(argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (!r.stdout.includes('"k":"exit","status":0')) throw new Error(`${argv[0]} did not reach exit: ${r.stderr}${r.stdout.slice(-300)}`);
  return ms;
}

async function hello(pack: string, arch: Arch) {
  const text = readFileSync(join(packs.get(pack)!.dir, 'examples/hello.c'), 'utf8');
  const [r] = await runProgram(packs, { source: { text, displayName: 'hello.c' }, target: { pack, arch }, params: { n: '1000' }, accel: 'tcg' });
  if (r?.status !== 'ok') throw new Error(`${pack} ${arch} hello did not run: ${r?.reason}`);
  return { label: `${pack} ${arch}`, argv: r.runner.argv!, bytes: r.image!.bytes, ms: [] as number[] };
}

const targets = [];
for (const arch of bare.manifest.architectures) targets.push(await hello('bare', arch));
if (packs.get('kite')) targets.push(await hello('kite', 'x86_64'));
for (let i = 0; i < rounds; i++) for (const t of targets) t.ms.push(timed(t.argv));

console.log(`bare boot to exit (hello, n=1000, TCG, real clock, ${rounds} rounds alternating, medians)`);
for (const t of targets) console.log(`  ${t.label.padEnd(16)} ${median(t.ms).toFixed(1).padStart(7)} ms   image ${(t.bytes / 1024).toFixed(1)} KiB`);
const b = targets.find((t) => t.label === 'bare x86_64')!;
const k = targets.find((t) => t.label === 'kite x86_64');
if (k) console.log(`  kite / bare on x86_64: ${(median(k.ms) / median(b.ms)).toFixed(2)}x boot time, ${(k.bytes / b.bytes).toFixed(1)}x image size`);
