// Which accelerator boots kernels faster on this host. /dev/kvm existing is not
// enough: a nested (paravirtual) KVM can emulate guest ring-0 code one
// instruction at a time and lose to TCG by orders of magnitude, so 'auto' boots
// a tiny ring-0 probe (probe/probe.S) under both and keeps the faster. Probing
// costs seconds, so a decision is cached in memory and on disk for 7 days.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { release } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { killTree, trackProcess } from '../../cleanup.js';
import { BootbookError, isBootbookError } from '../../errors.js';
import { execCapture } from '../../exec.js';
import { cacheRoot, repoRoot } from '../../paths.js';
import type { Accel } from './config.js';

export interface AccelDecision {
  accel: Accel;
  /** The -cpu model KVM accepts here (some nested KVMs abort on `-cpu host`). */
  kvmCpu?: string;
  reason: string;
  tcgMs?: number;
  kvmMs?: number;
  measuredAt: string;
}

type Mode = 'auto' | 'kvm';

// The .S/.ld live only in the source tree (dist/ has no assembly).
const probeDir = join(repoRoot, 'server/src/engine/runners/qemu/probe');
const MACHINE = 'microvm,x-option-roms=off,rtc=off,pit=off,pic=off,acpi=off';
const KVM_CPUS = ['host', 'host,-arch-capabilities', 'kvm64'] as const;
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const RUNS = 3;
const TCG_LIMIT_MS = 10_000;
const NESTED_NOTE = 'tcg is faster here (nested KVM emulates guest kernel code)';

const decided = new Map<string, AccelDecision>();
const inFlight = new Map<string, Promise<AccelDecision>>();

export async function chooseAccel(requested: 'auto' | 'tcg' | 'kvm', qemuBinary = 'qemu-system-x86_64'): Promise<AccelDecision> {
  if (requested === 'tcg') return { accel: 'tcg', reason: 'tcg was requested', measuredAt: now() };
  const problem = await kvmProblem();
  if (problem) {
    if (requested === 'kvm') throw new BootbookError('bad-usage', `--accel kvm: ${problem}; use --accel tcg or auto`);
    return { accel: 'tcg', reason: `no usable KVM: ${problem}`, measuredAt: now() };
  }
  return once(`${requested}\n${qemuBinary}`, () => (requested === 'kvm' ? decideKvm(qemuBinary) : decideAuto(qemuBinary)));
}

/** One probe per mode and binary at a time; later callers share its answer. */
async function once(key: string, make: () => Promise<AccelDecision>): Promise<AccelDecision> {
  const known = decided.get(key);
  if (known && fresh(known)) return known;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = make()
      .then((d) => (decided.set(key, d), d))
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function decideKvm(binary: string): Promise<AccelDecision> {
  try {
    const key = await hostKey(binary);
    const hit = await cached('kvm', key);
    if (hit) return hit;
    const { cpu, failed } = await findKvmCpu(binary);
    const d: AccelDecision = { accel: 'kvm', kvmCpu: cpu, reason: `kvm was requested; -cpu ${cpu} boots${failed.length ? ` (${failed.join('; ')})` : ''}`, measuredAt: now() };
    await store({ [`kvm\n${key}`]: d });
    return d;
  } catch (e) {
    if (isBootbookError(e)) throw e;
    throw new BootbookError('prepare-failed', `--accel kvm: ${message(e)}`, 'use --accel tcg or auto');
  }
}

// Never throws: whatever fails, tcg works everywhere, and the reason says why.
async function decideAuto(binary: string): Promise<AccelDecision> {
  try {
    const key = await hostKey(binary);
    const hit = await cached('auto', key);
    if (hit) return hit;
    const { cpu } = await findKvmCpu(binary);
    const elf = await buildProbe();
    let tcgMs = Infinity;
    for (let i = 0; i < RUNS; i++) tcgMs = Math.min(tcgMs, expectExit(await boot(binary, 'tcg', undefined, elf, TCG_LIMIT_MS), 'tcg'));
    tcgMs = Math.round(tcgMs);
    // Past 20x TCG, KVM has lost whatever the exact number: stop paying for it.
    const limit = Math.max(2000, 20 * tcgMs);
    let kvmMs = Infinity;
    for (let i = 0; i < RUNS; i++) {
      const b = await boot(binary, 'kvm', cpu, elf, limit);
      if (b.timedOut) break;
      kvmMs = Math.min(kvmMs, expectExit(b, `kvm -cpu ${cpu}`));
    }
    const d: AccelDecision =
      kvmMs === Infinity
        ? { accel: 'tcg', reason: `kvm over ${limit} ms vs tcg ${tcgMs} ms for the ring-0 probe: ${NESTED_NOTE}`, tcgMs, measuredAt: now() }
        : kvmMs < tcgMs
          ? { accel: 'kvm', kvmCpu: cpu, reason: `kvm ${Math.round(kvmMs)} ms vs tcg ${tcgMs} ms for the ring-0 probe: kvm is faster`, tcgMs, kvmMs: Math.round(kvmMs), measuredAt: now() }
          : { accel: 'tcg', reason: `kvm ${Math.round(kvmMs)} ms vs tcg ${tcgMs} ms for the ring-0 probe: ${NESTED_NOTE}`, tcgMs, kvmMs: Math.round(kvmMs), measuredAt: now() };
    const kvm: AccelDecision = { accel: 'kvm', kvmCpu: cpu, reason: `-cpu ${cpu} boots (found by the auto probe)`, measuredAt: d.measuredAt };
    await store({ [`auto\n${key}`]: d, [`kvm\n${key}`]: kvm });
    return d;
  } catch (e) {
    return { accel: 'tcg', reason: `the accelerator probe failed, using tcg: ${message(e)}`, measuredAt: now() };
  }
}

async function kvmProblem(): Promise<string | undefined> {
  try {
    await (await open('/dev/kvm', 'r+')).close();
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? '/dev/kvm is missing' : `/dev/kvm is not accessible read-write (${code ?? message(e)})`;
  }
}

/** The first CPU model that boots the 1-iteration probe: `host` aborts on some nested KVMs (MSR 0x10a). */
async function findKvmCpu(binary: string): Promise<{ cpu: string; failed: string[] }> {
  const elf = await buildProbe(1);
  const failed: string[] = [];
  for (const cpu of KVM_CPUS) {
    const b = await boot(binary, 'kvm', cpu, elf, TCG_LIMIT_MS);
    if (b.code === 1) return { cpu, failed };
    failed.push(`-cpu ${cpu}: ${describe(b)}`);
  }
  throw new Error(`no CPU model boots under kvm: ${failed.join('; ')}`);
}

/** The cache key: a different QEMU, kernel or CPU can change the answer. */
async function hostKey(binary: string): Promise<string> {
  const r = await execCapture([binary, '--version'], { timeoutMs: 10_000 });
  const version = r.stdout.split('\n')[0]?.trim();
  if (r.code !== 0 || !version) throw new Error(`${binary} --version failed: ${r.spawnError ?? (r.stderr.trim() || `exit ${r.code}`)}`);
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown cpu';
  return `${version}\n${release()}\n${model}`;
}

const cacheFile = () => join(cacheRoot(), 'accel-probe.json');

async function readCache(): Promise<Record<string, AccelDecision>> {
  try {
    const data = JSON.parse(await readFile(cacheFile(), 'utf8')) as { decisions?: Record<string, AccelDecision> };
    return data.decisions ?? {};
  } catch {
    return {}; // missing or corrupt: probe again
  }
}

async function cached(mode: Mode, key: string): Promise<AccelDecision | undefined> {
  const d = (await readCache())[`${mode}\n${key}`];
  return d && fresh(d) ? d : undefined;
}

async function store(entries: Record<string, AccelDecision>): Promise<void> {
  const decisions = { ...(await readCache()), ...entries };
  for (const [k, d] of Object.entries(decisions)) if (!fresh(d)) delete decisions[k];
  await mkdir(cacheRoot(), { recursive: true });
  await writeAtomic(cacheFile(), JSON.stringify({ version: 1, decisions }, null, 2) + '\n');
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/** Assemble and link the probe once per source version and iteration count. */
export async function buildProbe(iterations?: number): Promise<string> {
  const source = join(probeDir, 'probe.S');
  const script = join(probeDir, 'probe.ld');
  const hash = createHash('sha256')
    .update(await readFile(source))
    .update('\0')
    .update(await readFile(script))
    .update(`\0${iterations ?? 'default'}`)
    .digest('hex');
  const dir = join(cacheRoot(), 'probe');
  const elf = join(dir, `${hash}.elf`);
  if (await stat(elf).then(() => true, () => false)) return elf;
  await mkdir(dir, { recursive: true });
  const tmp = `${elf}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    const defs = iterations === undefined ? [] : ['--defsym', `ITERATIONS=${iterations}`];
    await tool(['as', '--64', ...defs, '-o', `${tmp}.o`, source]);
    await tool(['ld', '-m', 'elf_x86_64', '-T', script, '-o', `${tmp}.elf`, `${tmp}.o`]);
    await rename(`${tmp}.elf`, elf);
    return elf;
  } finally {
    await rm(`${tmp}.o`, { force: true });
    await rm(`${tmp}.elf`, { force: true });
  }
}

async function tool(argv: string[]): Promise<void> {
  const r = await execCapture(argv, { timeoutMs: 30_000 });
  if (r.spawnError) throw new BootbookError('missing-tool', `cannot run ${argv[0]} to build the accelerator probe: ${r.spawnError}`, 'install binutils');
  if (r.code !== 0) throw new Error(`${argv[0]} failed on the probe: ${r.stderr.trim() || `exit ${r.code}`}`);
}

interface Boot {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  timedOut: boolean;
  stderr: string;
  spawnError?: string;
  limitMs: number;
}

/** Boot the probe once and time it from spawn to exit, killing it past limitMs. */
function boot(binary: string, accel: Accel, cpu: string | undefined, elf: string, limitMs: number): Promise<Boot> {
  const argv = ['-M', MACHINE, '-accel', accel, ...(cpu ? ['-cpu', cpu] : [])];
  argv.push('-nodefaults', '-nographic', '-monitor', 'none', '-serial', 'stdio', '-no-reboot');
  argv.push('-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-kernel', elf);
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(binary, argv, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    trackProcess(child);
    let stderr = '';
    let timedOut = false;
    let ms = 0;
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4096) stderr += d.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, limitMs);
    child.once('exit', () => (ms = performance.now() - start));
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, ms: 0, timedOut, stderr, spawnError: e.message, limitMs });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms, timedOut, stderr, limitMs });
    });
  });
}

function expectExit(b: Boot, what: string): number {
  if (b.code !== 1) throw new Error(`the probe did not exit cleanly under ${what}: ${describe(b)}`);
  return b.ms;
}

function describe(b: Boot): string {
  if (b.spawnError) return b.spawnError;
  if (b.timedOut) return `no exit within ${b.limitMs} ms`;
  const last = b.stderr.trim().split('\n').slice(-2).join(' / ');
  return `exit ${b.code ?? b.signal}${last ? `: ${last}` : ''}`;
}

const now = () => new Date().toISOString();
const fresh = (d: AccelDecision) => Date.now() - Date.parse(d.measuredAt) < MAX_AGE_MS;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
