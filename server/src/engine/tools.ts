// Host tools: which commands a pack needs, whether they are on PATH, their
// versions, and the apt-get command that installs what is missing.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { BootbookError } from './errors.js';
import type { Pack } from './packs/types.js';

const run = promisify(execFile);

export function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** First line of `command --version` (or `-version`/`-V`), or undefined. */
export async function toolVersion(command: string): Promise<string | undefined> {
  for (const flag of ['--version', '-V']) {
    try {
      const { stdout, stderr } = await run(command, [flag], { timeout: 5000 });
      const line = (stdout || stderr).split('\n').find((l) => l.trim());
      if (line) return line.trim();
    } catch (e) {
      const out = (e as { stdout?: string; stderr?: string }).stdout || (e as { stderr?: string }).stderr;
      const line = out?.split('\n').find((l) => /\d+\.\d+/.test(l));
      if (line) return line.trim();
    }
  }
  return undefined;
}

export interface ToolStatus {
  command: string;
  debianPackage: string;
  path?: string;
  packs: string[];
}

/** Every tool needed by the given packs, once, with the packs that need it. */
export function requiredTools(packs: Iterable<Pack>): ToolStatus[] {
  const byCommand = new Map<string, ToolStatus>();
  for (const pack of packs) {
    for (const [command, debianPackage] of Object.entries(pack.manifest.tools)) {
      const entry = byCommand.get(command) ?? { command, debianPackage, path: which(command), packs: [] };
      entry.packs.push(pack.manifest.name);
      byCommand.set(command, entry);
    }
  }
  return [...byCommand.values()].sort((a, b) => a.command.localeCompare(b.command));
}

export function installCommand(missing: readonly ToolStatus[]): string {
  const pkgs = [...new Set(missing.map((t) => t.debianPackage))].sort();
  return `apt-get update && apt-get install -y ${pkgs.join(' ')}`;
}

/** Throw a clear error naming the Debian packages when a pack's tools are missing. */
export function ensureTools(pack: Pack): void {
  const missing = requiredTools([pack]).filter((t) => !t.path);
  if (missing.length) {
    throw new BootbookError(
      'missing-tool',
      `${pack.manifest.name} needs ${missing.map((t) => `${t.command} (Debian package ${t.debianPackage})`).join(', ')}, not found on PATH`,
      `install with: ${process.getuid?.() === 0 ? '' : 'sudo '}${installCommand(missing)}`,
    );
  }
}
