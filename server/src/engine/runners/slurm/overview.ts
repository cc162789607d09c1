// The cluster as the front end's Cluster panel shows it: one answer that never
// throws. No Slurm here, or a controller that does not answer, is a normal
// state ("not available" with the reason), not an error: most users run on the
// local QEMU pool and have no cluster at all.
import { isBootbookError } from '../../errors.js';
import { checkSlurm, listPartitions, listQueuedJobs, listReservations, stateCounts, type ClusterNode, type Partition, type QueuedJob, type SlurmCheck } from './cluster.js';
import { userRunnerConfigPath, userRunnerDefault, type RunnerSpec } from './config.js';
import { accountingStatus } from './accounting.js';
import { cancelJob, type CancelOutcome } from './cancel.js';

export interface ReservationView {
  name: string;
  /** The node list as Slurm prints it ("n[3-4]"). */
  nodes: string;
  start: string;
  end: string;
  users: string;
  accounts: string;
  partition: string;
  flags: string;
  /** ACTIVE or INACTIVE (not started yet). */
  state: string;
  /** The directive that runs a cell inside it. */
  use: string;
}

export interface DefaultRunnerView {
  /** Where runs go when a cell has no %runner line: the user's runner.json, else the local pool. */
  spec: RunnerSpec;
  /** The file it came from (it may not exist: then the local pool is the default). */
  source: string;
  /** A runner.json that could not be read: what is wrong with it. */
  error?: string;
}

export interface ClusterOverview {
  /** Whether the Slurm client commands exist and the controller answers. */
  available: boolean;
  /** Why not, in one line, when it is not. */
  why?: string;
  check: SlurmCheck;
  partitions: Partition[];
  nodes: ClusterNode[];
  reservations: ReservationView[];
  accounting: { available: boolean; detail: string };
  defaultRunner: DefaultRunnerView;
  /** Parts that could not be read although the cluster answers. */
  errors: string[];
}

export interface JobsView {
  available: boolean;
  why?: string;
  jobs: QueuedJob[];
  /** Tasks per state, counting every task of a pending array range. */
  counts: Record<string, number>;
}

/** Reads the cluster for the panel; every method resolves, never rejects. */
export interface ClusterSource {
  overview(): Promise<ClusterOverview>;
  jobs(): Promise<JobsView>;
  /** Cancel one of bootbook's jobs (cancel.ts); resolves with why not when it may not or cannot. */
  cancel(jobId: string): Promise<CancelOutcome>;
}

export function defaultRunnerView(): DefaultRunnerView {
  const source = userRunnerConfigPath();
  try {
    return { spec: userRunnerDefault() ?? { kind: 'qemu' }, source };
  } catch (e) {
    return { spec: { kind: 'qemu' }, source, error: e instanceof Error ? e.message : String(e) };
  }
}

function unavailableWhy(check: SlurmCheck): string | undefined {
  const missing = check.commands.filter((c) => !c.path).map((c) => c.command);
  if (missing.length === check.commands.length) return 'Slurm is not installed here (no sbatch, squeue, sinfo, scontrol); cells run on the local QEMU pool';
  if (missing.length) return `Slurm client commands are missing: ${missing.join(', ')}`;
  if (!check.cluster.answers) return `the Slurm cluster does not answer: ${check.cluster.detail}`;
  return undefined;
}

/** The overview from the real client commands. */
export const slurmCluster: ClusterSource = {
  async overview() {
    const check = await checkSlurm();
    const why = unavailableWhy(check);
    const defaultRunner = defaultRunnerView();
    if (why) return { available: false, why, check, partitions: [], nodes: [], reservations: [], accounting: { available: false, detail: why }, defaultRunner, errors: [] };
    const errors: string[] = [];
    const [parts, resv, accounting] = await Promise.all([
      listPartitions(),
      listReservations().catch((e: unknown) => {
        errors.push(isBootbookError(e) || e instanceof Error ? e.message : String(e));
        return [];
      }),
      accountingStatus(),
    ]);
    if (parts.error) errors.push(parts.error);
    const reservations = resv.map((r): ReservationView => {
      const f = r.fields;
      const none = (v: string | undefined) => (!v || v === '(null)' ? '' : v);
      return { name: r.name, nodes: none(f.Nodes), start: none(f.StartTime), end: none(f.EndTime), users: none(f.Users), accounts: none(f.Accounts), partition: none(f.PartitionName), flags: none(f.Flags), state: none(f.State), use: `%runner slurm reservation=${r.name}` };
    });
    return { available: true, check, partitions: parts.partitions, nodes: parts.nodes, reservations, accounting, defaultRunner, errors };
  },
  // Polled while the panel is open: one squeue, nothing else.
  async jobs() {
    const { jobs, error } = await listQueuedJobs();
    if (error) return { available: false, why: error, jobs: [], counts: {} };
    return { available: true, jobs, counts: stateCounts(jobs) };
  },
  cancel: (jobId) => cancelJob(jobId, async () => unavailableWhy(await checkSlurm())),
};
