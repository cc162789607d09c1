// Whether a Slurm cluster answers here (scripts/slurm-local.sh start makes one).
// Outside CI the Slurm tests are skipped with the reason; in CI they must run.
import { execFileSync } from 'node:child_process';

function probe(): string | undefined {
  try {
    execFileSync('sinfo', ['-h'], { timeout: 5000, stdio: 'pipe' });
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') return 'sinfo is not installed (apt-get install slurm-wlm munge; scripts/slurm-local.sh start)';
    return `the Slurm cluster does not answer (${err.stderr?.toString().trim() || err.message}); start one with scripts/slurm-local.sh start`;
  }
}

const why = probe();
/** A test option: skip with the reason when there is no cluster and CI is not set. */
export const needsCluster: { skip?: string } = why && !process.env.CI ? { skip: why } : {};
