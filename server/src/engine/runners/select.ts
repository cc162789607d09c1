// Which runner a run uses: the cell's %runner or `--runner`, else the per-user
// default (~/.config/bootbook/runner.json), else the local QEMU pool. Options
// of the user's slurm default are the base that a cell's or command's own
// slurm options override.
import type { Runner } from './types.js';
import { userRunnerDefault, type RunnerSpec } from './slurm/config.js';
import { SlurmRunner } from './slurm/runner.js';

export function resolveRunnerSpec(explicit?: RunnerSpec): RunnerSpec {
  const user = userRunnerDefault();
  if (!explicit) return user ?? { kind: 'qemu' };
  if (explicit.kind === 'slurm' && user?.kind === 'slurm') return { kind: 'slurm', options: { ...user.options, ...explicit.options } };
  return explicit;
}

/** The runner for a spec; undefined means the process-wide local pool. */
export function runnerFor(explicit?: RunnerSpec): Runner | undefined {
  const spec = resolveRunnerSpec(explicit);
  return spec.kind === 'slurm' ? new SlurmRunner(spec.options) : undefined;
}
