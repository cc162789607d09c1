// Slurm facts for `bootbook doctor` and `bootbook slurm reservations`.
import { execFileSync } from 'node:child_process';
import { BootbookError } from '../engine/errors.js';
import { slurmCmd } from '../engine/runners/slurm/runner.js';

export const SLURM_COMMANDS = ['sbatch', 'squeue', 'scancel', 'sinfo', 'scontrol'] as const;

function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface SlurmCheck {
  commands: { command: string; path?: string }[];
  /** Whether `sinfo -h` answered within 5 s, and what it said. */
  cluster: { answers: boolean; detail: string };
}

export async function checkSlurm(): Promise<SlurmCheck> {
  const commands = SLURM_COMMANDS.map((command) => ({ command, path: which(command) }));
  if (!commands.find((c) => c.command === 'sinfo')?.path) return { commands, cluster: { answers: false, detail: 'sinfo is not installed' } };
  const r = await slurmCmd('sinfo', ['-h', '-o', '%P %a %D %T'], 5000);
  const detail = r.code === 0 ? r.stdout.trim().split('\n').join('; ') || 'no partitions' : (r.stderr.trim().split('\n').at(-1) ?? `sinfo exited ${r.code}`);
  return { commands, cluster: { answers: r.code === 0, detail } };
}

export interface Reservation {
  name: string;
  fields: Record<string, string>;
}

/** `scontrol show reservation` blocks of `Key=Value` words. */
export function parseReservations(text: string): Reservation[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => Object.fromEntries([...block.matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1]!, m[2]!])))
    .filter((f) => f.ReservationName)
    .map((fields) => ({ name: fields.ReservationName!, fields }));
}

export async function listReservations(): Promise<Reservation[]> {
  const r = await slurmCmd('scontrol', ['show', 'reservation'], 10_000);
  if (r.code === 127) throw new BootbookError('missing-tool', 'scontrol is not installed (the Slurm client commands are needed)');
  if (r.code !== 0) throw new BootbookError('bad-usage', `scontrol show reservation failed: ${r.stderr.trim()}`);
  return parseReservations(r.stdout);
}

export async function slurmReservationsCommand(flags: { json?: boolean }): Promise<void> {
  const list = await listReservations();
  if (flags.json) {
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return;
  }
  if (!list.length) {
    process.stdout.write('No reservations.\n');
    return;
  }
  for (const r of list) {
    const f = r.fields;
    process.stdout.write(`${r.name}: nodes ${f.Nodes ?? '?'}, ${f.StartTime ?? '?'} to ${f.EndTime ?? '?'}, users ${f.Users ?? '-'}, accounts ${f.Accounts ?? '-'}, flags ${f.Flags ?? '-'}, state ${f.State ?? '?'}\n`);
    process.stdout.write(`  use: %runner slurm reservation=${r.name}   or   bootbook run --runner slurm --slurm reservation=${r.name} ...\n`);
  }
}
