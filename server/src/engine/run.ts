// One program on one target: check every input first (so bad input leaves
// nothing behind), prepare the pack, build the image once, boot it `repeat`
// times through the runner, and turn each boot into a run record. The build and
// boot halves live in image.ts, shared with sweeps.
import { join } from 'node:path';
import type { ProgramSource } from './build/build.js';
import { BootbookError } from './errors.js';
import type { GuestEvent } from './guest/protocol.js';
import { bootImages, buildImage, sharedRunner, unbuiltRecord, type AccelChoice } from './image.js';
import { checkInterfaces } from './interfaces.js';
import { withOverlays, type Overlay } from './packs/overlay.js';
import type { Pack } from './packs/types.js';
import type { RunRecord } from './record.js';
import type { Clock } from './runners/qemu/config.js';
import type { Runner } from './runners/types.js';
import { checkParams, resolveTarget, type Target, type TargetRequest } from './target.js';
import { ensureTools } from './tools.js';

export type { AccelChoice } from './image.js';
export type Stage = 'preparing' | 'building' | 'booting' | 'done';

/** How runs boot: shared by single runs and sweeps. */
export interface RunSettings {
  clock?: Clock;
  timeoutS?: number;
  accel?: AccelChoice;
  maxConsoleBytes?: number;
  signal?: AbortSignal;
  /** Where boots go; default: the process-wide pool (one boot per core). */
  runner?: Runner;
}

export interface RunRequest extends RunSettings {
  source: ProgramSource;
  target: TargetRequest;
  params?: Record<string, string>;
  repeat?: number;
  /** Notebook overlays (`%%file PACK:PATH` cells): files written over packs for this run only. */
  overlays?: readonly Overlay[];
  onStage?: (stage: Stage, detail?: string) => void;
  onEvent?: (repeat: number, e: GuestEvent) => void;
  onConsole?: (repeat: number, text: string) => void;
}

export const DEFAULT_TIMEOUT_S = 30;
export const DEFAULT_MAX_CONSOLE = 1 << 20;
const MAX_TIMEOUT_S = 24 * 3600;

/** Everything that can be refused before any work starts. */
export function checkRequest(packs: ReadonlyMap<string, Pack>, req: RunRequest): { target: Target; params: Record<string, number> } {
  if (!req.source.text.trim()) throw new BootbookError('bad-source', `${req.source.displayName} is empty: there is no program to run`);
  const target = resolveTarget(packs, req.target);
  const params = checkParams(req.params ?? {});
  const repeat = req.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10_000) throw new BootbookError('bad-usage', `repeat ${repeat} is not valid; use a whole number from 1 to 10000`);
  const t = req.timeoutS ?? DEFAULT_TIMEOUT_S;
  if (!(t > 0 && t <= MAX_TIMEOUT_S)) throw new BootbookError('bad-usage', `timeout ${t} is not valid; use seconds from 1 to ${MAX_TIMEOUT_S}`);
  const boot = target.pack.manifest.boot[target.arch]!;
  if ((req.clock ?? 'real') === 'icount' && boot.icount === false)
    throw new BootbookError('bad-usage', `${target.pack.manifest.name} (${target.arch}) does not support the icount clock; use --clock real`);
  if (req.clock && req.clock !== 'real' && req.clock !== 'icount') throw new BootbookError('bad-usage', `clock "${req.clock}" is not valid; use real or icount`);
  checkInterfaces(req.source.text, req.source.displayName, target.pack, packs);
  ensureTools(target.pack);
  return { target, params };
}

export async function runProgram(allPacks: ReadonlyMap<string, Pack>, req: RunRequest): Promise<RunRecord[]> {
  const started = performance.now();
  const packs = withOverlays(allPacks, req.overlays ?? []);
  const { target, params } = checkRequest(packs, req);
  const repeat = req.repeat ?? 1;
  const clock = req.clock ?? 'real';

  req.onStage?.('preparing');
  const img = await buildImage({
    target,
    source: req.source,
    clock,
    accel: req.accel,
    signal: req.signal,
    onPrepare: (m) => req.onStage?.('preparing', m),
    onBuilding: () => req.onStage?.('building'),
  });
  if (!img.ok) {
    const ms = performance.now() - started;
    return Array.from({ length: repeat }, (_, i) => unbuiltRecord(img, params, i, ms));
  }
  // A run's total is everything before the boot plus its own boot, not the time it queued for a core.
  const beforeBootMs = performance.now() - started;
  req.onStage?.('booting', `${repeat} run${repeat > 1 ? 's' : ''}`);
  // Repeats go as one batch: one job array on a batch runner, the pool locally.
  const records = await Promise.all(
    bootImages(
      req.runner ?? sharedRunner(),
      Array.from({ length: repeat }, (_, i) => ({
        img,
        params,
        repeat: i,
        o: {
          timeoutMs: (req.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000,
          maxConsoleBytes: req.maxConsoleBytes ?? DEFAULT_MAX_CONSOLE,
          signal: req.signal,
          beforeBootMs,
          onEvent: (e: GuestEvent) => req.onEvent?.(i, e),
          onConsole: (t: string) => req.onConsole?.(i, t),
        },
      })),
    ),
  );
  req.onStage?.('done');
  return records;
}

/** The program from a file on disk, for `bootbook run FILE.c`. */
export function sourceFromText(text: string, path: string): ProgramSource {
  return { text, displayName: join(path).split('/').pop() ?? path };
}
