// The Slurm cluster for the front end's Cluster panel (extension/src/cluster/):
// thin HTTP over engine/runners/slurm/overview.ts. No Slurm here is a 200 with
// `available: false` and the reason, never a 500: most users have no cluster.
import { slurmCluster, type ClusterSource } from '../../engine/runners/slurm/overview.js';
import { route, type Route } from '../router.js';

export function slurmRoutes(cluster: ClusterSource = slurmCluster): Route[] {
  return [
    // GET /bootbook/api/slurm - whether Slurm answers; partitions, nodes, reservations, accounting, the user's default runner
    route('GET', '/bootbook/api/slurm', async () => ({ status: 200, json: await cluster.overview() })),
    // GET /bootbook/api/slurm/jobs - bootbook's jobs in the queue with their states (polled while the panel shows)
    route('GET', '/bootbook/api/slurm/jobs', async () => ({ status: 200, json: await cluster.jobs() })),
  ];
}
