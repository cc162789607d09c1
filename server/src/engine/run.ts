// One program on one target: check every input first (so bad input leaves
// nothing behind), prepare the pack, build the image once, boot it `repeat`
// times through the runner, and turn each boot into a run record.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { build, type ProgramSource } from './build/build.js';
import { prepare } from './build/prepare.js';
import { BootbookError } from './errors.js';
import type { GuestEvent } from './guest/protocol.js';
import { decideStatus } from './guest/status.js';
import { clockVars, hostFacts } from './host.js';
import type { Pack } from './packs/types.js';
import type { RunRecord } from './record.js';
import { chooseAccel } from './runners/qemu/accel.js';
import type { Clock, QemuConfig } from './runners/qemu/config.js';
import { QemuRunner } from './runners/qemu/runner.js';
import type { BootResult, Runner } from './runners/types.js';
import { checkParams, resolveTarget, type Target, type TargetRequest } from './target.js';
import { expand } from './template.js';
import { checkInterfaces } from './interfaces.js';
import { ensureTools, toolVersion } from './tools.js';
import { bootbookVersion } from './version.js';

function positiveInt(text: string, where: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new BootbookError('invalid-pack', `${where}: "${text}" is not a CPU count`);
  return n;
}

export type AccelChoice = 'auto' | 'tcg' | 'kvm';
export type Stage = 'preparing' | 'building' | 'booting' | 'done';

export interface RunRequest {
  source: ProgramSource;
  target: TargetRequest;
  params?: Record<string, string>;
  repeat?: number;
  clock?: Clock;
  timeoutS?: number;
  accel?: AccelChoice;
  maxConsoleBytes?: number;
  signal?: AbortSignal;
  onStage?: (stage: Stage, detail?: string) => void;
  onEvent?: (repeat: number, e: GuestEvent) => void;
  onConsole?: (repeat: number, text: string) => void;
}

export const DEFAULT_TIMEOUT_S = 30;
export const DEFAULT_MAX_CONSOLE = 1 << 20;
const MAX_TIMEOUT_S = 24 * 3600;

let defaultRunner: Runner | undefined;
function runner(): Runner {
  return (defaultRunner ??= new QemuRunner());
}

const qemuVersions = new Map<string, Promise<string | undefined>>();

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

function baseRecord(target: Target, params: Record<string, number>, repeat: number): Omit<RunRecord, 'status' | 'timings' | 'runner' | 'provenance'> {
  return {
    id: randomUUID(),
    target: { pack: target.pack.manifest.name, version: target.pack.manifest.version, arch: target.arch, options: target.options },
    params,
    repeat,
    exitCode: null,
    metrics: [],
    paramsRead: [],
    console: '',
    consoleTruncated: false,
    diagnostics: [],
    warnings: [],
    image: null,
  };
}

export async function runProgram(packs: ReadonlyMap<string, Pack>, req: RunRequest): Promise<RunRecord[]> {
  const started = performance.now();
  const { target, params } = checkRequest(packs, req);
  const repeat = req.repeat ?? 1;
  const clock = req.clock ?? 'real';
  const manifest = target.pack.manifest;
  const boot = manifest.boot[target.arch]!;
  const createdAt = new Date().toISOString();

  req.onStage?.('preparing');
  const prepared = await prepare(target.pack, target.arch, (m) => req.onStage?.('preparing', m));
  req.onStage?.('building');
  const built = await build(target, req.source, prepared, req.signal);

  let qv = qemuVersions.get(boot.qemu);
  if (!qv) qemuVersions.set(boot.qemu, (qv = toolVersion(boot.qemu)));
  const provenance = {
    packHash: target.pack.hash,
    packVersion: manifest.version,
    preparedVersion: prepared.version,
    compiler: built.compiler,
    qemu: await qv,
    host: hostFacts(),
    bootbook: bootbookVersion(),
    createdAt,
  };

  if (req.signal?.aborted) {
    // Interrupted while building: the compiler was stopped; nothing booted.
    const ms = Math.round(performance.now() - started);
    return Array.from({ length: repeat }, (_, i) => ({
      ...baseRecord(target, params, i),
      status: 'cancelled' as const,
      reason: 'cancelled before the run booted',
      timings: { buildMs: Math.round(built.ms), bootMs: null, totalMs: ms, buildCached: false },
      runner: { kind: 'qemu', accel: 'none', clock },
      provenance,
    }));
  }
  if (!built.ok) {
    const ms = performance.now() - started;
    return Array.from({ length: repeat }, (_, i) => ({
      ...baseRecord(target, params, i),
      status: 'build-error' as const,
      reason: 'the program did not compile',
      diagnostics: built.diagnostics,
      timings: { buildMs: Math.round(built.ms), bootMs: null, totalMs: Math.round(ms), buildCached: false },
      runner: { kind: 'qemu', accel: 'none', clock },
      provenance,
    }));
  }

  // icount counts instructions only under TCG; otherwise the measured probe decides.
  const allowed = boot.accel ?? ['tcg'];
  if (clock === 'icount' && req.accel === 'kvm') throw new BootbookError('bad-usage', 'the icount clock needs the tcg accelerator (QEMU cannot count instructions under KVM); drop --accel kvm or use --clock real');
  const requested: AccelChoice = clock === 'icount' ? 'tcg' : req.accel ?? 'auto';
  if (requested === 'kvm' && !allowed.includes('kvm')) throw new BootbookError('bad-usage', `${manifest.name} (${target.arch}) cannot boot under kvm; use --accel tcg`);
  const decision = allowed.includes('kvm') && target.arch === 'x86_64' ? await chooseAccel(requested) : { accel: 'tcg' as const, reason: 'the pack boots under tcg only' };

  const vars = {
    ...Object.fromEntries(Object.entries(target.options)),
    ...clockVars(clock),
    prepared: prepared.dir,
    image: built.dir,
    pack: target.pack.dir,
    arch: target.arch,
  };
  const where = `${manifest.name} pack.json boot.${target.arch}`;
  const paramWords = Object.entries(params).map(([k, v]) => `bb.${k}=${v}`);
  const cmdline = [boot.cmdline ? expand(boot.cmdline, vars, `${where}.cmdline`) : '', expand(boot.clockCmdline?.[clock] ?? '', vars, `${where}.clockCmdline`), ...paramWords]
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const qemu: QemuConfig = {
    binary: boot.qemu,
    machine: boot.machine,
    accel: decision.accel,
    cpu: decision.accel === 'kvm' ? ('kvmCpu' in decision ? decision.kvmCpu : undefined) ?? boot.cpu : boot.cpu,
    memory: boot.memory ? expand(boot.memory, vars, `${where}.memory`) : undefined,
    smp: boot.smp ? positiveInt(expand(boot.smp, vars, `${where}.smp`), `${where}.smp`) : undefined,
    clock,
    kernel: expand(boot.kernel, vars, `${where}.kernel`),
    initrd: boot.initrd ? expand(boot.initrd, vars, `${where}.initrd`) : undefined,
    cmdline,
    exit: boot.exit,
    extraArgs: (boot.args ?? []).map((a) => expand(a, vars, `${where}.args`)),
  };

  // A run's total is everything before the boot plus its own boot, not the time it queued for a core.
  const beforeBootMs = performance.now() - started;
  req.onStage?.('booting', `${repeat} run${repeat > 1 ? 's' : ''}`);
  const boots = await Promise.all(
    Array.from({ length: repeat }, (_, i) =>
      runner().boot({
        qemu,
        exit: boot.exit,
        timeoutMs: (req.timeoutS ?? DEFAULT_TIMEOUT_S) * 1000,
        maxConsoleBytes: req.maxConsoleBytes ?? DEFAULT_MAX_CONSOLE,
        signal: req.signal,
        onEvent: (e) => req.onEvent?.(i, e),
        onConsole: (t) => req.onConsole?.(i, t),
      }),
    ),
  );
  req.onStage?.('done');
  return boots.map((b, i) => toRecord(baseRecord(target, params, i), b, boot.exit, {
    buildMs: built.ms,
    buildCached: built.cached,
    warnings: built.warnings,
    image: { sha256: built.sha256, bytes: built.bytes },
    runner: { kind: 'qemu', accel: decision.accel, accelReason: decision.reason, clock, machine: qemu.machine, cmdline, argv: b.argv },
    provenance,
    beforeBootMs,
  }));
}

function toRecord(
  base: ReturnType<typeof baseRecord>,
  b: BootResult,
  exit: Parameters<typeof decideStatus>[2],
  extra: { buildMs: number; buildCached: boolean; warnings: RunRecord['diagnostics']; image: RunRecord['image']; runner: RunRecord['runner']; provenance: RunRecord['provenance']; beforeBootMs: number },
): RunRecord {
  const verdict = decideStatus(b.output.events, b.end, exit);
  const metrics = b.output.events.flatMap((e) => (e.k === 'metric' ? [{ name: e.name, value: Number.isFinite(e.value) ? e.value : null, unit: e.unit }] : []));
  const paramsRead = b.output.events.flatMap((e) => (e.k === 'param' ? [{ name: e.name, value: e.value, default: e.default }] : []));
  let consoleText = b.output.console.text;
  if (verdict.status === 'runner-error' && b.end.stderr.trim()) consoleText += `\n[QEMU] ${b.end.stderr.trim()}\n`;
  return {
    ...base,
    status: verdict.status,
    reason: verdict.reason,
    exitCode: verdict.exitCode,
    metrics,
    paramsRead,
    console: consoleText,
    consoleTruncated: b.output.console.truncated,
    warnings: verdict.warning ? [...b.output.warnings, verdict.warning] : b.output.warnings,
    image: extra.image,
    diagnostics: extra.warnings,
    timings: { buildMs: Math.round(extra.buildMs), bootMs: b.bootMs === undefined ? null : Math.round(b.bootMs), totalMs: Math.round(extra.beforeBootMs + b.totalMs), buildCached: extra.buildCached },
    runner: { ...extra.runner, ...b.runner, kind: extra.runner.kind },
    provenance: extra.provenance,
  };
}

/** The program from a file on disk, for `bootbook run FILE.c`. */
export function sourceFromText(text: string, path: string): ProgramSource {
  return { text, displayName: join(path).split('/').pop() ?? path };
}
