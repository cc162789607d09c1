// Cell-to-result latency of a hello program on each bundled target, cold and
// warm build cache, next to the bare pipeline (the same compiler and QEMU
// command run by a shell script, bench/bare-<pack>.sh) in the same run, with
// the ratio. Runs alternate bootbook / bare so host noise hits both alike.
//
//   npm run bench            (BENCH_RUNS=N to change the number of rounds; default 7)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPacks } from '../server/src/engine/packs/load.js';
import { repoRoot } from '../server/src/engine/paths.js';
import { runProgram } from '../server/src/engine/run.js';
import { median } from 'simple-statistics';

const rounds = Number(process.env.BENCH_RUNS ?? 7);
const { packs } = loadPacks();

function timeShell(argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  // The bare boot ends through isa-debug-exit: status 0 from the guest is exit code 1.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

async function benchPack(name: string): Promise<void> {
  const pack = packs.get(name)!;
  const bare = join(repoRoot, 'bench', `bare-${name}.sh`);
  const file = join(pack.dir, pack.manifest.examples![0]!.file);
  const text = readFileSync(file, 'utf8');
  const work = mkdtempSync(join(tmpdir(), 'bootbook-bench-'));
  const rows = { bootbookCold: [] as number[], bareCold: [] as number[], bootbookWarm: [] as number[], bareWarm: [] as number[] };
  try {
    // One run first: prepares the pack, probes the accelerator, and gives the QEMU argv.
    const [first] = await runProgram(packs, { source: { text, displayName: 'hello.c' }, target: { pack: name } });
    if (first?.status !== 'ok') throw new Error(`${name}: the example did not run: ${first?.reason}`);
    const argv = first.runner.argv!;
    const initrdAt = argv.indexOf('-initrd') + 1;
    for (let i = 0; i < rounds; i++) {
      // Cold: a program text never seen before, so bootbook compiles; bare always compiles.
      const nonce = `\n/* bench ${process.pid}-${i} */\n`;
      let t0 = performance.now();
      const [cold] = await runProgram(packs, { source: { text: text + nonce, displayName: 'hello.c' }, target: { pack: name } });
      rows.bootbookCold.push(performance.now() - t0);
      if (cold?.status !== 'ok' || cold.timings.buildCached) throw new Error(`${name}: cold run was not a fresh ok build`);
      const out = join(work, `cold-${i}`);
      const src = join(work, `hello-${i}.c`);
      spawnSync('sh', ['-c', 'cat > "$1"', 'sh', src], { input: text + nonce });
      t0 = performance.now();
      timeShell([bare, 'build', src, out]);
      const bootArgv = [...argv];
      if (initrdAt > 0) bootArgv[initrdAt] = join(out, 'initramfs.cpio');
      timeShell([bare, 'boot', ...bootArgv]);
      rows.bareCold.push(performance.now() - t0);

      // Warm: the same program again (bootbook: cache hit), the same image (bare: boot only).
      t0 = performance.now();
      const [warm] = await runProgram(packs, { source: { text, displayName: 'hello.c' }, target: { pack: name } });
      rows.bootbookWarm.push(performance.now() - t0);
      if (warm?.status !== 'ok' || !warm.timings.buildCached) throw new Error(`${name}: warm run was not a cached ok build`);
      rows.bareWarm.push(timeShell([bare, 'boot', ...bootArgv]));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const m = { bootbookCold: median(rows.bootbookCold), bareCold: median(rows.bareCold), bootbookWarm: median(rows.bootbookWarm), bareWarm: median(rows.bareWarm) };
  const fmt = (x: number) => `${Math.round(x)} ms`;
  console.log(`${name} (${first_arch(name)}, ${rounds} rounds, medians; accel/clock as bootbook chose: see runner in --json)`);
  console.log(`  cold  bootbook ${fmt(m.bootbookCold)}  bare ${fmt(m.bareCold)}  ratio ${(m.bootbookCold / m.bareCold).toFixed(2)}x`);
  console.log(`  warm  bootbook ${fmt(m.bootbookWarm)}  bare ${fmt(m.bareWarm)}  ratio ${(m.bootbookWarm / m.bareWarm).toFixed(2)}x  (goal <= 1.30x)`);
  console.log(`  warm cell-to-result: ${fmt(m.bootbookWarm)} (goal for linux under TCG: < 2000 ms)`);
}

function first_arch(name: string): string {
  return packs.get(name)!.manifest.architectures[0]!;
}

for (const name of packs.keys()) {
  if (!existsSync(join(repoRoot, 'bench', `bare-${name}.sh`))) {
    console.log(`${name}: no bench/bare-${name}.sh yet; skipped`);
    continue;
  }
  await benchPack(name);
}
