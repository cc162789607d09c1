// `bootbook doctor`: each host tool, present or not, its version, and the exact
// command that installs what is missing; then the Slurm client commands and
// whether a cluster answers (information only: the slurm runner is optional).
import { installCommand, requiredTools, toolVersion } from '../engine/tools.js';
import { packsOrWarn } from './context.js';
import { compactTable } from './format.js';
import { checkSlurm } from './slurm.js';

export async function doctorCommand(flags: { json?: boolean }): Promise<void> {
  const tools = requiredTools(packsOrWarn().values());
  const rows = await Promise.all(tools.map(async (t) => ({ ...t, version: t.path ? await toolVersion(t.command) : undefined })));
  const missing = rows.filter((t) => !t.path);
  const slurm = await checkSlurm();
  const install = missing.length ? `${process.getuid?.() === 0 ? '' : 'sudo '}${installCommand(missing)}` : undefined;
  if (flags.json) {
    process.stdout.write(JSON.stringify({ tools: rows, missing: missing.map((t) => t.command), install, slurm }, null, 2) + '\n');
  } else {
    const table = compactTable(['tool', 'status', 'version', 'Debian package', 'needed by']);
    for (const t of rows) table.push([t.command, t.path ? 'ok' : 'MISSING', t.version ?? '', t.debianPackage, t.packs.join(', ')]);
    process.stdout.write(table.toString() + '\n');
    process.stdout.write(install ? `Install what is missing with:\n  ${install}\n` : 'Every tool is installed.\n');
    const absent = slurm.commands.filter((c) => !c.path).map((c) => c.command);
    process.stdout.write(
      `Slurm (for --runner slurm): ${absent.length ? `missing ${absent.join(', ')} (Debian: slurm-client)` : 'client commands present'}; cluster ${slurm.cluster.answers ? `answers: ${slurm.cluster.detail}` : `does not answer: ${slurm.cluster.detail}`}\n`,
    );
  }
  process.exitCode = missing.length ? 1 : 0;
}
