// Where runs ran, in one phrase for results: "ran on slurm: node n3 (reservation=r1; job 12)".
// Local runs say nothing here (their output stays as it always was).
import type { RunRecord } from '../../record.js';

export function whereRan(records: readonly Pick<RunRecord, 'runner'>[]): string {
  const slurm = records.filter((r) => r.runner.kind === 'slurm');
  if (!slurm.length) return '';
  const set = (k: string) => [...new Set(slurm.map((r) => r.runner[k]).filter((v): v is string => typeof v === 'string' && v !== ''))];
  const nodes = set('node');
  const opts = [...set('partition').map((p) => `partition=${p}`), ...set('reservation').map((r) => `reservation=${r}`)];
  const jobs = set('arrayJobId');
  const parts = [opts.join(' '), jobs.length ? `job${jobs.length > 1 ? 's' : ''} ${jobs.join(', ')}` : ''].filter(Boolean).join('; ');
  return `ran on slurm: ${nodes.length ? `node${nodes.length > 1 ? 's' : ''} ${nodes.join(', ')}` : 'no node'}${parts ? ` (${parts})` : ''}`;
}
