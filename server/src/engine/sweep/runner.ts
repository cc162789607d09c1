// Running a planned sweep: one image per distinct build input (built in turn,
// while earlier images already boot), every run through the shared pool (one
// boot per core), each finished run reported at once (so a store can keep it
// and a cell can show it), progress with an estimate of the time left. A point
// that fails (build error, crash, timeout) is recorded and the sweep goes on;
// cancelling stops queued and running boots and keeps the finished runs.
import { setMaxListeners } from 'node:events';
import type { ProgramSource } from '../build/build.js';
import { BootbookError, isBootbookError } from '../errors.js';
import { hostFacts } from '../host.js';
import { bootImages, buildImage, sharedRunner, unbuiltRecord, type BootItem, type Image } from '../image.js';
import type { Pack } from '../packs/types.js';
import type { RunRecord } from '../record.js';
import type { Clock } from '../runners/qemu/config.js';
import { checkRequest, DEFAULT_MAX_CONSOLE, DEFAULT_TIMEOUT_S, type RunSettings } from '../run.js';
import { bootbookVersion } from '../version.js';
import type { SweepPlan, SweepPoint } from './plan.js';

export interface SweepProgress {
  done: number;
  total: number;
  failed: number;
  /** Seconds left, from the pace so far; null until a run has finished. */
  etaS: number | null;
  stage: 'building' | 'booting' | 'done' | 'cancelled';
  /** Runs taken from an earlier, interrupted attempt at the same sweep. */
  resumed: number;
}

export interface SweepRun {
  point: SweepPoint;
  record: RunRecord;
  /** True when the run came from the store (an earlier attempt), not from this one. */
  resumed?: boolean;
}

export interface SweepRequest extends RunSettings {
  source: ProgramSource;
  plan: SweepPlan;
  repeat: number;
  /** Finished runs of an earlier attempt, by runKey(): not run again. */
  finished?: ReadonlyMap<string, RunRecord>;
  onProgress?: (p: SweepProgress) => void;
  /** Each run as it finishes (not for cancelled runs: those are not finished). */
  onRun?: (run: SweepRun) => void;
}

export interface SweepResult {
  plan: SweepPlan;
  /** Every run, in plan order (point, then repeat). */
  runs: SweepRun[];
  cancelled: boolean;
  failed: number;
}

export const runKey = (pointKey: string, repeat: number) => `${pointKey}#${repeat}`;

/**
 * Check each distinct target once, before anything is built: bad input changes nothing.
 * Every target the program cannot run on is reported together (with how many points it
 * would have had), so a sweep across targets is fixed in one go, not one error at a time.
 */
export function checkSweep(packs: ReadonlyMap<string, Pack>, req: SweepRequest): void {
  const checked = new Map<string, { error?: BootbookError; points: number }>();
  for (const p of req.plan.points) {
    const id = `${p.target.pack.manifest.name}/${p.target.arch}`;
    const seen = checked.get(id);
    if (seen) {
      seen.points++;
      continue;
    }
    const entry: { error?: BootbookError; points: number } = { points: 1 };
    checked.set(id, entry);
    try {
      checkRequest(packs, { source: req.source, target: { pack: p.target.pack.manifest.name, arch: p.target.arch, options: p.target.options }, repeat: req.repeat, clock: req.clock, timeoutS: req.timeoutS });
    } catch (e) {
      // Only an incompatible target is collected; any other bad input is the same for every point.
      if (!isBootbookError(e) || e.code !== 'missing-interface') throw e;
      entry.error = e;
    }
  }
  const bad = [...checked].filter(([, c]) => c.error);
  if (!bad.length) return;
  const points = bad.reduce((n, [, c]) => n + c.points, 0);
  const ok = [...checked].filter(([, c]) => !c.error).map(([id]) => id);
  throw new BootbookError(
    'missing-interface',
    `${points} of ${req.plan.points.length} sweep points cannot build, nothing was run:\n` +
      bad.map(([id, c]) => `  ${id} (${c.points} point${c.points === 1 ? '' : 's'}): ${c.error!.message}`).join('\n'),
    ok.length ? `the program runs on ${ok.join(', ')}: sweep only those targets` : undefined,
  );
}

/** An image whose build threw (a pack that could not be prepared...): its points fail, the sweep goes on. */
function thrownImage(point: SweepPoint, clock: Clock, e: unknown): Extract<Image, { ok: false }> {
  const message = isBootbookError(e) || e instanceof Error ? e.message : String(e);
  const m = point.target.pack.manifest;
  return {
    ok: false,
    target: point.target,
    clock,
    status: 'build-error',
    reason: message,
    diagnostics: [{ severity: 'error', message, inProgram: false }],
    buildMs: 0,
    provenance: { packHash: point.target.pack.hash, packVersion: m.version, compiler: 'unknown', host: hostFacts(), bootbook: bootbookVersion(), createdAt: new Date().toISOString() },
  };
}

export async function runSweep(packs: ReadonlyMap<string, Pack>, req: SweepRequest): Promise<SweepResult> {
  checkSweep(packs, req);
  // Every queued and running boot listens for the cancel: hundreds of listeners are expected here.
  if (req.signal) setMaxListeners(0, req.signal);
  const clock = req.clock ?? 'real';
  const { plan, repeat } = req;
  const total = plan.points.length * repeat;
  const slots: (SweepRun | undefined)[] = new Array(total);
  let done = 0;
  let failed = 0;
  let resumed = 0;
  let stage: SweepProgress['stage'] = 'building';
  let firstBoot: number | undefined;
  let bootedHere = 0;

  const progress = () => {
    const left = total - done;
    // Pace of this attempt only: resumed runs cost nothing and would make the estimate too hopeful.
    const etaS = bootedHere && firstBoot !== undefined ? ((performance.now() - firstBoot) / 1000 / bootedHere) * left : null;
    req.onProgress?.({ done, total, failed, etaS: etaS === null ? null : Math.round(etaS), stage, resumed });
  };
  const finish = (slot: number, run: SweepRun, fresh: boolean) => {
    slots[slot] = run;
    if (run.record.status === 'cancelled') return;
    done++;
    if (run.record.status !== 'ok') failed++;
    if (fresh) {
      bootedHere++;
      req.onRun?.(run);
    }
    progress();
  };

  for (const point of plan.points)
    for (let r = 0; r < repeat; r++) {
      const old = req.finished?.get(runKey(point.key, r));
      if (!old) continue;
      resumed++;
      finish(point.index * repeat + r, { point, record: old, resumed: true }, false);
    }
  progress();

  const groups = new Map<string, SweepPoint[]>();
  for (const p of plan.points) groups.set(p.buildKey, [...(groups.get(p.buildKey) ?? []), p]);
  const boots: Promise<void>[] = [];
  const runner = req.runner ?? sharedRunner();
  const batch: { item: BootItem; slot: number; point: SweepPoint }[] | undefined = runner.bootMany ? [] : undefined;
  for (const group of groups.values()) {
    const todo = group.flatMap((point) => Array.from({ length: repeat }, (_, r) => ({ point, r })).filter(({ r }) => !slots[point.index * repeat + r]));
    if (!todo.length) continue;
    const started = performance.now();
    let img: Image;
    try {
      img = await buildImage({ target: group[0]!.target, source: req.source, clock, accel: req.accel, signal: req.signal });
    } catch (e) {
      img = thrownImage(group[0]!, clock, e);
    }
    for (const { point, r } of todo) {
      const slot = point.index * repeat + r;
      if (!img.ok) {
        // unbuiltRecord takes the first point's target: give each point its own.
        finish(slot, { point, record: { ...unbuiltRecord({ ...img, target: point.target }, point.params, r, performance.now() - started) } }, true);
        continue;
      }
      const item: BootItem = {
        img: { ...img, target: point.target },
        params: point.params,
        repeat: r,
        o: { timeoutMs: (req.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000, maxConsoleBytes: req.maxConsoleBytes ?? DEFAULT_MAX_CONSOLE, signal: req.signal, beforeBootMs: performance.now() - started },
      };
      if (batch) {
        batch.push({ item, slot, point });
        continue;
      }
      firstBoot ??= performance.now();
      boots.push(bootImages(runner, [item])[0]!.then((record) => finish(slot, { point, record }, true)));
    }
    if (req.signal?.aborted) break;
  }
  // A batch runner gets the whole sweep as one submission (Slurm: one job array).
  if (batch?.length && !req.signal?.aborted) {
    firstBoot ??= performance.now();
    const records = bootImages(runner, batch.map((b) => b.item));
    batch.forEach((b, i) => boots.push(records[i]!.then((record) => finish(b.slot, { point: b.point, record }, true))));
  }
  stage = 'booting';
  progress();
  await Promise.all(boots);
  const cancelled = !!req.signal?.aborted;
  stage = cancelled ? 'cancelled' : 'done';
  progress();
  // Runs never started (cancelled before their image was built) still get a record that says so.
  const runs = plan.points.flatMap((point) =>
    Array.from({ length: repeat }, (_, r) => slots[point.index * repeat + r] ?? { point, record: cancelledRecord(point, r, clock) }),
  );
  return { plan, runs, cancelled, failed };
}

function cancelledRecord(point: SweepPoint, r: number, clock: Clock): RunRecord {
  const img = thrownImage(point, clock, 'cancelled before the run booted');
  return unbuiltRecord({ ...img, status: 'cancelled', diagnostics: [] }, point.params, r, 0);
}

