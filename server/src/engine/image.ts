// The two halves of a run, shared by one-program runs (run.ts) and sweeps
// (sweep/runner.ts): build an image once for a target (prepare, build, choose
// the accelerator, fill the QEMU command), then boot it with one set of
// parameters as often as needed. Parameters go in at boot, so one image serves
// every parameter point of a sweep.
import { randomUUID } from 'node:crypto';
import { build, type ProgramSource } from './build/build.js';
import { prepare } from './build/prepare.js';
import { assertTrusted } from './packs/trust.js';
import { BootbookError } from './errors.js';
import type { GuestEvent } from './guest/protocol.js';
import { decideStatus } from './guest/status.js';
import { clockVars, hostFacts } from './host.js';
import type { RunRecord } from './record.js';
import { chooseAccel } from './runners/qemu/accel.js';
import type { Clock, QemuConfig } from './runners/qemu/config.js';
import { QemuRunner } from './runners/qemu/runner.js';
import type { BootRequest, BootResult, Runner } from './runners/types.js';
import type { Target } from './target.js';
import { expand } from './template.js';
import { toolVersion } from './tools.js';
import { bootbookVersion } from './version.js';

export type AccelChoice = 'auto' | 'tcg' | 'kvm';

let defaultRunner: Runner | undefined;
/** The process-wide local pool: one boot per core, shared by every cell and sweep. */
export function sharedRunner(): Runner {
  return (defaultRunner ??= new QemuRunner());
}

const qemuVersions = new Map<string, Promise<string | undefined>>();

function positiveInt(text: string, where: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new BootbookError('invalid-pack', `${where}: "${text}" is not a CPU count`);
  return n;
}

export interface ImageRequest {
  target: Target;
  source: ProgramSource;
  clock: Clock;
  accel?: AccelChoice;
  signal?: AbortSignal;
  onPrepare?: (detail: string) => void;
  onBuilding?: () => void;
}

/** A built image ready to boot, or why it is not (build error, cancelled while building). */
export type Image =
  | { ok: true; target: Target; clock: Clock; qemu: Omit<QemuConfig, 'cmdline'>; cmdlineBase: string; accelReason: string; accelChoice?: BootRequest['accelChoice']; buildMs: number; buildCached: boolean; warnings: RunRecord['diagnostics']; image: { sha256: string; bytes: number }; provenance: RunRecord['provenance'] }
  | { ok: false; target: Target; clock: Clock; status: 'build-error' | 'cancelled'; reason: string; diagnostics: RunRecord['diagnostics']; buildMs: number; provenance: RunRecord['provenance'] };

export async function buildImage(req: ImageRequest): Promise<Image> {
  const { target, clock } = req;
  const manifest = target.pack.manifest;
  const boot = manifest.boot[target.arch]!;
  const createdAt = new Date().toISOString();
  // A pack from elsewhere runs its own commands in prepare and build: only with the user's trust.
  assertTrusted(target.pack);
  const prepared = await prepare(target.pack, target.arch, (m) => req.onPrepare?.(m));
  req.onBuilding?.();
  const built = await build(target, req.source, prepared, req.signal);
  let qv = qemuVersions.get(boot.qemu);
  if (!qv) qemuVersions.set(boot.qemu, (qv = toolVersion(boot.qemu)));
  const provenance: RunRecord['provenance'] = {
    packHash: target.pack.hash,
    packVersion: manifest.version,
    preparedVersion: prepared.version,
    compiler: built.compiler,
    qemu: await qv,
    host: hostFacts(),
    bootbook: bootbookVersion(),
    createdAt,
  };
  // Interrupted while building: the compiler was stopped; nothing boots.
  if (req.signal?.aborted) return { ok: false, target, clock, status: 'cancelled', reason: 'cancelled before the run booted', diagnostics: [], buildMs: built.ms, provenance };
  if (!built.ok) return { ok: false, target, clock, status: 'build-error', reason: 'the program did not compile', diagnostics: built.diagnostics, buildMs: built.ms, provenance };

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
  const cmdlineBase = [boot.cmdline ? expand(boot.cmdline, vars, `${where}.cmdline`) : '', expand(boot.clockCmdline?.[clock] ?? '', vars, `${where}.clockCmdline`)].join(' ');
  const qemu: Omit<QemuConfig, 'cmdline'> = {
    binary: boot.qemu,
    machine: boot.machine,
    accel: decision.accel,
    cpu: decision.accel === 'kvm' ? ('kvmCpu' in decision ? decision.kvmCpu : undefined) ?? boot.cpu : boot.cpu,
    memory: boot.memory ? expand(boot.memory, vars, `${where}.memory`) : undefined,
    smp: boot.smp ? positiveInt(expand(boot.smp, vars, `${where}.smp`), `${where}.smp`) : undefined,
    clock,
    kernel: expand(boot.kernel, vars, `${where}.kernel`),
    initrd: boot.initrd ? expand(boot.initrd, vars, `${where}.initrd`) : undefined,
    exit: boot.exit,
    extraArgs: (boot.args ?? []).map((a) => expand(a, vars, `${where}.args`)),
  };
  return { ok: true, target, clock, qemu, cmdlineBase, accelReason: decision.reason, accelChoice: { requested, allowed, tcgCpu: boot.cpu }, buildMs: built.ms, buildCached: built.cached, warnings: built.warnings, image: { sha256: built.sha256, bytes: built.bytes }, provenance };
}

export function baseRecord(target: Target, params: Record<string, number>, repeat: number): Omit<RunRecord, 'status' | 'timings' | 'runner' | 'provenance'> {
  return {
    id: randomUUID(),
    target: { pack: target.pack.manifest.name, version: target.pack.manifest.version, arch: target.arch, options: target.options, ...(target.pack.overlay ? { overlays: target.pack.overlay.files } : {}) },
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

/** The record of a run that never booted because its image did not build (or the build was cancelled). */
export function unbuiltRecord(img: Extract<Image, { ok: false }>, params: Record<string, number>, repeat: number, totalMs: number): RunRecord {
  return {
    ...baseRecord(img.target, params, repeat),
    status: img.status,
    reason: img.reason,
    diagnostics: img.diagnostics,
    timings: { buildMs: Math.round(img.buildMs), bootMs: null, totalMs: Math.round(totalMs), buildCached: false },
    runner: { kind: 'qemu', accel: 'none', clock: img.clock },
    provenance: img.provenance,
  };
}

export interface BootRequestOptions {
  timeoutMs: number;
  maxConsoleBytes: number;
  signal?: AbortSignal;
  runner?: Runner;
  /** Time spent before this boot (preparing, building), counted in the record's totalMs. */
  beforeBootMs: number;
  onEvent?: (e: GuestEvent) => void;
  onConsole?: (text: string) => void;
}

/** What one boot of a built image with `params` asks the runner for. */
function bootRequestFor(img: Extract<Image, { ok: true }>, params: Record<string, number>, o: BootRequestOptions): { cmdline: string; req: BootRequest } {
  const paramWords = Object.entries(params).map(([k, v]) => `bb.${k}=${v}`);
  const cmdline = [img.cmdlineBase, ...paramWords].join(' ').replace(/\s+/g, ' ').trim();
  const qemu: QemuConfig = { ...img.qemu, cmdline };
  return { cmdline, req: { qemu, exit: qemu.exit, timeoutMs: o.timeoutMs, maxConsoleBytes: o.maxConsoleBytes, signal: o.signal, onEvent: o.onEvent, onConsole: o.onConsole, accelChoice: img.accelChoice } };
}

function recordFor(img: Extract<Image, { ok: true }>, params: Record<string, number>, repeat: number, o: BootRequestOptions, kind: string, cmdline: string, b: BootResult): RunRecord {
  return toRecord(baseRecord(img.target, params, repeat), b, img.qemu.exit, {
    buildMs: img.buildMs,
    buildCached: img.buildCached,
    warnings: img.warnings,
    image: img.image,
    runner: { kind, accel: img.qemu.accel, accelReason: img.accelReason, clock: img.clock, machine: img.qemu.machine, cmdline, argv: b.argv },
    provenance: img.provenance,
    beforeBootMs: o.beforeBootMs,
  });
}

/** Boot a built image once with `params` (through the pool) and make its record. */
export async function bootImage(img: Extract<Image, { ok: true }>, params: Record<string, number>, repeat: number, o: BootRequestOptions): Promise<RunRecord> {
  const runner = o.runner ?? sharedRunner();
  const { cmdline, req } = bootRequestFor(img, params, o);
  const b = await runner.boot(req);
  return recordFor(img, params, repeat, o, runner.kind, cmdline, b);
}

export interface BootItem {
  img: Extract<Image, { ok: true }>;
  params: Record<string, number>;
  repeat: number;
  o: BootRequestOptions;
}

/** Many boots as one submission when the runner can (Slurm: one job array), else one by one; a record promise per item. */
export function bootImages(runner: Runner, items: readonly BootItem[]): Promise<RunRecord>[] {
  if (!runner.bootMany) return items.map((it) => bootImage(it.img, it.params, it.repeat, { ...it.o, runner }));
  const reqs = items.map((it) => bootRequestFor(it.img, it.params, it.o));
  const results = runner.bootMany(reqs.map((r) => r.req));
  return items.map((it, i) => results[i]!.then((b) => recordFor(it.img, it.params, it.repeat, it.o, runner.kind, reqs[i]!.cmdline, b)));
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
