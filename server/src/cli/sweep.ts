// `bootbook run FILE.c --sweep k=v1,v2 --sweep target=linux,kite ...`: the same
// sweep a notebook cell runs, from the command line; results kept in
// ./.bootbook/results.sqlite (an interrupted sweep resumes), summary printed,
// and the chart written with --chart FILE.png|.svg|.json.
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { ProgramSource } from '../engine/build/build.js';
import { BootbookError } from '../engine/errors.js';
import type { AccelChoice } from '../engine/image.js';
import type { Pack } from '../engine/packs/types.js';
import type { Clock } from '../engine/runners/qemu/config.js';
import type { Runner } from '../engine/runners/types.js';
import { parseAxes, planSweep } from '../engine/sweep/plan.js';
import type { TargetRequest } from '../engine/target.js';
import { renderChart } from '../plots/render.js';
import { sweepChart } from '../plots/spec.js';
import { runStoredSweep } from '../results/sweep.js';
import { progressText } from '../kernel/sweep-progress.js';
import { formatSweep } from './sweep-format.js';

export interface SweepFlags {
  sweep: string[];
  skipMissing?: boolean;
  store: boolean;
  chart?: string;
  json?: boolean;
}

export async function sweepCommand(
  packs: ReadonlyMap<string, Pack>,
  source: ProgramSource,
  req: { target: TargetRequest; params: Record<string, string>; repeat: number; clock: Clock; accel: AccelChoice; timeoutS: number; maxConsoleBytes: number; runner?: Runner },
  flags: SweepFlags,
): Promise<void> {
  const { axes, skipMissing } = parseAxes(flags.sweep, (why) => {
    throw new BootbookError('bad-usage', `--sweep: ${why}`);
  });
  const plan = planSweep(packs, { base: req.target, params: req.params, axes, skipMissing: skipMissing || flags.skipMissing, repeat: req.repeat });
  const tty = !flags.json && process.stderr.isTTY;
  const out = await runStoredSweep(packs, {
    source,
    plan,
    repeat: req.repeat,
    clock: req.clock,
    accel: req.accel,
    timeoutS: req.timeoutS,
    maxConsoleBytes: req.maxConsoleBytes,
    runner: req.runner,
    root: flags.store ? process.cwd() : undefined,
    label: source.displayName,
    onProgress: tty ? (p) => process.stderr.write(`\r\x1b[K${progressText(p, 'sweep')}`) : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  if (flags.json) for (const r of out.result.runs) process.stdout.write(JSON.stringify(r.record) + '\n');
  else {
    process.stdout.write(formatSweep(out.summary) + '\n');
    if (out.resumed) process.stdout.write(`resumed: ${out.resumed} runs came from an earlier, interrupted attempt\n`);
  }
  if (flags.chart) {
    const spec = sweepChart(out.summary);
    const ext = extname(flags.chart).toLowerCase();
    if (ext === '.json') writeFileSync(flags.chart, JSON.stringify(spec, null, 1) + '\n');
    else {
      const { svg, png } = await renderChart(spec);
      writeFileSync(flags.chart, ext === '.svg' ? svg : png);
    }
    if (!flags.json) process.stdout.write(`chart: ${flags.chart}\n`);
  }
  process.exitCode = out.summary.failed === 0 && !out.result.cancelled ? 0 : 1;
}
