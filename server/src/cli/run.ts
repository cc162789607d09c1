// `bootbook run FILE.c --target PACK ...`
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BootbookError } from '../engine/errors.js';
import { withOverlays, type Overlay } from '../engine/packs/overlay.js';
import { runProgram, sourceFromText, type AccelChoice } from '../engine/run.js';
import type { Clock } from '../engine/runners/qemu/config.js';
import { parseSlurmOptions } from '../engine/runners/slurm/config.js';
import { runnerFor } from '../engine/runners/select.js';
import type { Runner } from '../engine/runners/types.js';
import { parseAssignments } from '../engine/target.js';
import { packsOrWarn } from './context.js';
import { formatRuns } from './format.js';

interface RunFlags {
  target: string;
  arch?: string;
  opt: string[];
  param: string[];
  repeat: string;
  clock: Clock;
  accel: AccelChoice;
  timeout: string;
  maxConsole: string;
  json?: boolean;
  quiet?: boolean;
  sweep: string[];
  skipMissing?: boolean;
  store: boolean;
  chart?: string;
  runner?: 'qemu' | 'slurm';
  slurm: string[];
  overlay: string[];
}

/**
 * --overlay PACK:PATH=FILE: FILE's text replaces (or adds) PATH in PACK for this command,
 * as a notebook's `%%file PACK:PATH` cell does (docs/overlays.md).
 */
function overlaysFromFlags(flags: RunFlags): Overlay[] {
  return flags.overlay.map((spec) => {
    const m = /^([^:=\s]+):([^=]+)=(.+)$/.exec(spec);
    if (!m) throw new BootbookError('bad-usage', `--overlay ${spec}: write it as PACK:PATH=FILE, e.g. --overlay kite:src/sched/sched.c=my-sched.c`);
    return { pack: m[1]!, path: m[2]!, content: readSource(m[3]!) };
  });
}

/** --runner and --slurm k=v (--slurm alone implies --runner slurm). */
function runnerFromFlags(flags: RunFlags): Runner | undefined {
  const fail = (why: string): never => {
    throw new BootbookError('bad-usage', `--slurm: ${why}`);
  };
  if (flags.runner === 'qemu' && flags.slurm.length) fail('slurm options need --runner slurm');
  if (flags.runner === 'slurm' || flags.slurm.length) return runnerFor({ kind: 'slurm', options: parseSlurmOptions(flags.slurm, fail) });
  return runnerFor(flags.runner === 'qemu' ? { kind: 'qemu' } : undefined);
}

function readSource(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder, not a C file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new BootbookError('bad-source', `cannot read ${file}: ${why}`);
  }
}

function positiveNumber(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new BootbookError('bad-usage', `${what} "${text}" must be a positive number`);
  return n;
}

export async function runCommand(file: string, flags: RunFlags): Promise<void> {
  const source = sourceFromText(readSource(file), file === '-' ? 'stdin.c' : file);
  // A program's folder may carry its own packs/ (docs/pack-sources.md).
  const packs = withOverlays(packsOrWarn(file === '-' ? undefined : dirname(resolve(file))), overlaysFromFlags(flags));
  const request = {
    target: { pack: flags.target, arch: flags.arch, options: parseAssignments(flags.opt, 'option') },
    params: parseAssignments(flags.param, 'parameter'),
    repeat: positiveNumber(flags.repeat, '--repeat'),
    clock: flags.clock,
    accel: flags.accel,
    timeoutS: positiveNumber(flags.timeout, '--timeout'),
    maxConsoleBytes: positiveNumber(flags.maxConsole, '--max-console'),
    runner: runnerFromFlags(flags),
  };
  if (flags.sweep.length) {
    const { sweepCommand } = await import('./sweep.js');
    return sweepCommand(packs, source, request, flags);
  }
  const records = await runProgram(packs, {
    source,
    ...request,
    onStage: flags.json || !process.stderr.isTTY ? undefined : (stage, detail) => process.stderr.write(`\r\x1b[K${stage}${detail ? `: ${detail}` : ''}`),
  });
  if (!flags.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  if (flags.json) {
    for (const r of records) process.stdout.write(JSON.stringify(r) + '\n');
  } else {
    const r0 = records[0]!;
    process.stdout.write(formatRuns(records, `${source.displayName} on ${r0.target.pack} (${r0.target.arch})`, !flags.quiet) + '\n');
  }
  // Exit status: 0 when every run is ok, 1 otherwise (the records say why).
  process.exitCode = records.every((r) => r.status === 'ok') ? 0 : 1;
}
