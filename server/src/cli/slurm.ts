// `bootbook slurm reservations`; the Slurm checks themselves live with the runner
// (engine/runners/slurm/cluster.ts) so the server's Cluster panel shares them.
import { listReservations } from '../engine/runners/slurm/cluster.js';

export { checkSlurm, listReservations, parseReservations, SLURM_COMMANDS, type Reservation, type SlurmCheck } from '../engine/runners/slurm/cluster.js';

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
