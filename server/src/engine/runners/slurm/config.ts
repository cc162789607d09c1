// The slurm runner's options: parsed from `%runner slurm k=v ... exclusive`,
// `bootbook run --runner slurm --slurm k=v`, and the per-user default in
// ~/.config/bootbook/runner.json; rendered to sbatch flags in one place.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BootbookError } from '../../errors.js';
import { cacheRoot } from '../../paths.js';

export interface SlurmOptions {
  partition?: string;
  reservation?: string;
  account?: string;
  qos?: string;
  /** Slurm's --time (minutes, or [D-]HH:MM:SS); default: the run's timeout rounded up, plus a minute. */
  time?: string;
  exclusive?: boolean;
  /** At most this many array tasks at once (--array=0-N%limit); default 16. */
  limit?: number;
  /** How many times a run lost to NODE_FAIL is submitted again; default 1. */
  retries?: number;
  /** A folder every node can read and write (a shared file system at real sites). */
  staging?: string;
}

export type RunnerSpec = { kind: 'qemu' } | { kind: 'slurm'; options: SlurmOptions };

export const SLURM_KEYS = ['partition', 'reservation', 'account', 'qos', 'time', 'exclusive', 'limit', 'retries', 'staging'] as const;
const TIME = /^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+(:\d{2}(:\d{2})?)?)$/;
const NAME = /^[A-Za-z0-9_.,+-]+$/;

/** `k=v` words and the bare flag `exclusive`; `fail` gets a message naming what is valid. */
export function parseSlurmOptions(words: readonly string[], fail: (why: string) => never): SlurmOptions {
  const o: SlurmOptions = {};
  for (const w of words) {
    if (w === 'exclusive') {
      o.exclusive = true;
      continue;
    }
    const eq = w.indexOf('=');
    const k = eq > 0 ? w.slice(0, eq) : w;
    const v = eq > 0 ? w.slice(eq + 1) : '';
    if (!(SLURM_KEYS as readonly string[]).includes(k)) fail(`unknown slurm option "${k}"; valid: ${SLURM_KEYS.map((x) => (x === 'exclusive' ? x : `${x}=`)).join(' ')}`);
    if (eq <= 0 || v === '') fail(`slurm option ${k} needs a value: ${k}=...`);
    switch (k) {
      case 'time':
        if (!TIME.test(v)) fail(`slurm time "${v}" is not valid; use minutes (10) or [D-]HH:MM:SS`);
        o.time = v;
        break;
      case 'limit':
      case 'retries': {
        const n = /^\d+$/.test(v) ? Number(v) : NaN;
        if (!(n >= (k === 'limit' ? 1 : 0) && n <= 10_000)) fail(`slurm ${k} "${v}" must be a whole number${k === 'limit' ? ' from 1' : ''}`);
        o[k] = n;
        break;
      }
      case 'exclusive':
        if (v !== 'true' && v !== 'false') fail('slurm exclusive takes no value (or true/false)');
        o.exclusive = v === 'true';
        break;
      case 'staging':
        o.staging = v;
        break;
      default:
        if (!NAME.test(v)) fail(`slurm ${k} "${v}" is not a valid name`);
        (o as Record<string, string>)[k] = v;
    }
  }
  return o;
}

/** Where staged images and outputs go: the option, else $BOOTBOOK_SLURM_STAGING, else <cache>/slurm-staging. */
export function stagingRoot(o: SlurmOptions): string {
  return o.staging ?? process.env.BOOTBOOK_SLURM_STAGING ?? join(cacheRoot(), 'slurm-staging');
}

/** Minutes for --time when none is given: the engine's own timeout stops the run first. */
export function defaultTime(timeoutMs: number): string {
  return String(Math.ceil(timeoutMs / 60_000) + 1);
}

/** sbatch flags for the options (not --array, --output, the script). */
export function sbatchFlags(o: SlurmOptions, timeoutMs: number): string[] {
  const f = ['--parsable', '--no-requeue', '--job-name=bootbook'];
  if (o.partition) f.push(`--partition=${o.partition}`);
  if (o.reservation) f.push(`--reservation=${o.reservation}`);
  if (o.account) f.push(`--account=${o.account}`);
  if (o.qos) f.push(`--qos=${o.qos}`);
  f.push(`--time=${o.time ?? defaultTime(timeoutMs)}`);
  if (o.exclusive) f.push('--exclusive');
  return f;
}

/** The per-user default: $BOOTBOOK_RUNNER_CONFIG, else $XDG_CONFIG_HOME/bootbook/runner.json, else ~/.config/bootbook/runner.json. */
export function userRunnerConfigPath(): string {
  const env = process.env;
  if (env.BOOTBOOK_RUNNER_CONFIG) return env.BOOTBOOK_RUNNER_CONFIG;
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'bootbook', 'runner.json');
}

/** `{"runner": "slurm", "slurm": {"partition": "debug", "exclusive": true}}`; undefined when there is no file. */
export function userRunnerDefault(): RunnerSpec | undefined {
  const path = userRunnerConfigPath();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const fail = (why: string): never => {
    throw new BootbookError('bad-usage', `${path}: ${why}`);
  };
  let j: { runner?: unknown; slurm?: unknown };
  try {
    j = JSON.parse(text) as typeof j;
  } catch {
    return fail('not valid JSON');
  }
  if (j.runner === undefined || j.runner === 'qemu') return j.runner ? { kind: 'qemu' } : undefined;
  if (j.runner !== 'slurm') return fail(`runner "${String(j.runner)}" is not valid; use qemu or slurm`);
  const s = (j.slurm ?? {}) as Record<string, unknown>;
  const words = Object.entries(s).flatMap(([k, v]) => (k === 'exclusive' ? (v ? ['exclusive'] : []) : [`${k}=${String(v)}`]));
  return { kind: 'slurm', options: parseSlurmOptions(words, fail) };
}
