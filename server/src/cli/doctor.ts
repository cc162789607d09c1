// `bootbook doctor`: each host tool, present or not, its version, and the exact
// command that installs what is missing.
import { installCommand, requiredTools, toolVersion } from '../engine/tools.js';
import { packsOrWarn } from './context.js';
import { compactTable } from './format.js';

export async function doctorCommand(flags: { json?: boolean }): Promise<void> {
  const tools = requiredTools(packsOrWarn().values());
  const rows = await Promise.all(tools.map(async (t) => ({ ...t, version: t.path ? await toolVersion(t.command) : undefined })));
  const missing = rows.filter((t) => !t.path);
  const install = missing.length ? `${process.getuid?.() === 0 ? '' : 'sudo '}${installCommand(missing)}` : undefined;
  if (flags.json) {
    process.stdout.write(JSON.stringify({ tools: rows, missing: missing.map((t) => t.command), install }, null, 2) + '\n');
  } else {
    const table = compactTable(['tool', 'status', 'version', 'Debian package', 'needed by']);
    for (const t of rows) table.push([t.command, t.path ? 'ok' : 'MISSING', t.version ?? '', t.debianPackage, t.packs.join(', ')]);
    process.stdout.write(table.toString() + '\n');
    process.stdout.write(install ? `Install what is missing with:\n  ${install}\n` : 'Every tool is installed.\n');
  }
  process.exitCode = missing.length ? 1 : 0;
}
