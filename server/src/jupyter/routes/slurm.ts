// The Slurm cluster for the front end's Cluster panel (extension/src/cluster/):
// thin HTTP over engine/runners/slurm/overview.ts. No Slurm here is a 200 with
// `available: false` and the reason, never a 500: most users have no cluster.
// Cancelling is the one write: its refusals are JSON 4xx/503 errors that say why.
import type { CancelOutcome } from '../../engine/runners/slurm/cancel.js';
import { slurmCluster, type ClusterSource } from '../../engine/runners/slurm/overview.js';
import { route, type Route } from '../router.js';

const CANCEL_STATUS: Record<Exclude<CancelOutcome, { ok: true }>['problem'], number> = {
  'bad-id': 400,
  'not-bootbook': 403,
  'not-found': 404,
  ended: 409,
  'scancel-failed': 409,
  unavailable: 503,
};

export function slurmRoutes(cluster: ClusterSource = slurmCluster): Route[] {
  return [
    // GET /bootbook/api/slurm - whether Slurm answers; partitions, nodes, reservations, accounting, the user's default runner
    route('GET', '/bootbook/api/slurm', async () => ({ status: 200, json: await cluster.overview() })),
    // GET /bootbook/api/slurm/jobs - bootbook's jobs in the queue with their states (polled while the panel shows)
    route('GET', '/bootbook/api/slurm/jobs', async () => ({ status: 200, json: await cluster.jobs() })),
    // POST /bootbook/api/slurm/jobs/:id/cancel - scancel one of bootbook's jobs (123), array tasks (123_4) or arrays (123)
    route('POST', '/bootbook/api/slurm/jobs/:id/cancel', async (ctx) => {
      const r = await cluster.cancel(ctx.params.id ?? '');
      if (r.ok) return { status: 200, json: { jobId: r.jobId, cancelled: r.cancelled } };
      return { status: CANCEL_STATUS[r.problem], json: { message: r.message, reason: r.problem } };
    }),
  ];
}
